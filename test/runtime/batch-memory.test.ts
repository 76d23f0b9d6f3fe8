/**
 * Memory stays flat (#7): 200,000 input lines through runBatchFile with an instant extractOne. The
 * input (about 200 MB) is streamed and only the id sets grow with the number of lines.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, expect, test } from "vitest";
import { runBatchFile } from "../../runtime/batch/run-file.js";
import { noteResult, noteSpec } from "./batch-fixtures.js";

const LINES = 200_000;
/**
 * Fixed bounds, whatever the input size: the id sets (about 60 bytes per id, so ~12 MB here), a few
 * chunks, the calls in flight and young-generation garbage. Reading the input eagerly instead
 * peaks above 200 MB.
 */
const PEAK_HEAP_GROWTH_BOUND = 96 * 1024 * 1024;
const PEAK_RSS_GROWTH_BOUND = 160 * 1024 * 1024;
/** After the run nothing is held; what remains is code compiled on the way and module caches. */
const RETAINED_AFTER_RUN_BOUND = 16 * 1024 * 1024;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const dir = mkdtempSync(join(tmpdir(), "extractgen-batch-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write the input a block at a time, so the test itself does not hold it in memory. */
function writeInput(path: string, lines: number): void {
  const fd = openSync(path, "w");
  for (let start = 1; start <= lines; start += 10_000) {
    let block = "";
    for (let i = start; i < start + 10_000 && i <= lines; i++) block += `${JSON.stringify({ id: `doc-${i}`, text: `invoice ${i}: ${"lorem ipsum ".repeat(85)}` })}\n`;
    writeSync(fd, block);
  }
  closeSync(fd);
}

test(`${LINES} lines run in flat memory: the input is streamed, only the id sets grow`, { timeout: 120_000 }, async () => {
  const input = join(dir, "input.jsonl");
  const output = join(dir, "out.jsonl");
  writeInput(input, LINES);
  gc();
  const base = process.memoryUsage();
  const peak = { heap: base.heapUsed, rss: base.rss };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peak.heap = Math.max(peak.heap, now.heapUsed);
    peak.rss = Math.max(peak.rss, now.rss);
  }, 25);
  const summary = await runBatchFile(noteSpec, {
    input,
    output,
    concurrency: 16,
    extractOne: async (_spec, text) => noteResult(String(text).length),
  });
  clearInterval(sampler);
  gc();
  const retained = process.memoryUsage().heapUsed - base.heapUsed;

  expect(summary).toMatchObject({ succeeded: LINES, failed: 0, total: LINES });
  expect(readFileSync(output, "utf8").split("\n").length - 1).toBe(LINES);
  console.log(
    `${LINES} lines: ${summary.elapsedMs} ms, peak heap +${mb(peak.heap - base.heapUsed)}, peak RSS +${mb(peak.rss - base.rss)}, retained after the run +${mb(retained)}`,
  );
  expect(retained).toBeLessThan(RETAINED_AFTER_RUN_BOUND);
  expect(peak.heap - base.heapUsed).toBeLessThan(PEAK_HEAP_GROWTH_BOUND);
  expect(peak.rss - base.rss).toBeLessThan(PEAK_RSS_GROWTH_BOUND);
});

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
