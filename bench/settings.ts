/**
 * Command-line settings shared by every benchmark (`npm run bench -- [topics] [flags]`; the runner
 * passes the flags on):
 *   --quick          a fast smoke run: one round, short batches, a slice of the corpus
 *   --rounds=N       rounds of A B A B interleaving (medians are over rounds)
 *   --batch-ms=N     wall time of one measured batch of per-call requests
 *   --warm-ms=N      wall time of the warm-up batch before the rounds
 *   --schemas=N      use the first N corpus schemas (generator benchmark)
 *   --runs=N         cold runs per tool (generator, cold-start benchmarks)
 *   --clients=a,b    only these per-call clients (file names in bench/per-call/clients/)
 */
export interface BenchSettings {
  quick: boolean;
  rounds: number;
  batchMs: number;
  warmMs: number;
  /** Corpus schemas to use; `Infinity` for all. */
  schemas: number;
  runs: number;
  /** Per-call clients to run; all when absent. */
  clients?: string[];
}

const FULL: BenchSettings = { quick: false, rounds: 7, batchMs: 1000, warmMs: 1500, schemas: Number.POSITIVE_INFINITY, runs: 5 };
const QUICK: BenchSettings = { quick: true, rounds: 1, batchMs: 300, warmMs: 200, schemas: 40, runs: 1 };

const NUMERIC: Record<string, keyof Omit<BenchSettings, "quick" | "clients">> = {
  "--rounds": "rounds",
  "--batch-ms": "batchMs",
  "--warm-ms": "warmMs",
  "--schemas": "schemas",
  "--runs": "runs",
};

/** Read the settings from flags such as `--quick --rounds=3`. Unknown flags are an error. */
export function readSettings(args: readonly string[]): BenchSettings {
  const settings = { ...(args.includes("--quick") ? QUICK : FULL) };
  for (const arg of args) {
    if (arg === "--quick" || arg === "--write" || arg === "--every-prefix") continue;
    if (arg.startsWith("--clients=")) {
      settings.clients = arg.slice("--clients=".length).split(",");
      continue;
    }
    const [flag = "", value] = arg.split("=", 2);
    const key = NUMERIC[flag];
    const number = Number(value);
    if (key === undefined || !(number > 0)) {
      throw new Error(`unknown or bad flag ${arg}; use --quick, --write, --every-prefix (stream-parse), --clients=a,b (per-call), ${Object.keys(NUMERIC).map((f) => `${f}=N`).join(", ")}`);
    }
    settings[key] = Math.floor(number);
  }
  return settings;
}
