/**
 * `extractgen run <Name>` (#7, design.md §5): batch extraction over a JSONL file with resume. This
 * file only declares the arguments; the handler loads the runner (run-batch.ts) when the command is
 * used, so other commands do not pay for loading the runtime and the schema loader.
 */
import type { Argv, CommandModule } from "yargs";
import type { ProviderName } from "../../runtime/index.js";

const PROVIDERS: readonly ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];

/** The parsed command line. */
export interface RunArgs {
  name: string;
  schemas?: string;
  config?: string;
  refMap?: string[];
  input: string;
  output: string;
  errors?: string;
  concurrency: number;
  maxRetries?: number;
  provider?: ProviderName;
  model?: string;
  baseUrl?: string;
  retryErrors: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: "run <name>",
  describe: "Extract from every line of a JSONL file; rerun the same command to resume",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("name", { type: "string", demandOption: true, describe: "extractor name (x-extractor.name, title or file name), e.g. Invoice or InvoiceV2" })
      .option("schemas", { type: "string", describe: "folder, file or glob of schema files (default: config, else schemas)" })
      .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
      .option("ref-map", { type: "string", array: true, describe: "<url-prefix>=<dir>: resolve remote $refs from a folder" })
      // nargs 1: yargs would otherwise leave a lone "-" (stdin) as a stray positional.
      .option("input", { type: "string", nargs: 1, demandOption: true, describe: 'JSONL input, one {"id", "text"} or {"id", "messages"} per line; - for stdin' })
      .option("output", { type: "string", demandOption: true, describe: 'JSONL output, appended to: {"id", "data"} per success' })
      .option("errors", { type: "string", describe: "JSONL errors file (default: <output>.errors.jsonl)" })
      .option("concurrency", { type: "number", default: 8, describe: "most calls in flight (fewer while the provider answers 429)" })
      .option("max-retries", { type: "number", describe: "transport retries per call (default 2)" })
      .option("provider", { type: "string", choices: PROVIDERS, describe: "wire dialect (default: EXTRACTGEN_PROVIDER, the schema, then openai)" })
      .option("model", { type: "string", describe: "model (default: EXTRACTGEN_MODEL, then the schema's x-extractor.model)" })
      .option("base-url", { type: "string", describe: "service root (default: EXTRACTGEN_BASE_URL or OPENAI_BASE_URL)" })
      .option("retry-errors", { type: "boolean", default: false, describe: "run the ids in the errors file again" }) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    const { runExtractor, processIo } = await import("./run-batch.js");
    process.exitCode = await runExtractor(args, processIo());
  },
};

