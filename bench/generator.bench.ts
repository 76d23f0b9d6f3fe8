/**
 * Generator (#8 item 3): cold runs over the SchemaStore sample, each in a fresh `node` process (so
 * every run pays for loading its modules, as `npx extractgen generate` does), tools interleaved
 * run by run: extractgen's generator against json-schema-to-typescript alone, which makes the
 * types only, with and without its Prettier formatting. Wall time from spawn to exit, CPU time and
 * peak RSS of the process; medians over the runs.
 */
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { corpusSchemaFiles } from "./corpus.js";
import { packageVersion } from "./machine.js";
import { median, num, ratio, table, target } from "./report.js";
import { readSettings } from "./settings.js";
import type { ColdRun, Tool } from "./generator/cold-run.js";

const here = dirname(fileURLToPath(import.meta.url));
const settings = readSettings(process.argv.slice(2));

const TOOLS: readonly { tool: Tool; label: string }[] = [
  { tool: "extractgen", label: "extractgen: load + lower + validator code (types and emit not merged yet)" },
  { tool: "jsts-format", label: `json-schema-to-typescript ${packageVersion("json-schema-to-typescript")}, types only, formatted (Prettier)` },
  { tool: "jsts-plain", label: `json-schema-to-typescript ${packageVersion("json-schema-to-typescript")}, types only, \`format: false\`` },
];

interface Measured extends ColdRun {
  wallMs: number;
}

function coldRun(tool: Tool, schemas: number): Measured {
  const started = performance.now();
  const out = execFileSync(process.execPath, [join(here, "generator", "cold-run.js"), tool, String(schemas)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] });
  const wallMs = performance.now() - started;
  const last = out.trimEnd().split("\n").pop() ?? "";
  return { ...(JSON.parse(last) as ColdRun), wallMs };
}

function main(): void {
  const schemas = corpusSchemaFiles(settings.schemas).length;
  const runs = new Map<Tool, Measured[]>(TOOLS.map(({ tool }) => [tool, []]));
  for (let run = 0; run < settings.runs; run++) {
    const order = run % 2 === 0 ? TOOLS : [...TOOLS].reverse();
    for (const { tool } of order) {
      process.stderr.write(`generator: run ${run + 1}/${settings.runs}: ${tool}\n`);
      runs.get(tool)?.push(coldRun(tool, schemas));
    }
  }
  const med = (tool: Tool, pick: (m: Measured) => number): number => median((runs.get(tool) ?? []).map(pick));
  const floorWall = med("jsts-format", (m) => m.wallMs);
  const floorCpu = med("jsts-format", (m) => m.cpuMs);
  const rows = TOOLS.map(({ tool, label }) => {
    const failed = med(tool, (m) => m.failed);
    const [wall, cpu] = [med(tool, (m) => m.wallMs), med(tool, (m) => m.cpuMs)];
    return [label, `${schemas - failed} / ${schemas}`, num(wall / 1000), ratio(wall / floorWall), num(cpu / 1000), ratio(cpu / floorCpu), num(med(tool, (m) => m.maxRssMb))];
  });
  const ours = med("extractgen", (m) => m.wallMs);
  const oursCpu = med("extractgen", (m) => m.cpuMs);
  console.log(
    [
      "### Generator",
      "",
      table(["tool", "schemas done", "wall s", "vs jsts formatted", "CPU s", "vs jsts formatted", "peak RSS MB"], rows),
      "",
      `Cold runs over ${schemas} SchemaStore sample schemas (../shared/corpus/schemastore/schemas, \`$ref\`s answered from refs/), median of ${settings.runs} interleaved runs. A failed schema is skipped and counted; the others go on.`,
      "",
      target(
        "the whole sample in no more time than json-schema-to-typescript with formatting takes for types alone",
        ours <= floorWall,
        `wall ${ratio(ours / floorWall)}, CPU ${ratio(oursCpu / floorCpu)}; types and emit are not in extractgen's run yet`,
      ),
      "- pending: no-op `generate` < 1 s (needs generator/emit)",
      "",
    ].join("\n"),
  );
}

main();
