/**
 * `extractgen run` end to end (#7): the built CLI in a child process against the mock provider over
 * real HTTP, with injected faults, SIGKILL at random moments, SIGTERM and stdin.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startMockProvider, type MockProvider, type MockStep } from "../../runtime/testing/index.js";
import { BUILT_CLI, ensureBuilt } from "../helpers/built-cli.js";

const cli = BUILT_CLI;
const API_KEY = "sk-run-test-key-0123456789";

let mock: MockProvider;
let work: string;
let runCount = 0;

beforeAll(async () => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), "extractgen-run-cli-"));
  mkdirSync(join(work, "schemas"));
  writeFileSync(
    join(work, "schemas", "note.schema.json"),
    JSON.stringify({
      title: "Note",
      description: "Extract the note's number and a short summary.",
      type: "object",
      properties: { n: { type: "integer" }, summary: { type: "string" } },
      required: ["n", "summary"],
    }),
  );
  mock = await startMockProvider({ seed: 3, apiKey: API_KEY });
}, 120_000);

afterAll(async () => {
  await mock?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh run folder with an input of `count` documents `d1..dN`. */
function runFolder(count: number, extraLines: string[] = []): { dir: string; input: string; output: string; errors: string; ids: string[] } {
  const dir = join(work, `run${++runCount}`);
  mkdirSync(dir);
  const ids = Array.from({ length: count }, (_, i) => `d${i + 1}`);
  const input = join(dir, "in.jsonl");
  writeFileSync(input, [...ids.map((id) => JSON.stringify({ id, text: `document ${id}` })), ...extraLines].map((l) => `${l}\n`).join(""));
  return { dir, input, output: join(dir, "out.jsonl"), errors: join(dir, "out.errors.jsonl"), ids };
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Start the CLI; `model` picks the mock script. */
function startCli(args: string[], model: string, stdin?: string) {
  const child = spawn(process.execPath, [cli, "run", "Note", "--schemas", join(work, "schemas"), "--model", model, ...args], {
    cwd: work,
    env: { ...process.env, EXTRACTGEN_BASE_URL: mock.url, EXTRACTGEN_API_KEY: API_KEY, EXTRACTGEN_PROVIDER: "openai" },
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  if (stdin !== undefined) child.stdin.end(stdin);
  else child.stdin.end();
  const exited = new Promise<Exit>((resolveExit) => child.on("exit", (code, signal) => resolveExit({ code, signal, stderr })));
  return { child, exited, stderr: () => stderr };
}

function fileArgs(f: { input: string; output: string }, ...more: string[]): string[] {
  return ["--input", f.input, "--output", f.output, ...more];
}

/**
 * The two result files as the resume logic sees them: every complete line must be a record, and
 * no id may appear twice across both files. A torn last line (no newline yet) is allowed: the next
 * run cuts it.
 */
function recordedIds(output: string, errors: string): string[] {
  const ids: string[] = [];
  for (const file of [output, errors]) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    const complete = text.slice(0, text.lastIndexOf("\n") + 1);
    for (const line of complete.split("\n").filter((l) => l !== "")) {
      const record = JSON.parse(line) as { id?: unknown; data?: unknown; error?: unknown };
      expect(typeof record.id).toBe("string");
      expect("data" in record || "error" in record).toBe(true);
      ids.push(record.id as string);
    }
  }
  expect(new Set(ids).size, "an id was written twice").toBe(ids.length);
  return ids.sort();
}

const sorted = (ids: string[]): string[] => [...ids].sort();

/** `count` answers given as is (the mock then skips sampling, which compiles a validator per request). */
function answers(count: number, latencyMs?: number): MockStep[] {
  return Array.from({ length: count }, (_, i) => ({ kind: "value", value: { n: i, summary: `note ${i}` }, ...(latencyMs !== undefined && { latencyMs }) }));
}

describe("extractgen run", () => {
  test("every input ends up exactly once in output or errors, through 429s, 5xx and dropped connections", async () => {
    const f = runFolder(60, ["{this is not json"]);
    const faults: MockStep[] = [
      { kind: "rate-limit", retryAfterMs: 30 },
      ...answers(1),
      { kind: "error", status: 503, headers: { "retry-after-ms": "5" } },
      { kind: "drop" },
      ...answers(1, 20),
      { kind: "rate-limit", retryAfter: "0" },
      { kind: "error", status: 500, headers: { "retry-after-ms": "5" } },
      { kind: "drop", afterBytes: 20 },
    ];
    // Then three calls that fail every retry (--max-retries 1: two attempts each) and end in errors.
    const fatal: MockStep[] = Array.from({ length: 6 }, () => ({ kind: "error", status: 503, headers: { "retry-after-ms": "5" } }) as const);
    mock.script("faulty", [...faults, ...faults, ...fatal, ...answers(100)]);
    const { exited } = startCli(fileArgs(f, "--concurrency", "1", "--max-retries", "1"), "faulty");
    const exit = await exited;
    expect(exit.code, exit.stderr).toBe(1);
    const ids = recordedIds(f.output, f.errors);
    expect(ids).toEqual(sorted([...f.ids, "61"]));
    const errors = readFileSync(f.errors, "utf8");
    expect(errors).toContain('"id":"61","error":{"class":"InputError","message":"line 61 is not valid JSON');
    expect(errors).toMatch(/"class":"ProviderError","code":"EG_PROVIDER","message":"[^"]*503[^"]*","status":503/);
    expect(exit.stderr).toMatch(/done: \d+ extracted, \d+ failed \(1 invalid input line\), 0 already done/);
    expect(exit.stderr).toMatch(/tokens: \d+ in, \d+ out/);
    expect(errors + readFileSync(f.output, "utf8") + exit.stderr).not.toContain(API_KEY);
  });

  test("runs killed with SIGKILL at random moments resume to every id exactly once", { timeout: 60_000 }, async () => {
    const f = runFolder(300);
    mock.script("slow", answers(3000, 10));
    let seed = 20_261_122;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const lineCount = (): number => (existsSync(f.output) ? readFileSync(f.output, "utf8").split("\n").length - 1 : 0);
    const kills: string[] = [];
    for (let round = 0; round < 4; round++) {
      // Kill mid-run: once this run has written a random number of lines, after a random extra delay.
      const start = lineCount();
      const target = start + 1 + Math.floor(random() * Math.max(1, (300 - start) / 2));
      const run = startCli(fileArgs(f, "--concurrency", "8"), "slow");
      let exited = false;
      void run.exited.then(() => (exited = true));
      while (!exited && lineCount() < target) await sleep(5);
      if (exited) break;
      await sleep(Math.floor(random() * 20));
      run.child.kill("SIGKILL");
      const exit = await run.exited;
      if (exit.signal === "SIGKILL") kills.push(`${start}->${lineCount()} lines`);
      // After every kill the files hold only whole records (a torn tail aside), no id twice.
      recordedIds(f.output, f.errors);
    }
    expect(kills.length, "no run was killed mid-way").toBeGreaterThanOrEqual(3);
    const last = await startCli(fileArgs(f), "slow").exited;
    expect(last.code, `${last.stderr}\nkills: ${kills.join(", ")}`).toBe(0);
    expect(recordedIds(f.output, f.errors)).toEqual(sorted(f.ids));
    expect(existsSync(`${f.output}.lock`)).toBe(false);
  });

  test("SIGTERM: no new input, calls in flight are written, exit 143; progress lines every 2 s", { timeout: 30_000 }, async () => {
    const f = runFolder(100);
    mock.script("steady", answers(200, 250));
    const answered = new Set<string>();
    const before = mock.requests.length;
    const run = startCli(fileArgs(f, "--concurrency", "4"), "steady");
    // Once results flow (signal handlers are in place), let it run past one 2 s progress line.
    while (!existsSync(f.output) || readFileSync(f.output, "utf8") === "") await sleep(20);
    await sleep(2_300);
    run.child.kill("SIGTERM");
    const exit = await run.exited;
    expect(exit.code, exit.stderr).toBe(143);
    expect(exit.stderr).toMatch(/^\d+\/100 done, 0 errors, [\d.]+\/s$/m);
    expect(exit.stderr).toContain("SIGTERM: taking no more input");
    expect(exit.stderr).toMatch(/^stopped: \d+ extracted, 0 failed/m);
    // Every request the mock answered is in the output: nothing in flight was lost.
    for (const request of mock.requests.slice(before)) {
      if (request.status !== 200) continue;
      const text = JSON.stringify(request.body);
      const id = /document (d\d+)/.exec(text)?.[1];
      if (id) answered.add(id);
    }
    const written = recordedIds(f.output, f.errors);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(100);
    expect(written).toEqual(sorted([...answered]));
  });

  test("reads stdin with -; ids default to line numbers", async () => {
    const f = runFolder(0);
    const lines = ['{"text":"first"}', "", '{"text":"third"}', '{"id":"x","text":"fourth"}'].map((l) => `${l}\n`).join("");
    mock.script("stdin-model", answers(3));
    const exit = await startCli(["--input", "-", "--output", f.output], "stdin-model", lines).exited;
    expect(exit.code, exit.stderr).toBe(0);
    expect(recordedIds(f.output, f.errors)).toEqual(["1", "3", "x"]);
  });

  test("an unknown extractor is a usage error naming the ones there are", async () => {
    const f = runFolder(1);
    const child = spawn(process.execPath, [cli, "run", "Nope", "--schemas", join(work, "schemas"), ...fileArgs(f)], { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(code).toBe(2);
    expect(stderr).toContain('error EG_EXTRACTOR_NOT_FOUND: no extractor named "Nope"');
    expect(stderr).toContain('hint: did you mean "Note"? names here: Note');
  });
});
