/**
 * The benchmark runner works end to end (#8): every topic runs in quick mode with tiny counts and
 * prints its table, each client of the per-call benchmark gets the invoice from the fake server
 * (a worker checks its client's result before measuring) and the report names what it ran on.
 * No timing is asserted: speed lives in bench/ (style.md rule 12).
 *
 * The bench sources are transpiled without a type check into .tmp/bench-smoke/bench (`npm run
 * typecheck` covers bench/); the generator and runtime they import are dist/, which `npm ci`
 * builds, linked in beside them (generated modules import `extractgen/runtime`, i.e. dist/ too).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
import { beforeAll, expect, test } from "vitest";

const OUT = ".tmp/bench-smoke";

/** Transpile every .ts file below `dir` into OUT, keeping the layout. */
function transpileTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) transpileTree(path);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const { outputText } = ts.transpileModule(readFileSync(path, "utf8"), {
        fileName: path,
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const target = join(OUT, path.replace(/\.ts$/, ".js"));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
    }
  }
}

let run: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  transpileTree("bench");
  for (const built of ["generator", "runtime"]) symlinkSync(resolve("dist", built), join(OUT, built));
  const tiny = ["--quick", "--rounds=1", "--batch-ms=30", "--warm-ms=30", "--schemas=3", "--runs=1"];
  const topics = ["per-call", "stream-parse", "generator", "validation"];
  run = spawnSync(process.execPath, [join(OUT, "bench", "run.js"), ...topics, ...tiny], { encoding: "utf8", timeout: 240_000 });
}, 300_000);

test("the runner exits 0 and reports the machine and versions", () => {
  expect(run.stderr).not.toMatch(/FAILED|Error:/);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/- machine at start: Node v\d+/);
  expect(run.stdout).toMatch(/- versions: extractgen \S+ .*openai \d+\.\d+\.\d+/);
});

test("per-call: every client has a row in both tables, with ratios to the floor", () => {
  const section = run.stdout.slice(run.stdout.indexOf("### Per-call overhead"), run.stdout.indexOf("### Streaming parse"));
  for (const title of ["non-streaming", "streaming (SSE"]) expect(section).toContain(`#### ${title}`);
  for (const client of ["(floor)", "extractgen generated extractor", "openai chat.completions.parse", "ai generateObject", "@instructor-ai/instructor"]) {
    expect(section.split("\n").filter((line) => line.startsWith("|") && line.includes(client))).toHaveLength(2);
  }
  expect(section).toMatch(/\| 1\.00x \|/);
  expect(section.match(/^- (met|MISSED): /gm)).toHaveLength(8);
});

test("stream-parse, generator and validation print their tables and targets", () => {
  expect(run.stdout).toMatch(/### Streaming parse[\s\S]*\| extractgen PartialJsonParser[\s\S]*- (met|MISSED): 8x the bytes/);
  expect(run.stdout).toMatch(/### Generator[\s\S]*`extractgen generate`[^|]*\| 3 \/ 3 \|[\s\S]*json-schema-to-typescript[\s\S]*- (met|MISSED): the whole sample[\s\S]*- (met|MISSED): a no-op/);
  expect(run.stdout).toMatch(/### Validation[\s\S]*\| invoice [^|]*\| precompiled[\s\S]*\| tsconfig [^|]*\| Ajv compiled at run time/);
});
