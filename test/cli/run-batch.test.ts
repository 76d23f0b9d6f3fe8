/**
 * The `extractgen run` runner in-process (#7): TTY progress, stop signals, exit codes, with a fake
 * stderr and signal source, against the mock provider over real HTTP.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { runExtractor, type RunIo } from "../../generator/cli/run-batch.js";
import type { RunArgs } from "../../generator/cli/run.js";
import { startMockProvider, type MockProvider, type MockStep } from "../../runtime/testing/index.js";

const API_KEY = "sk-in-process-key-987654321";
let mock: MockProvider;
let work: string;
let runs = 0;

beforeAll(async () => {
  mock = await startMockProvider({ seed: 5, apiKey: API_KEY });
  work = mkdtempSync(join(tmpdir(), "extractgen-run-batch-"));
  mkdirSync(join(work, "schemas"));
  writeFileSync(join(work, "schemas", "note.schema.json"), JSON.stringify({ title: "Note", type: "object", properties: { n: { type: "integer" } }, required: ["n"] }));
  vi.stubEnv("EXTRACTGEN_API_KEY", API_KEY);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await mock.close();
  rmSync(work, { recursive: true, force: true });
});

const answers = (count: number, latencyMs?: number): MockStep[] =>
  Array.from({ length: count }, (_, i) => ({ kind: "value", value: { n: i }, ...(latencyMs !== undefined && { latencyMs }) }));

/** A fake process: stderr captured, signals sent by the test. */
function fakeIo(tty: boolean): { io: RunIo; stderr: () => string; send: (signal: "SIGINT" | "SIGTERM") => void } {
  let text = "";
  let listener: ((signal: "SIGINT" | "SIGTERM") => void) | undefined;
  const io: RunIo = {
    cwd: work,
    stdin: (async function* () {})(),
    stderr: { write: (chunk: string) => (text += chunk), isTTY: tty, columns: 100 },
    onStopSignal: (l) => {
      listener = l;
      return () => (listener = undefined);
    },
  };
  return { io, stderr: () => text, send: (signal) => listener?.(signal) };
}

/** Arguments for a fresh run over `count` documents with the mock model `model`. */
function args(model: string, count: number, more: Partial<RunArgs> = {}): RunArgs & { output: string } {
  const dir = join(work, `r${++runs}`);
  mkdirSync(dir);
  const input = join(dir, "in.jsonl");
  writeFileSync(input, Array.from({ length: count }, (_, i) => `${JSON.stringify({ id: `d${i + 1}`, text: `doc ${i + 1}` })}\n`).join(""));
  return { name: "Note", schemas: "schemas", input, output: join(dir, "out.jsonl"), concurrency: 4, retryErrors: false, model, baseUrl: mock.url, provider: "openai", ...more };
}

/** Wait until the mock has received `count` requests for `model` (calls are in flight). */
async function callsReceived(model: string, count: number): Promise<void> {
  while (mock.requests.filter((r) => r.model === model).length < count) await sleep(10);
}

const lines = (path: string): string[] => readFileSync(path, "utf8").split("\n").filter((l) => l !== "");

