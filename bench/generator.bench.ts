/**
 * Generator (#8 item 3): cold runs over the SchemaStore sample, each in a fresh `node` process (so
 * every run pays for loading its modules, as `npx extractgen generate` does): `extractgen generate`
 * (types, extractors, validators), then the same command again with nothing changed (a no-op
 * run), against json-schema-to-typescript alone, which makes the types only, with and without its
 * Prettier formatting. Wall time from spawn to exit, CPU time and peak RSS of the process; medians
 * over runs that take turns.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_SCHEMAS_DIR, corpusSchemaFiles } from "./corpus.js";
import { packageVersion } from "./machine.js";
import { median, num, ratio, table, target } from "./report.js";
import { readSettings } from "./settings.js";
import type { ColdRun, Tool } from "./generator/cold-run.js";

const here = dirname(fileURLToPath(import.meta.url));
const settings = readSettings(process.argv.slice(2));
const WORK_DIR = resolve(".tmp/bench/generator");

type Row = "generate" | "noop" | "jsts-format" | "jsts-plain";

const LABELS: Record<Row, string> = {
  generate: "`extractgen generate`: types + extractors + validators, cold",
  noop: "`extractgen generate` again, nothing changed (no-op)",
  "jsts-format": `json-schema-to-typescript ${packageVersion("json-schema-to-typescript")}, types only, formatted (Prettier)`,
  "jsts-plain": `json-schema-to-typescript ${packageVersion("json-schema-to-typescript")}, types only, \`format: false\``,
};

interface Measured extends ColdRun {
  wallMs: number;
  /** Schemas the tool produced output for. */
  done: number;
}

/** The schemas folder: the corpus itself, or a copy of its first N files. */
function schemasFolder(): { dir: string; count: number } {
  const files = corpusSchemaFiles(settings.schemas);
  if (files.length === corpusSchemaFiles().length) return { dir: CORPUS_SCHEMAS_DIR, count: files.length };
  const dir = join(WORK_DIR, `schemas-${files.length}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(file, join(dir, basename(file)));
  return { dir, count: files.length };
}

function coldRun(tool: Tool, schemasDir: string, projectDir: string): ColdRun & { wallMs: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(here, "generator", "cold-run.js"), tool, schemasDir, projectDir], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const wallMs = performance.now() - started;
  // `extractgen generate` exits 1 when a schema failed (the others are written): that is a result.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${tool} exited with ${run.status ?? run.signal}`);
  return { ...(JSON.parse(run.stdout.trimEnd().split("\n").pop() ?? "") as ColdRun), wallMs };
}

/** Generated modules that hold an extractor (a schema that failed is left out by generate). */
function extractorModules(outDir: string): number {
  return readdirSync(outDir)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .filter((f) => readFileSync(join(outDir, f), "utf8").includes("export async function extract")).length;
}

function main(): void {
  const { dir: schemasDir, count } = schemasFolder();
  const projectDir = join(WORK_DIR, "project");
  const runs = new Map<Row, Measured[]>(Object.keys(LABELS).map((row) => [row as Row, []]));
  const record = (row: Row, run: ColdRun & { wallMs: number }, done: number): void => void runs.get(row)?.push({ ...run, done });
  // extractgen's no-op run needs the output of the cold run just before it, so the two stay together.
  const turns: (() => void)[] = [
    () => {
      rmSync(projectDir, { recursive: true, force: true });
      mkdirSync(projectDir, { recursive: true });
      const cold = coldRun("extractgen", schemasDir, projectDir);
      const done = extractorModules(join(projectDir, "out"));
      record("generate", cold, done);
      record("noop", coldRun("extractgen", schemasDir, projectDir), extractorModules(join(projectDir, "out")));
    },
    () => {
      const run = coldRun("jsts-format", schemasDir, projectDir);
      record("jsts-format", run, count - (run.failed ?? 0));
    },
    () => {
      const run = coldRun("jsts-plain", schemasDir, projectDir);
      record("jsts-plain", run, count - (run.failed ?? 0));
    },
  ];
  for (let run = 0; run < settings.runs; run++) {
    process.stderr.write(`generator: run ${run + 1}/${settings.runs}\n`);
    for (const turn of run % 2 === 0 ? turns : [...turns].reverse()) turn();
  }
  const med = (row: Row, pick: (m: Measured) => number): number => median((runs.get(row) ?? []).map(pick));
  const [floorWall, floorCpu] = [med("jsts-format", (m) => m.wallMs), med("jsts-format", (m) => m.cpuMs)];
  const rows = (Object.keys(LABELS) as Row[]).map((row) => {
    const [wall, cpu] = [med(row, (m) => m.wallMs), med(row, (m) => m.cpuMs)];
    return [LABELS[row], `${med(row, (m) => m.done)} / ${count}`, num(wall / 1000), ratio(wall / floorWall), num(cpu / 1000), ratio(cpu / floorCpu), num(med(row, (m) => m.maxRssMb))];
  });
  const [ours, oursCpu] = [med("generate", (m) => m.wallMs), med("generate", (m) => m.cpuMs)];
  const noop = med("noop", (m) => m.wallMs);
  console.log(
    [
      "### Generator",
      "",
      table(["run", "schemas with output", "wall s", "vs jsts formatted", "CPU s", "vs jsts formatted", "peak RSS MB"], rows),
      "",
      `Cold runs over ${count} SchemaStore sample schemas (../shared/corpus/schemastore/schemas, \`$ref\`s answered from refs/), median of ${settings.runs} runs taking turns. A schema a tool fails on is left out and the others go on; "with output" counts extractor modules for extractgen and compiled schemas for json-schema-to-typescript.`,
      "",
      target("the whole sample (types + extractors + validators) in no more time than json-schema-to-typescript with formatting takes for types alone", ours <= floorWall, `wall ${ratio(ours / floorWall)}, CPU ${ratio(oursCpu / floorCpu)}`),
      target("a no-op `generate` under 1 s", noop < 1000, `${num(noop / 1000)} s`),
      "",
    ].join("\n"),
  );
}

main();
