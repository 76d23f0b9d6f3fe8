import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, test } from "vitest";
import type { ExtractOne } from "../../runtime/batch.js";
import { defaultErrorsPath, runBatchFile, type BatchFileOptions, type ErrorRecord } from "../../runtime/batch/run-file.js";
import type { BatchProgress } from "../../runtime/batch/progress.js";
import { ConfigError, ProviderError, ValidationError } from "../../runtime/errors.js";
import { type Note, noteResult, noteSpec } from "./batch-fixtures.js";

const root = mkdtempSync(join(tmpdir(), "extractgen-run-file-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
/** A fresh folder with `input.jsonl` holding the given lines. */
function workspace(lines: string[]): { dir: string; input: string; output: string; errors: string } {
  const dir = join(root, `w${++dirCount}`);
  mkdirSync(dir);
  const input = join(dir, "input.jsonl");
  const output = join(dir, "out.jsonl");
  writeFileSync(input, lines.map((l) => `${l}\n`).join(""));
  return { dir, input, output, errors: defaultErrorsPath(output) };
}

const docs = (count: number): string[] => Array.from({ length: count }, (_, i) => JSON.stringify({ id: `d${i + 1}`, text: String(i + 1) }));

/** Extract the number from the text; numbers listed in `failing` fail with a provider error. */
function numberExtract(failing: ReadonlySet<number> = new Set(), ms = 0): ExtractOne<Note> {
  return async (_spec, input, options) => {
    if (ms > 0) await sleep(ms, undefined, options.signal ? { signal: options.signal } : {});
    const n = Number(typeof input === "string" ? input : input.length);
    if (failing.has(n)) throw new ProviderError(503, { message: `upstream down for ${n}`, retryable: true }, { attempts: 3, provider: "openai" });
    return noteResult(n);
  };
}

function readRecords(path: string): { id: string; data?: unknown; error?: ErrorRecord["error"] }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as { id: string });
}

function ids(...paths: string[]): string[] {
  return paths.flatMap((p) => readRecords(p).map((r) => r.id)).sort();
}

const run = (options: BatchFileOptions<Note>) => runBatchFile(noteSpec, options);

