/**
 * Batch throughput and memory (#7).
 *
 * 1. extractMany against the mock provider over real HTTP, next to a hand-written pool of the same
 *    number of `extract` calls (what the batch engine adds) and the floor: plain HTTP requests at
 *    the same concurrency through an undici Pool (no extract, no batch). The mock answers scripted
 *    values, so its own cost is small; it runs in this process, for all three.
 * 2. runBatchFile over 200,000 JSONL lines with an instant extractOne: lines per second and peak
 *    heap growth; then the heap a Set of a million ids takes (what resume and duplicate checks keep).
 *
 * Run: `npm run bench -- batch` (or `node --expose-gc dist/bench/batch.bench.js` for exact heap
 * figures). Prints markdown.
 */
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { extractMany } from "../runtime/batch.js";
import { extract } from "../runtime/extract.js";
import { runBatchFile } from "../runtime/batch/run-file.js";
import type { ExtractorSpec } from "../runtime/spec.js";
import { startMockProvider, type MockStep } from "../runtime/testing/index.js";

const CALLS = 2_000;
const LINES = 200_000;
const SCHEMA = { type: "object", properties: { n: { type: "integer" } }, required: ["n"], additionalProperties: false };
const spec: ExtractorSpec<{ n: number }> = {
  name: "Note",
  version: 1,
  instructions: "Extract the number.",
  schema: SCHEMA,
  wire: {
    openai: { mode: "strict", name: "Note", schema: SCHEMA, restore: {} },
    gemini: { mode: "json", field: "responseJsonSchema", schema: SCHEMA, restore: {} },
    anthropic: { mode: "output_format", toolName: "Note", schema: SCHEMA, restore: {} },
  },
  validate: ((v: unknown) => typeof v === "object" && v !== null) as ExtractorSpec<{ n: number }>["validate"],
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const answers = (count: number): MockStep[] => Array.from({ length: count }, (_, i) => ({ kind: "value", value: { n: i } }));

/**
 * Calls per second of extractMany, of a hand-written pool of extract calls, and of plain requests,
 * at one concurrency: the three take turns, three rounds, and each keeps its best round (the
 * machine is shared; the best round is the least disturbed one).
 */
async function httpThroughput(concurrency: number): Promise<{ batch: number; pool: number; floor: number }> {
  const mock = await startMockProvider({ seed: 1 });
  const call = { baseURL: mock.url, apiKey: "bench", model: "bench", provider: "openai" as const };
  const http = new Pool(mock.url, { connections: concurrency });
  const body = JSON.stringify({
    model: "bench",
    messages: [{ role: "system", content: spec.instructions }, { role: "user", content: "document 0" }],
    response_format: { type: "json_schema", json_schema: { name: "Note", strict: true, schema: SCHEMA } },
  });
  const inputs = Array.from({ length: CALLS }, (_, i) => ({ id: String(i), input: `document ${i}` }));
  /** `concurrency` workers sharing one counter: a pool without any batch machinery. */
  const workers = async (one: () => Promise<unknown>): Promise<void> => {
    let taken = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (taken++ < CALLS) await one();
    }));
  };
  const approaches = {
    batch: async () => {
      for await (const r of extractMany(spec, inputs, { ...call, concurrency })) if ("error" in r) throw r.error;
    },
    pool: () => workers(() => extract(spec, "document", call)),
    floor: () =>
      workers(async () => {
        const res = await http.request({ path: "/v1/chat/completions", method: "POST", headers: { "content-type": "application/json" }, body });
        return JSON.parse(await res.body.text());
      }),
  };
  const best = { batch: 0, pool: 0, floor: 0 };
  try {
    for (let round = 0; round < 3; round++) {
      for (const [name, run] of Object.entries(approaches) as [keyof typeof best, () => Promise<void>][]) {
        mock.script("bench", answers(CALLS));
        const started = performance.now();
        await run();
        best[name] = Math.max(best[name], (CALLS * 1000) / (performance.now() - started));
      }
    }
    return best;
  } finally {
    await http.close();
    await mock.close();
  }
}

/** 200k lines through runBatchFile with an instant extractOne; and what a Set of their ids costs. */
async function fileRun(): Promise<{ linesPerSecond: number; peakHeapMb: number; setBytesPerId: number }> {
  const dir = mkdtempSync(join(tmpdir(), "extractgen-bench-batch-"));
  try {
    const input = join(dir, "in.jsonl");
    const fd = openSync(input, "w");
    for (let start = 1; start <= LINES; start += 10_000) {
      let block = "";
      for (let i = start; i < start + 10_000; i++) block += `${JSON.stringify({ id: `doc-${i}`, text: `invoice ${i}: ${"lorem ipsum ".repeat(20)}` })}\n`;
      writeSync(fd, block);
    }
    closeSync(fd);
    gc();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
    const started = performance.now();
    await runBatchFile(spec, {
      input,
      output: join(dir, "out.jsonl"),
      concurrency: 16,
      extractOne: async (_s, text) => ({ data: { n: String(text).length }, usage, attempts: 1, provider: "openai", model: "m", raw: "" }),
    });
    const elapsed = performance.now() - started;
    clearInterval(sampler);
    // The sets a run keeps, measured alone for a million ids parsed out of JSON lines, as a run gets them.
    gc();
    const before = process.memoryUsage().heapUsed;
    const ids = new Set<string>();
    for (let i = 1; i <= 1_000_000; i++) ids.add((JSON.parse(`{"id":"doc-${i}"}`) as { id: string }).id);
    gc();
    const setBytesPerId = (process.memoryUsage().heapUsed - before) / ids.size;
    return { linesPerSecond: (LINES * 1000) / elapsed, peakHeapMb: (peak - base) / 2 ** 20, setBytesPerId };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function main(): Promise<void> {
  const rows = [
    "| concurrency | extractMany calls/s | pool of extract calls/s | plain HTTP requests/s (floor) | extractMany / pool | extractMany / floor |",
    "|---|---|---|---|---|---|",
  ];
  for (const concurrency of [8, 32]) {
    const { batch, pool, floor } = await httpThroughput(concurrency);
    rows.push(`| ${concurrency} | ${round(batch)} | ${round(pool)} | ${round(floor)} | ${(batch / pool).toFixed(2)}x | ${(batch / floor).toFixed(2)}x |`);
  }
  console.log(`### Batch over HTTP (${CALLS} calls against the in-process mock provider)\n\n${rows.join("\n")}\n`);
  const file = await fileRun();
  console.log(
    `### runBatchFile, ${LINES} lines, instant extractOne\n\n` +
      `${round(file.linesPerSecond)} lines/s; peak heap +${round(file.peakHeapMb)} MB (id sets included); ` +
      `a Set of ids costs ${round(file.setBytesPerId)} bytes per id (${round((file.setBytesPerId * 1e6) / 2 ** 20)} MB per million)` +
      `${process.execArgv.includes("--expose-gc") ? "" : " (run with node --expose-gc for exact figures)"}\n`,
  );
}

await main();