describe("runExtractor", () => {
  test("exit 0 when every input is extracted; a TTY gets a redrawn bar, then the summary", async () => {
    mock.script("tty", answers(40, 5));
    const fake = fakeIo(/* tty */ true);
    const a = args("tty", 40);
    expect(await runExtractor(a, fake.io)).toBe(0);
    expect(lines(a.output)).toHaveLength(40);
    const out = fake.stderr();
    expect(out).toMatch(/\r\x1b\[2K\[[█░]{40}\] \d+\/40 \d+% \| [\d.]+\/s \| 0 errors \| ETA /);
    expect(out).toMatch(/\r\x1b\[2Kdone: 40 extracted, 0 failed, 0 already done\n/);
    expect(out).toMatch(/tokens: \d+ in, \d+ out, \d+ total\n$/);
  });

  test("exit 1 when some inputs failed, naming the errors file", async () => {
    mock.script("failing", [{ kind: "error", status: 400, message: "bad request" }, ...answers(10)]);
    const fake = fakeIo(false);
    const a = args("failing", 5, { maxRetries: 0 });
    expect(await runExtractor(a, fake.io)).toBe(1);
    expect(fake.stderr()).toContain(`failures are in ${a.output.replace(/\.jsonl$/, ".errors.jsonl")}`);
  });

  test("exit 2 for configuration errors: a bad option, an unknown extractor", async () => {
    const bad = fakeIo(false);
    expect(await runExtractor(args("x", 1, { concurrency: 0 }), bad.io)).toBe(2);
    expect(bad.stderr()).toContain("error: concurrency: must be a whole number from 1 up (got 0)");
    const unknown = fakeIo(false);
    expect(await runExtractor(args("x", 1, { name: "Missing" }), unknown.io)).toBe(2);
    expect(unknown.stderr()).toContain("EG_EXTRACTOR_NOT_FOUND");
  });

  test("a wrong API key stops the run after its first calls: exit 2, and the key is printed nowhere", async () => {
    const wrongKey = "sk-wrong-key-000111222333";
    vi.stubEnv("EXTRACTGEN_API_KEY", wrongKey);
    try {
      const fake = fakeIo(false);
      const a = args("any", 200);
      expect(await runExtractor(a, fake.io)).toBe(2);
      expect(fake.stderr()).toMatch(/error: stopped early: the first 10 calls all failed with HTTP 401 .*; then run again with --retry-errors/);
      const errors = readFileSync(a.output.replace(/\.jsonl$/, ".errors.jsonl"), "utf8");
      expect(lines(a.output.replace(/\.jsonl$/, ".errors.jsonl")).length).toBeLessThan(20);
      expect(fake.stderr() + errors).not.toContain(wrongKey);
    } finally {
      vi.stubEnv("EXTRACTGEN_API_KEY", API_KEY);
    }
  });

  test("SIGINT: no more input, the calls in flight finish and are written, exit 130", async () => {
    mock.script("interrupted", answers(100, 200));
    const fake = fakeIo(false);
    const a = args("interrupted", 100);
    const running = runExtractor(a, fake.io);
    await callsReceived("interrupted", 4);
    fake.send("SIGINT");
    expect(await running).toBe(130);
    expect(fake.stderr()).toMatch(/SIGINT: taking no more input; waiting up to 10s for \d+ call\(s\) in flight/);
    expect(fake.stderr()).toMatch(/^stopped: \d+ extracted, 0 failed/m);
    const written = lines(a.output).length;
    expect(written).toBeGreaterThanOrEqual(4);
    expect(written).toBeLessThan(100);
  });

  test("a second signal abandons the calls in flight at once", async () => {
    mock.script("stuck", answers(20, 30_000));
    const fake = fakeIo(false);
    const a = args("stuck", 20);
    const running = runExtractor(a, fake.io);
    await callsReceived("stuck", 4);
    const stoppedAt = Date.now();
    fake.send("SIGTERM");
    fake.send("SIGTERM");
    expect(await running).toBe(143);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(readFileSync(a.output, "utf8")).toBe("");
  });
});

describe("runExtractor reads the project config as generate does", () => {
  test("schemas, refMap and the default model come from extractgen.config.json; --ref-map adds to it", async () => {
    const project = join(work, "configured");
    mkdirSync(join(project, "contracts"), { recursive: true });
    mkdirSync(join(project, "vendored"), { recursive: true });
    writeFileSync(join(project, "vendored", "party.json"), JSON.stringify({ type: "object", properties: { name: { type: "string" } }, required: ["name"] }));
    writeFileSync(
      join(project, "contracts", "order.schema.json"),
      JSON.stringify({ title: "Order", type: "object", properties: { buyer: { $ref: "https://acme.test/party.json" } }, required: ["buyer"] }),
    );
    writeFileSync(join(project, "extractgen.config.json"), JSON.stringify({ schemas: "contracts", model: "from-config", refMap: { "https://acme.test/": "vendored" } }));
    mock.script("from-config", [{ kind: "value", value: { buyer: { name: "Acme" } } }]);
    const fake = fakeIo(false);
    const input = join(project, "in.jsonl");
    writeFileSync(input, `${JSON.stringify({ id: "a", text: "Acme orders" })}\n`);
    const output = join(project, "out.jsonl");
    const run: RunArgs = { name: "Order", input, output, concurrency: 1, retryErrors: false, baseUrl: mock.url, provider: "openai" };
    expect(await runExtractor(run, { ...fake.io, cwd: project })).toBe(0);
    expect(lines(output).map((l) => JSON.parse(l))).toEqual([{ id: "a", data: { buyer: { name: "Acme" } } }]);
    expect(mock.requests.filter((r) => r.model === "from-config")).toHaveLength(1);

    // Without the config's refMap the remote $ref is unresolved: exit 2 and the diagnostic says so.
    writeFileSync(join(project, "extractgen.config.json"), JSON.stringify({ schemas: "contracts" }));
    const bare = fakeIo(false);
    expect(await runExtractor({ ...run, output: join(project, "out2.jsonl") }, { ...bare.io, cwd: project })).toBe(2);
    expect(bare.stderr()).toMatch(/EG_REF_UNRESOLVED contracts\/order\.schema\.json#\/properties\/buyer\/\$ref/);
    // ... and --ref-map supplies it.
    mock.script("flag", [{ kind: "value", value: { buyer: { name: "Bolt" } } }]);
    const flagged = fakeIo(false);
    expect(await runExtractor({ ...run, model: "flag", output: join(project, "out3.jsonl"), refMap: ["https://acme.test/=vendored"] }, { ...flagged.io, cwd: project })).toBe(0);
  });

  test("a malformed --ref-map or config is a usage error (exit 2) that names it", async () => {
    const fake = fakeIo(false);
    expect(await runExtractor({ ...args("x", 1), refMap: ["no-equals-sign"] }, fake.io)).toBe(2);
    expect(fake.stderr()).toMatch(/--ref-map "no-equals-sign": expected <url-prefix>=<dir>/);
    const bad = fakeIo(false);
    expect(await runExtractor({ ...args("x", 1), config: "missing.config.json" }, bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/missing\.config\.json/);
  });
});