describe("runBatchFile", () => {
  test("writes one output line per success and one error line per failure", async () => {
    const w = workspace([
      '{"id":"a","text":"1"}',
      '{"text":"2"}',
      "",
      '{"id":"m","messages":[{"role":"user","content":"x"},{"role":"user","content":"y"}]}',
      "{not json",
      '{"id":"f","text":"7"}',
      '{"id":"nothing"}',
    ]);
    const summary = await run({ input: w.input, output: w.output, extractOne: numberExtract(new Set([7])) });
    expect(readRecords(w.output).sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: "2", data: { n: 2 } },
      { id: "a", data: { n: 1 } },
      { id: "m", data: { n: 2 } },
    ]);
    const errors = readRecords(w.errors).sort((x, y) => x.id.localeCompare(y.id));
    expect(errors).toEqual([
      { id: "5", error: { class: "InputError", message: expect.stringMatching(/^line 5 is not valid JSON/), line: 5 } },
      { id: "f", error: { class: "ProviderError", code: "EG_PROVIDER", status: 503, message: "openai returned HTTP 503: upstream down for 7" } },
      { id: "nothing", error: { class: "InputError", message: 'line 7 has no "text" (a string) or "messages" (an array)', line: 7 } },
    ]);
    expect(summary).toMatchObject({ outcome: "finished", succeeded: 3, failed: 3, invalid: 2, skipped: 0, duplicates: 0, total: 6 });
    expect(summary.usage).toEqual({ inputTokens: 30, outputTokens: 6, totalTokens: 36 });
    expect(existsSync(`${w.output}.lock`)).toBe(false);
  });

  test("a second run skips every id already recorded and writes nothing twice", async () => {
    const w = workspace(docs(40));
    const stop = new AbortController();
    const first = await run({
      input: w.input,
      output: w.output,
      concurrency: 4,
      stopSignal: stop.signal,
      extractOne: async (spec, input, options) => {
        if (input === "10") stop.abort();
        return numberExtract(new Set([3]), 2)(spec, input, options);
      },
    });
    expect(first.outcome).toBe("stopped");
    const recordedFirst = first.succeeded + first.failed;
    expect(recordedFirst).toBeGreaterThanOrEqual(10);
    expect(recordedFirst).toBeLessThan(40);
    const second = await run({ input: w.input, output: w.output, extractOne: numberExtract() });
    expect(second).toMatchObject({ outcome: "finished", skipped: recordedFirst, succeeded: 40 - recordedFirst, failed: 0 });
    expect(ids(w.output, w.errors)).toEqual(docs(40).map((d) => (JSON.parse(d) as { id: string }).id).sort());
    // The failure of the first run stays recorded: not retried without retryErrors.
    expect(ids(w.errors)).toEqual(["d3"]);
  });

  test("retryErrors runs the failed ids again and starts the errors file afresh", async () => {
    const w = workspace(docs(10));
    await run({ input: w.input, output: w.output, extractOne: numberExtract(new Set([2, 5])) });
    expect(ids(w.errors)).toEqual(["d2", "d5"]);
    const again = await run({ input: w.input, output: w.output, extractOne: numberExtract() });
    expect(again).toMatchObject({ skipped: 10, succeeded: 0 });
    const retried = await run({ input: w.input, output: w.output, retryErrors: true, extractOne: numberExtract(new Set([5])) });
    expect(retried).toMatchObject({ skipped: 8, succeeded: 1, failed: 1 });
    expect(ids(w.output)).toEqual(["d1", "d10", "d2", "d3", "d4", "d6", "d7", "d8", "d9"]);
    expect(ids(w.errors)).toEqual(["d5"]);
  });

  test("a torn last line left by a killed run is cut off and its id done again", async () => {
    const w = workspace(docs(5));
    writeFileSync(w.output, '{"id":"d1","data":{"n":1}}\n{"id":"d2","data":{"n"');
    appendFileSync(w.errors, '{"id":"d3","error":{"class":"X","message":"m"}}\n{"id":"d4"');
    const summary = await run({ input: w.input, output: w.output, extractOne: numberExtract() });
    expect(summary.repaired).toEqual([
      { file: w.output, bytes: '{"id":"d2","data":{"n"'.length },
      { file: w.errors, bytes: '{"id":"d4"'.length },
    ]);
    expect(summary).toMatchObject({ skipped: 2, succeeded: 3 });
    expect(ids(w.output, w.errors)).toEqual(["d1", "d2", "d3", "d4", "d5"]);
  });

  test("a repeated id in the input is run once and counted as a duplicate", async () => {
    const w = workspace(['{"id":"x","text":"1"}', '{"id":"y","text":"2"}', '{"id":"x","text":"3"}']);
    const summary = await run({ input: w.input, output: w.output, extractOne: numberExtract() });
    expect(summary).toMatchObject({ succeeded: 2, duplicates: 1 });
    expect(ids(w.output)).toEqual(["x", "y"]);
  });

  test("a damaged line in the output stops the run before anything is written", async () => {
    const w = workspace(docs(3));
    writeFileSync(w.output, '{"id":"d1","data":{}}\ngarbage\n');
    const error = await run({ input: w.input, output: w.output, extractOne: numberExtract() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${w.output}:2: not valid JSON`);
    expect(readFileSync(w.output, "utf8")).toBe('{"id":"d1","data":{}}\ngarbage\n');
    expect(existsSync(`${w.output}.lock`)).toBe(false);
  });

  test.each([
    ["output and errors are the same file", (w: ReturnType<typeof workspace>) => ({ input: w.input, output: w.output, errors: w.output }), /errors: must differ from the output/],
    ["the input is the output", (w: ReturnType<typeof workspace>) => ({ input: w.input, output: w.input }), /output: must differ from the input/],
    ["the input does not exist", (w: ReturnType<typeof workspace>) => ({ input: join(w.dir, "nope.jsonl"), output: w.output }), /input: .*nope\.jsonl: no such file/],
  ])("unusable paths are a ConfigError: %s", async (_name, paths, message) => {
    const w = workspace(docs(1));
    const error = await run({ ...paths(w), extractOne: numberExtract() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  test("the API key never reaches the errors file", async () => {
    const w = workspace(docs(2));
    const apiKey = "sk-batch-secret-123456";
    const leaky: ExtractOne<Note> = async () => {
      throw new Error(`request with key ${apiKey} failed`);
    };
    await run({ input: w.input, output: w.output, apiKey, baseURL: "http://127.0.0.1:9", model: "m", extractOne: leaky });
    const text = readFileSync(w.errors, "utf8");
    expect(text).not.toContain(apiKey);
    expect(text).toContain("[redacted]");
    const validation = new ValidationError([{ path: "/n", message: "must be integer" }], { attempts: 2 });
    await run({ input: w.input, output: join(w.dir, "o2.jsonl"), extractOne: async () => Promise.reject(validation) });
    expect(readRecords(join(w.dir, "o2.errors.jsonl"))[0]?.error).toEqual({ class: "ValidationError", code: "EG_VALIDATION", message: validation.message });
  });

  test("a run whose first calls all fail with 401/403/404 stops itself", async () => {
    const w = workspace(docs(200));
    const denied: ExtractOne<Note> = async () => {
      await sleep(1);
      throw new ProviderError(401, { message: "invalid api key", retryable: false });
    };
    const summary = await run({ input: w.input, output: w.output, concurrency: 4, extractOne: denied });
    expect(summary.outcome).toBe("stopped");
    expect(summary.setupFailure).toMatch(/^the first 10 calls all failed with HTTP 401 \(.*invalid api key\); check the API key, model and base URL$/);
    // The calls in flight at the stop finish and are recorded; nothing after them starts.
    expect(summary.failed).toBeGreaterThanOrEqual(10);
    expect(summary.failed).toBeLessThanOrEqual(10 + 4);
    expect(ids(w.errors)).toHaveLength(summary.failed);
  });

  test("setup failures after a success do not stop the run (a key revoked mid-run is still recorded per id)", async () => {
    const w = workspace(docs(30));
    let calls = 0;
    const revoked: ExtractOne<Note> = async (spec, input, options) => {
      if (++calls === 1) return numberExtract()(spec, input, options);
      throw new ProviderError(403, { message: "forbidden", retryable: false });
    };
    const summary = await run({ input: w.input, output: w.output, concurrency: 1, extractOne: revoked });
    expect(summary).toMatchObject({ outcome: "finished", succeeded: 1, failed: 29 });
    expect(summary.setupFailure).toBeUndefined();
  });

  test("reads a stream (stdin) and reports progress while it runs", async () => {
    const w = workspace([]);
    const snapshots: BatchProgress[] = [];
    const summary = await run({
      input: Readable.from(docs(30).map((l) => `${l}\n`)),
      output: w.output,
      concurrency: 2,
      progressIntervalMs: 10,
      onProgress: (p) => snapshots.push(p),
      extractOne: numberExtract(new Set(), 5),
    });
    expect(summary).toMatchObject({ succeeded: 30, outcome: "finished" });
    // A stream cannot be counted ahead: the total is known once it has been read to the end.
    expect(snapshots[0]?.total).toBeUndefined();
    expect(summary.total).toBe(30);
    expect(snapshots.length).toBeGreaterThan(3);
    const counts = snapshots.map((p) => p.succeeded);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(snapshots.some((p) => p.inFlight === 2)).toBe(true);
  });
});
