/**
 * `generate` with nothing to do (#6 item 4: under 1 s over the SchemaStore sample). Copies the
 * sample (schemas/ and refs/) into a temporary project with a node_modules folder, as a real
 * project has, generates once, then times `extractgen generate` run again as a user runs it: a
 * fresh `node` process from spawn to exit, against the floor of the same CLI printing its help
 * (Node and yargs start-up) and of `node -e 0`. The first no-op run hashes every input and output
 * and stamps them (node_modules/.cache/extractgen); later ones only stat them.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_REFS_DIR, CORPUS_REF_MAP, corpusSchemaFiles } from "./corpus.js";
import { median, num, table, target } from "./report.js";
import { readSettings } from "./settings.js";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "generator", "cli", "main.js");
const settings = readSettings(process.argv.slice(2));
const RUNS = Math.max(3, settings.runs);

/** Wall-clock milliseconds and exit status of one child process. */
function timed(args: readonly string[], cwd: string): { ms: number; status: number | null } {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd, stdio: "ignore" });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: run.status };
}

const project = mkdtempSync(join(tmpdir(), "extractgen-noop-"));
try {
  const schemas = corpusSchemaFiles(settings.schemas);
  mkdirSync(join(project, "schemas"));
  for (const file of schemas) copyFileSync(file, join(project, "schemas", basename(file)));
  cpSync(CORPUS_REFS_DIR, join(project, "refs"), { recursive: true });
  mkdirSync(join(project, "node_modules"));
  writeFileSync(join(project, "extractgen.config.json"), JSON.stringify({ schemas: "schemas", out: "src/extractors", refMap: CORPUS_REF_MAP }));

  process.stderr.write("generate-noop: first, full generate (minutes)\n");
  const full = timed([cli, "generate", "--quiet"], project);
  const first = timed([cli, "generate", "--quiet"], project);
  const noop: number[] = [];
  const help: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    noop.push(timed([cli, "generate", "--quiet"], project).ms);
    help.push(timed([cli, "generate", "--help"], project).ms);
    bare.push(timed(["-e", "0"], project).ms);
  }
  const ms = (value: number) => num(value);
  console.log(
    [
      "### generate with nothing to do",
      "",
      table(["run", "wall ms"], [
        ["full generate (writes everything and the lock)", ms(full.ms)],
        ["first no-op (hashes inputs and outputs, stamps them)", ms(first.ms)],
        [`no-op, median of ${RUNS}`, ms(median(noop))],
        [`\`extractgen generate --help\` (CLI start-up), median of ${RUNS}`, ms(median(help))],
        [`\`node -e 0\`, median of ${RUNS}`, ms(median(bare))],
      ]),
      "",
      `${schemas.length} SchemaStore sample schemas copied to a temporary project (with refs/ and a \`refMap\` for json.schemastore.org); runs interleaved. Exit status of the full run: ${full.status} (schemas whose remote \`$ref\`s cannot be resolved fail and are reported again by every no-op run).`,
      "",
      target("no-op `generate` over the sample in under 1 s", median(noop) < 1000, `median ${ms(median(noop))} ms; the no-op's own work is ${ms(median(noop) - median(help))} ms over CLI start-up`),
      "",
    ].join("\n"),
  );
} finally {
  rmSync(project, { recursive: true, force: true });
}
