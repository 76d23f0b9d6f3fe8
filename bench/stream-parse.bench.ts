/**
 * Streaming parse cost (#5, #8 item 2): a JSON reply fed in 16-byte chunks, a snapshot read after
 * every chunk. extractgen's incremental parser against one JSON.parse of the whole text (the floor)
 * and against the re-parse approach of the popular libraries (`parsePartialJson` from `ai`, `parse`
 * from `partial-json`), which parse the whole accumulated text again on every chunk.
 *
 * Run: `npm run bench -- stream-parse`. Prints a markdown table; CPU is process user+system time.
 */
import { parsePartialJson } from "ai";
import { parse as partialJsonParse } from "partial-json";
import { PartialJsonParser } from "../runtime/partial-json.js";
import { packageVersion } from "./machine.js";
import { cpuSince, median as medianOf, num, ratio, target } from "./report.js";
import { readSettings } from "./settings.js";

const CHUNK = 16;
const KB = 1024;

/** A deterministic invoice-like reply of at least `bytes` bytes: nested objects, long arrays, prose. */
function makeReply(bytes: number): string {
  const categories = ["goods", "services", "shipping", "discount"];
  const lines: unknown[] = [];
  const head = { invoiceNumber: "INV-2026-000917", issued: "2026-03-14", currency: "EUR", buyer: { name: "Acme GmbH", vat: "DE123456789", address: { street: "Hauptstraße 5", city: "München", zip: "80331" } } };
  let size = JSON.stringify(head).length + 64;
  for (let i = 0; size < bytes; i++) {
    const line = {
      position: i + 1,
      description: `Item ${i}: ${"precision widget with a long and honest description ".repeat(1 + (i % 3))}`.trim(),
      quantity: 1 + (i % 17),
      unitPrice: Math.round((3.5 + ((i * 7919) % 1000) / 10) * 100) / 100,
      category: categories[i % categories.length],
      taxable: i % 5 !== 0,
      discount: i % 7 === 0 ? null : 0.05,
      tags: ["q" + (i % 4), "lot-" + (i % 100)],
    };
    size += JSON.stringify(line).length + 1;
    lines.push(line);
  }
  return JSON.stringify({ ...head, lines, notes: "Payable within 30 days. Vielen Dank für Ihren Auftrag! 😀" });
}

function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

/** CPU milliseconds (user + system) of one run of `work`. */
async function cpuMs(work: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await work();
  return cpuSince(start) / 1000;
}

/** Median CPU ms over `runs` runs (after one warm-up run). */
async function median(runs: number, work: () => unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await cpuMs(work));
  return medianOf(times);
}

let sink: unknown;

function extractgenParse(pieces: readonly string[]): void {
  const parser = new PartialJsonParser();
  for (const piece of pieces) {
    parser.write(piece);
    sink = parser.value;
  }
  parser.end();
}

/**
 * The re-parse approach parses every prefix of the text. That is quadratic (a full 256 KB run takes
 * minutes), so by default only every `stride`-th prefix is parsed and the time is scaled by `stride`:
 * the cost of a prefix grows smoothly with its length, so the estimate is close (`--every-prefix` measures
 * every prefix).
 */
async function reparse(pieces: readonly string[], stride: number, parsePrefix: (text: string) => unknown): Promise<number> {
  const prefixes: string[] = [];
  let text = "";
  for (const [i, piece] of pieces.entries()) {
    text += piece;
    if (i % stride === stride - 1 || i === pieces.length - 1) prefixes.push(text);
  }
  // Flatten the prefixes now so that the timed loop measures parsing, not string building.
  for (const prefix of prefixes) sink = prefix.charCodeAt(prefix.length - 1);
  return (
    (await cpuMs(async () => {
      for (const prefix of prefixes) sink = await parsePrefix(prefix);
    })) * stride
  );
}

const aiParse = async (text: string): Promise<unknown> => (await parsePartialJson(text)).value;

