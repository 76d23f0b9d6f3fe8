/**
 * `npm run bench [-- <topic>...] [--quick] [--write] [settings]`: runs the benchmarks side by side
 * (#8) and prints one markdown report: date, machine, load and versions, then each topic's tables.
 *
 * Each `bench/<topic>.bench.ts` (built into dist/bench) runs in its own Node process, one after the
 * other, so one benchmark's heap and JIT state cannot colour another's; their progress lines go to
 * stderr as they run. The four of #8 run first (`per-call`, `stream-parse`, `generator`,
 * `validation`), then any other topic's benchmark (`batch`, `restore`, ...). Names pick topics;
 * `--flags` are passed on (bench/settings.ts). `--write` also puts the report into
 * bench/RESULTS.md between its `results` markers, leaving the notes around them alone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { machineLine, versions } from "./machine.js";
import { readSettings } from "./settings.js";

/** #8's benchmarks, in this order; other `*.bench.js` files follow by name. */
const FIRST = ["per-call", "stream-parse", "generator", "validation"];
const RESULTS_FILE = "bench/RESULTS.md";
const BEGIN = "<!-- results:begin (written by npm run bench -- --write) -->";
const END = "<!-- results:end -->";
const PACKAGES = ["extractgen", "undici", "ajv", "ajv-formats", "json-schema-to-typescript", "openai", "ai", "@ai-sdk/openai", "@instructor-ai/instructor", "zod", "partial-json"];

const here = dirname(fileURLToPath(import.meta.url));

function topics(): string[] {
  const found = readdirSync(here)
    .filter((file) => file.endsWith(".bench.js"))
    .map((file) => file.slice(0, -".bench.js".length));
  return [...FIRST.filter((topic) => found.includes(topic)), ...found.filter((topic) => !FIRST.includes(topic)).sort()];
}

function main(): number {
  const args = process.argv.slice(2);
  const flags = args.filter((arg) => arg.startsWith("--"));
  const wanted = args.filter((arg) => !arg.startsWith("--"));
  const all = topics();
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length > 0) {
    console.error(`no benchmark named ${unknown.join(", ")}; topics: ${all.join(", ")}`);
    return 2;
  }
  const settings = readSettings(flags);
  const chosen = all.filter((topic) => wanted.length === 0 || wanted.includes(topic));
  const passed = flags.filter((flag) => flag !== "--write");
  const loadBefore = machineLine();
  const sections: string[] = [];
  let failed = false;
  for (const topic of chosen) {
    process.stderr.write(`bench: ${topic}\n`);
    const run = spawnSync(process.execPath, [join(here, `${topic}.bench.js`), ...passed], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (run.status !== 0) {
      failed = true;
      sections.push(`### ${topic}\n\nFAILED (exit ${run.status ?? run.signal}); see the errors above.\n`);
    } else {
      sections.push(run.stdout.trimEnd() + "\n");
    }
  }
  const report = [
    `## ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC${settings.quick ? " (--quick: smoke run, figures not comparable)" : ""}`,
    "",
    `- machine at start: ${loadBefore}`,
    `- machine at end: ${machineLine()}`,
    `- versions: ${versions(PACKAGES)}`,
    "",
    ...sections,
  ].join("\n");
  console.log(report);
  if (flags.includes("--write")) writeResults(report);
  return failed ? 1 : 0;
}

/** Replace the generated part of RESULTS.md (or add it at the end). */
function writeResults(report: string): void {
  const old = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, "utf8") : "# Benchmark results\n";
  const block = `${BEGIN}\n${report}\n${END}`;
  const begin = old.indexOf(BEGIN);
  const end = old.indexOf(END);
  const next = begin !== -1 && end > begin ? old.slice(0, begin) + block + old.slice(end + END.length) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS_FILE, next);
  process.stderr.write(`bench: wrote ${RESULTS_FILE}\n`);
}

process.exitCode = main();
