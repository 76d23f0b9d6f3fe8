/**
 * Restore cost (#3): `applyRestore` runs on every reply, between JSON.parse and validation. An
 * invoice-like OpenAI strict reply (optional fields as null, a discriminated union per line, a map
 * sent as {key, value} entries, stray keys to drop) restored with the plan the generator builds,
 * against the floor of JSON.parse of the same text and against structuredClone (one full copy).
 *
 * Run: `npm run bench -- restore`. Prints a markdown table; CPU is process user+system time.
 */
import { lower } from "../generator/lower/index.js";
import { applyRestore } from "../runtime/restore.js";

const KB = 1024;

const SCHEMA = {
  type: "object",
  properties: {
    number: { type: "string" },
    note: { type: "string" },
    lines: {
      type: "array",
      items: {
        oneOf: [
          { type: "object", properties: { kind: { const: "good" }, sku: { type: "string" }, qty: { type: "integer" }, discount: { type: "number" }, memo: { type: "string" } }, required: ["kind", "sku", "qty"] },
          { type: "object", properties: { kind: { const: "service" }, hours: { type: "number" }, rate: { type: "number" }, memo: { type: "string" } }, required: ["kind", "hours"] },
        ],
      },
    },
    totals: { type: "object", additionalProperties: { type: "number" } },
  },
  required: ["number", "lines"],
};

/** A strict-mode reply of at least `bytes` bytes, as OpenAI returns it for SCHEMA. */
function makeReply(bytes: number): string {
  const lines: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line =
      i % 3 === 0
        ? { kind: "service", hours: 1 + (i % 8), rate: 95.5, memo: null }
        : { kind: "good", sku: `SKU-${i}`, qty: 1 + (i % 9), discount: i % 4 === 0 ? 0.1 : null, memo: i % 5 === 0 ? "fragile" : null, stray: i % 11 === 0 ? 1 : undefined };
    size += JSON.stringify(line).length + 1;
    lines.push(line);
  }
  const totals = [{ key: "net", value: 1000.5 }, { key: "tax", value: 190.1 }];
  return JSON.stringify({ number: "INV-1", note: null, lines, totals });
}

async function median(runs: number, work: () => unknown): Promise<number> {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    work();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

let sink: unknown;
const plan = lower({ schema: SCHEMA, name: "Invoice" }, "openai").restore;
const rows: string[] = ["| reply | JSON.parse (floor) | applyRestore | restore / parse | structuredClone |", "|---|---|---|---|---|"];
for (const size of [16 * KB, 256 * KB, 2048 * KB]) {
  const text = makeReply(size);
  const value: unknown = JSON.parse(text);
  const runs = size > 1024 * KB ? 9 : 31;
  const parse = await median(runs, () => (sink = JSON.parse(text)));
  const restore = await median(runs, () => (sink = applyRestore(plan, value)));
  const clone = await median(runs, () => (sink = structuredClone(value)));
  rows.push(`| ${Math.round(text.length / KB)} KB | ${parse.toFixed(2)} ms | ${restore.toFixed(2)} ms | ${(restore / parse).toFixed(2)}x | ${clone.toFixed(2)} ms |`);
}
void sink;
console.log("### restore: applyRestore on an OpenAI strict reply\n");
console.log(rows.join("\n"));
