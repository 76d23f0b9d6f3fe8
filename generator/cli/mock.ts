/**
 * `extractgen mock [--port N] [--seed N]`: the mock provider on 127.0.0.1 (design.md §5), for
 * trying extractors without a key and for other programs' tests. Runs until SIGINT/SIGTERM.
 */
import type { CommandModule } from "yargs";
import type { MockProvider, MockRequest } from "../../runtime/testing/index.js";

export const DEFAULT_MOCK_PORT = 7357;

interface MockArgs {
  port: number;
  seed: number;
}

export const mockCommand: CommandModule<object, MockArgs> = {
  command: "mock",
  describe: "Run the mock provider on 127.0.0.1 (OpenAI, OpenAI Responses, Gemini and Anthropic dialects; JSON and SSE)",
  builder: (yargs) =>
    yargs
      .option("port", { type: "number", default: DEFAULT_MOCK_PORT, describe: "port to listen on (0: any free port)" })
      .option("seed", { type: "number", default: 1, describe: "seed of the sampled answers (same seed, same answers)" }),
  handler: async (args) => {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      console.error(`error EG_CONFIG --port: must be a whole number from 0 to 65535, got ${args.port}`);
      process.exitCode = 2;
      return;
    }
    if (!Number.isInteger(args.seed)) {
      console.error(`error EG_CONFIG --seed: must be a whole number, got ${args.seed}`);
      process.exitCode = 2;
      return;
    }
    await serveMock({ port: args.port, seed: args.seed }, (line) => console.log(line), untilSignal());
  },
};

/** Start the mock, print how to use it and one line per request, and stop when `stop` resolves. */
export async function serveMock(options: { port: number; seed: number }, log: (line: string) => void, stop: Promise<void>): Promise<MockProvider> {
  const { startMockProvider } = await import("../../runtime/testing/index.js");
  const mock = await startMockProvider({ ...options, onRequest: (r) => log(describeRequest(r)) });
  log(`extractgen mock provider on ${mock.url} (seed ${options.seed})`);
  log(`  EXTRACTGEN_BASE_URL=${mock.url} EXTRACTGEN_API_KEY=mock-key EXTRACTGEN_MODEL=mock-model`);
  log("  dialects: POST /v1/chat/completions, /v1/responses, /v1/messages, /v1beta/models/<model>:generateContent");
  log("Press Ctrl+C to stop.");
  void stop.then(() => mock.close());
  return mock;
}

function describeRequest(r: MockRequest): string {
  const what = r.dialect === undefined ? "unknown endpoint" : `${r.dialect}${r.stream ? " (stream)" : ""} model=${r.model ?? "?"}`;
  return `${r.method} ${r.path} ${what} -> ${r.status === -1 ? "dropped" : r.status}${r.step ? ` [${r.step.kind}]` : ""}`;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}
