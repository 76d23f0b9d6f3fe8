import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { GenerateResult } from "../../generator/generate.js";
import { watchGenerate } from "../../generator/watch/watch-generate.js";

/**
 * `generate --watch` (issue #6 item 3) on a real folder with real fs.watch events: a save
 * regenerates what it reaches, a referenced file's save regenerates its dependants, a broken
 * file is reported and watching goes on. Latency targets live in bench/; the deadline here only
 * keeps a hung watcher from hanging the suite.
 */

interface Run {
  result: GenerateResult;
  changed: readonly string[];
}

let root: string;
let stop: AbortController;
let watching: Promise<void>;
let runs: Run[];
let waiters: (() => void)[];

const at = (...parts: string[]) => path.join(root, ...parts);
const write = (file: string, value: unknown) => writeFile(at(file), typeof value === "string" ? value : JSON.stringify(value));
const written = (run: Run) => run.result.written.map((f) => path.relative(root, f).split(path.sep).join("/")).sort();

/** The next run after `count` runs have been seen. */
async function nextRun(count: number): Promise<Run> {
  const deadline = Date.now() + 20_000;
  while (runs.length <= count) {
    if (Date.now() > deadline) throw new Error(`no run after ${count} runs`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 500);
    });
  }
  return runs[count]!;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "extractgen-watch-"));
  await mkdir(at("node_modules"));
  await mkdir(at("schemas"));
  await write("schemas/receipt.schema.json", { title: "Receipt", type: "object", properties: { shop: { type: "string" } } });
  await write("schemas/_party.schema.json", { title: "Party", type: "object", properties: { name: { type: "string" } } });
  await write("schemas/invoice.schema.json", { title: "Invoice", type: "object", properties: { buyer: { $ref: "_party.schema.json" } } });
  runs = [];
  waiters = [];
  stop = new AbortController();
  watching = watchGenerate({ cwd: root }, {
    onRun: (result, _ms, changed) => {
      runs.push({ result, changed });
      for (const wake of waiters.splice(0)) wake();
    },
    onError: (error) => {
      throw error;
    },
  }, stop.signal);
  await nextRun(0);
});
afterEach(async () => {
  stop.abort();
  await watching;
  await rm(root, { recursive: true, force: true });
});

describe("generate --watch", () => {
  test("the first run generates everything", () => {
    expect(written(runs[0]!)).toEqual(["extractgen.lock.json", "src/extractors/_party.ts", "src/extractors/index.ts", "src/extractors/invoice.ts", "src/extractors/receipt.ts"]);
  });

  test("a saved schema is regenerated, and only its module", async () => {
    await write("schemas/receipt.schema.json", { title: "Receipt", type: "object", properties: { shop: { type: "string" }, tip: { type: "number" } } });
    const run = await nextRun(1);
    expect(run.changed).toEqual([at("schemas/receipt.schema.json")]);
    expect(written(run)).toEqual(["extractgen.lock.json", "src/extractors/receipt.ts"]);
    expect(await readFile(at("src/extractors/receipt.ts"), "utf8")).toContain("tip?: number");
  });

  test("a saved referenced file regenerates its dependants", async () => {
    await write("schemas/_party.schema.json", { title: "Party", type: "object", properties: { name: { type: "string" }, vat: { type: "string" } } });
    const run = await nextRun(1);
    expect(written(run)).toEqual(["extractgen.lock.json", "src/extractors/_party.ts", "src/extractors/invoice.ts"]);
  });

  test("a broken save is reported, and the next good save is regenerated", async () => {
    await write("schemas/receipt.schema.json", '{"title": "Receipt", broken');
    const failed = await nextRun(1);
    expect(failed.result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.file])).toEqual([["EG_SYNTAX", "schemas/receipt.schema.json"]]);
    await write("schemas/receipt.schema.json", { title: "Receipt", type: "object", properties: { total: { type: "number" } } });
    const fixed = await nextRun(2);
    expect(fixed.result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(await readFile(at("src/extractors/receipt.ts"), "utf8")).toContain("total?: number");
  });

  test("a new schema file is picked up", async () => {
    await write("schemas/refund.schema.json", { title: "Refund", type: "object" });
    const run = await nextRun(1);
    expect(written(run)).toEqual(["extractgen.lock.json", "src/extractors/index.ts", "src/extractors/refund.ts"]);
  });
});
