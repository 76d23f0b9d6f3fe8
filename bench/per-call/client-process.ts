/**
 * One client of the per-call benchmark, in a process of its own (forked by per-call.bench.ts), so
 * `process.cpuUsage()` here is this client's CPU and nothing else's. It sets the client up, checks
 * once that both calls return the invoice, then runs the batches the parent asks for, one at a
 * time, and answers each with its request count, CPU and wall time.
 *
 * argv: <client file name> <ClientSetup as JSON>
 */
import { isDeepStrictEqual } from "node:util";
import { readInvoiceReply } from "../invoice/invoice.js";
import { cpuSince } from "../report.js";
import type { BenchClient, ClientDefinition, ClientSetup } from "./client.js";

export type Mode = "json" | "sse";

/** Parent -> worker: run one batch. */
export interface BatchOrder {
  mode: Mode;
  concurrency: number;
  durationMs: number;
}

/** Worker -> parent. */
export type WorkerMessage =
  | { type: "ready"; label: string; packages: readonly string[] }
  | { type: "batch"; requests: number; cpuUs: number; wallMs: number }
  | { type: "failed"; message: string };

const [clientName = "", setupJson = "{}"] = process.argv.slice(2);

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** The invoice as a client returned it, minus instructor's `_meta`. */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object" || !("_meta" in value)) return value;
  const { _meta: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Call once each way and compare with the reply the server sends: a broken client measures nothing. */
async function checkClient(client: BenchClient): Promise<void> {
  const expected = readInvoiceReply();
  for (const [mode, got] of [["call", await client.call()], ["stream", await client.stream()]] as const) {
    if (!isDeepStrictEqual(plain(got), expected)) throw new Error(`${clientName} ${mode}() returned ${JSON.stringify(got)}`);
  }
}

/** Keep `concurrency` calls in flight until `durationMs` has passed; count, CPU and wall time. */
async function runBatch(client: BenchClient, order: BatchOrder): Promise<WorkerMessage> {
  const call = order.mode === "json" ? () => client.call() : () => client.stream();
  let requests = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const deadline = started + order.durationMs;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await call();
      requests++;
    }
  };
  await Promise.all(Array.from({ length: order.concurrency }, lane));
  return { type: "batch", requests, cpuUs: cpuSince(cpuStart), wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const definition = ((await import(`./clients/${clientName}.js`)) as { default: ClientDefinition }).default;
  const client = await definition.create(JSON.parse(setupJson) as ClientSetup);
  await checkClient(client);
  process.on("message", (order: BatchOrder) => {
    runBatch(client, order).then(send, (error: unknown) => send({ type: "failed", message: String((error as Error)?.stack ?? error) }));
  });
  send({ type: "ready", label: definition.label, packages: definition.packages });
}

process.on("disconnect", () => process.exit(0));
main().catch((error: unknown) => {
  send({ type: "failed", message: String((error as Error)?.stack ?? error) });
  process.exitCode = 1;
});
