/** The per-call benchmark's child processes: the fake server and one worker per client. */
import { type ChildProcess, fork } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientSetup } from "./client.js";
import type { BatchOrder, WorkerMessage } from "./client-process.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The next message from `child`, or a rejection if it exits first. */
function nextMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T): void => {
      child.off("exit", onExit);
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      child.off("message", onMessage);
      reject(new Error(`${what} exited (${code}) before answering`));
    };
    child.once("message", onMessage);
    child.once("exit", onExit);
  });
}

export interface FakeServer {
  baseURL: string;
  stop(): void;
}

/** Start the fake OpenAI server in its own process. */
export async function startFakeServer(): Promise<FakeServer> {
  const child = fork(join(here, "fake-openai.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const { port } = await nextMessage<{ port: number }>(child, "the fake server");
  return { baseURL: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

export interface ClientWorker {
  name: string;
  label: string;
  packages: readonly string[];
  run(order: BatchOrder): Promise<{ requests: number; cpuUs: number; wallMs: number }>;
  stop(): void;
}

/** Start the worker of client `name` (a file in clients/) and wait until it has checked itself. */
export async function startClientWorker(name: string, setup: ClientSetup): Promise<ClientWorker> {
  const child = fork(join(here, "client-process.js"), [name, JSON.stringify(setup)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = await nextMessage<WorkerMessage>(child, `client ${name}`);
  if (ready.type !== "ready") {
    child.kill();
    throw new Error(`client ${name} failed to start: ${ready.type === "failed" ? ready.message : ready.type}`);
  }
  return {
    name,
    label: ready.label,
    packages: ready.packages,
    async run(order) {
      child.send(order);
      const answer = await nextMessage<WorkerMessage>(child, `client ${name}`);
      if (answer.type !== "batch") throw new Error(`client ${name} failed: ${answer.type === "failed" ? answer.message : answer.type}`);
      return answer;
    },
    stop: () => child.kill(),
  };
}
