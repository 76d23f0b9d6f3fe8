/**
 * `generate` with nothing to do (#6 item 4: under 1 s over the SchemaStore corpus). Copies
 * ../shared/corpus/schemastore (schemas + refs) to a temporary project, generates once, then times
 * the CLI run again as a user would, against the floor of starting Node at all (`node -e 0`).
 * The first no-op run hashes every input and output and stamps them; later ones stat them.
 *
 * Run: `npm run bench -- generate-noop` (the first, full generate takes minutes). Prints markdown.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "generator", "cli", "main.js");
const corpus = join(here, "..", "..", "..", "shared", "corpus", "schemastore");
const RUNS = 7;

/** Wall-clock milliseconds and exit status of one child process. */
function timed(args: string[], cwd: string): { wallMs: number; status: number | null } {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd, stdio: ["ignore", "ignore", "ignore"] });
  return { wallMs: Number(process.hrtime.bigint() - start) / 1e6, status: run.status };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const project = mkdtempSync(join(tmpdir(), "extractgen-noop-"));
try {
  cpSync(join(corpus, "schemas"), join(project, "schemas"), { recursive: true });
  cpSync(join(corpus, "refs"), join(project, "refs"), { recursive: true });
  // Like a real project: extractgen sits in node_modules, where the file stamps are kept.
  mkdirSync(join(project, "node_modules"));
  writeFileSync(join(project, "extractgen.config.json"), JSON.stringify({ schemas: "schemas", out: "src/extractors", refMap: { "https://json.schemastore.org/": "refs" } }));

  const full = timed([cli, "generate", "--quiet"], project);
  const firstNoop = timed([cli, "generate", "--quiet"], project);
  const noops = Array.from({ length: RUNS }, () => timed([cli, "generate", "--quiet"], project).wallMs);
  const floor = Array.from({ length: RUNS }, () => timed(["-e", "0"], project).wallMs);

  console.log(`## generate with nothing to do (SchemaStore corpus)\n`);
  console.log("| run | wall ms | × node -e 0 |");
  console.log("|---|---:|---:|");
  const row = (name: string, ms: number) => console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / median(floor)).toFixed(1)} |`);
  row("full generate (first run)", full.wallMs);
  row("first no-op (hashes, then stamps)", firstNoop.wallMs);
  row(`no-op, median of ${RUNS}`, median(noops));
  row(`node -e 0, median of ${RUNS}`, median(floor));
  console.log(`\nexit status of the runs: ${full.status} (schemas with unresolvable remote $refs fail), ${firstNoop.status}`);
} finally {
  rmSync(project, { recursive: true, force: true });
}