/** JSON.parse of the whole text: too fast for one cpuUsage reading, so timed over many repetitions. */
function jsonParseOnce(text: string): () => void {
  return () => {
    const repetitions = 50;
    for (let i = 0; i < repetitions; i++) sink = JSON.parse(text);
  };
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const [runsBase, runsLarge] = settings.quick ? [3, 1] : [9, 5];
  const small = makeReply(32 * KB);
  const base = makeReply(256 * KB);
  const large = makeReply(8 * 256 * KB);
  const [smallPieces, basePieces, largePieces] = [chunks(small), chunks(base), chunks(large)];

  const jsonBase = (await median(runsBase, jsonParseOnce(base))) / 50;
  const jsonLarge = (await median(runsLarge, jsonParseOnce(large))) / 50;
  const oursBase = await median(runsBase, () => extractgenParse(basePieces));
  const oursLarge = await median(runsLarge, () => extractgenParse(largePieces));
  const stride = process.argv.includes("--every-prefix") ? 1 : settings.quick ? 256 : 32;
  const aiSmall = await reparse(smallPieces, stride, aiParse);
  const aiBase = await reparse(basePieces, stride, aiParse);
  const pjSmall = await reparse(smallPieces, stride, partialJsonParse);
  const pjBase = await reparse(basePieces, stride, partialJsonParse);
  void sink;

  const rows = [
    "| approach | 256 KB (16-byte chunks) | vs one JSON.parse | growth for 8x bytes | extractgen is cheaper by |",
    "|---|---|---|---|---|",
    `| JSON.parse once (floor) | ${num(jsonBase)} ms | 1.0x | ${ratio(jsonLarge / jsonBase)} (256 KB -> 2 MB) | – |`,
    `| extractgen PartialJsonParser, snapshot per chunk | ${num(oursBase)} ms | ${ratio(oursBase / jsonBase)} | ${ratio(oursLarge / oursBase)} (256 KB -> 2 MB) | – |`,
    `| ai ${packageVersion("ai")} parsePartialJson per chunk (re-parse) | ${num(aiBase)} ms | ${ratio(aiBase / jsonBase)} | ${ratio(aiBase / aiSmall)} (32 KB -> 256 KB) | ${ratio(aiBase / oursBase)} |`,
    `| partial-json ${packageVersion("partial-json")} parse per chunk (re-parse) | ${num(pjBase)} ms | ${ratio(pjBase / jsonBase)} | ${ratio(pjBase / pjSmall)} (32 KB -> 256 KB) | ${ratio(pjBase / oursBase)} |`,
  ];
  const sampling = stride === 1 ? "every prefix parsed" : `every ${stride}th prefix parsed, time x${stride} (--every-prefix: all)`;
  const sizes = `re-parse: ${sampling}. Reply sizes: ${(small.length / KB).toFixed(0)} KB, ${(base.length / KB).toFixed(0)} KB, ${(large.length / KB).toFixed(0)} KB; extractgen at 2 MB: ${num(oursLarge)} ms; JSON.parse at 2 MB: ${num(jsonLarge)} ms`;
  console.log(`### Streaming parse (${CHUNK}-byte chunks)\n\n${rows.join("\n")}\n\n${sizes}\n`);
  console.log(
    [
      target("8x the bytes costs < 10x the CPU", oursLarge / oursBase < 10, ratio(oursLarge / oursBase)),
      target("the 256 KB reply costs < 5x one JSON.parse", oursBase / jsonBase < 5, ratio(oursBase / jsonBase)),
      target(">= 50x cheaper than re-parse (ai)", aiBase / oursBase >= 50, ratio(aiBase / oursBase)),
      target(">= 50x cheaper than re-parse (partial-json)", pjBase / oursBase >= 50, ratio(pjBase / oursBase)),
      "",
    ].join("\n"),
  );
}

await main();
