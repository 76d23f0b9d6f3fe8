import { describe, expect, test } from "vitest";
import { readInputRecord, type InputRecord } from "../../runtime/batch/input-record.js";
import { formatDuration, formatProgressBar, formatProgressLine, formatSummary, RateMeter, type BatchProgress } from "../../runtime/batch/progress.js";

describe("readInputRecord", () => {
  const messages = [{ role: "user" as const, content: "hi" }];
  const cases: [string, { given: string; want: InputRecord | RegExp }][] = [
    ["text with an id", { given: '{"id":"a1","text":"hello"}', want: { id: "a1", input: "hello" } }],
    ["messages with an id", { given: JSON.stringify({ id: "m", messages }), want: { id: "m", input: messages } }],
    ["no id: the line number", { given: '{"text":"x"}', want: { id: "17", input: "x" } }],
    ["a numeric id becomes a string", { given: '{"id":42,"text":"x"}', want: { id: "42", input: "x" } }],
    ["other keys are ignored", { given: '{"id":"a","text":"x","meta":{"k":1}}', want: { id: "a", input: "x" } }],
    ["invalid JSON", { given: '{"id":"a","text":', want: /^line 17 is not valid JSON/ }],
    ["an array", { given: "[1,2]", want: /^line 17 must be an object/ }],
    ["a bad id", { given: '{"id":true,"text":"x"}', want: /"id" must be a non-empty string or a number/ }],
    ["an empty id", { given: '{"id":"","text":"x"}', want: /"id" must be a non-empty string/ }],
    ["neither text nor messages", { given: '{"id":"a"}', want: /has no "text" \(a string\) or "messages"/ }],
    ["both text and messages", { given: JSON.stringify({ id: "a", text: "x", messages }), want: /either "text" or "messages", not both/ }],
    ["text not a string", { given: '{"id":"a","text":5}', want: /"text" must be a string/ }],
    ["messages not an array", { given: '{"id":"a","messages":"hi"}', want: /"messages" must be an array/ }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const record = readInputRecord(given, 17);
      if (want instanceof RegExp) {
        expect(record).toHaveProperty("problem");
        expect((record as { problem: string }).problem).toMatch(want);
      } else {
        expect(record).toEqual(want);
      }
    });
  }

  test("a problem keeps the line's own id when it has a valid one, else the line number", () => {
    expect(readInputRecord('{"id":"keep"}', 3).id).toBe("keep");
    expect(readInputRecord("nope", 3).id).toBe("3");
    expect(readInputRecord('{"id":[1]}', 3).id).toBe("3");
  });
});

const base: BatchProgress = {
  total: 3000,
  skipped: 0,
  succeeded: 1197,
  failed: 3,
  invalid: 0,
  duplicates: 0,
  inFlight: 8,
  concurrency: 8,
  maxConcurrency: 8,
  ratePerSecond: 45.2,
  elapsedMs: 26_000,
  usage: { inputTokens: 1000, outputTokens: 200, totalTokens: 1200 },
};

describe("progress formatting", () => {
  const lineCases: [string, { given: Partial<BatchProgress> & { unknownTotal?: true }; want: string }][] = [
    ["the issue's example", { given: {}, want: "1200/3000 done, 3 errors, 45/s" }],
    ["unknown total", { given: { unknownTotal: true }, want: "1200/? done, 3 errors, 45/s" }],
    ["skipped ids count as done", { given: { skipped: 500, failed: 1 }, want: "1698/3000 done, 1 error, 45/s" }],
    ["slow rates keep a decimal", { given: { ratePerSecond: 0.25 }, want: "1200/3000 done, 3 errors, 0.3/s" }],
    ["a lowered concurrency is shown", { given: { concurrency: 2 }, want: "1200/3000 done, 3 errors, 45/s, rate limited: 2/8 in flight" }],
  ];
  for (const [name, { given, want }] of lineCases) {
    test(`line: ${name}`, () => {
      const { unknownTotal, ...changes } = given;
      const p: BatchProgress = { ...base, ...changes };
      if (unknownTotal) delete p.total;
      expect(formatProgressLine(p)).toBe(want);
    });
  }

  test("bar: fills in proportion and shows rate, errors and ETA", () => {
    const bar = formatProgressBar(base, 100);
    expect(bar).toBe(`[${"█".repeat(16)}${"░".repeat(24)}] 1200/3000 40% | 45/s | 3 errors | ETA 40s`);
    expect(bar.length).toBeLessThanOrEqual(100);
  });

  test("bar: drops the bar on a narrow terminal and never exceeds the width", () => {
    const bar = formatProgressBar(base, 30);
    expect(bar.length).toBeLessThan(30);
    expect(bar.startsWith("1200/3000")).toBe(true);
  });

  test("bar: unknown total or zero rate gives an unknown ETA", () => {
    const { total: _total, ...noTotal } = base;
    expect(formatProgressBar(noTotal, 100)).toContain("1200/? | 45/s | 3 errors | ETA ?");
    expect(formatProgressBar({ ...base, ratePerSecond: 0 }, 100)).toContain("ETA ?");
  });

  test("summary: counts, elapsed, rate and tokens", () => {
    const p = { ...base, skipped: 10, invalid: 1, duplicates: 2, usage: { ...base.usage, reasoningTokens: 50 } };
    expect(formatSummary(p, "finished")).toBe(
      [
        "done: 1197 extracted, 3 failed (1 invalid input line), 10 already done, 2 duplicate ids skipped",
        "elapsed 26s, 46/s",
        "tokens: 1000 in, 200 out (50 reasoning), 1200 total",
      ].join("\n"),
    );
    expect(formatSummary(base, "stopped").startsWith("stopped: ")).toBe(true);
  });

  test.each([
    [1_234, "1.2s"],
    [42_000, "42s"],
    [185_000, "3m05s"],
    [7_620_000, "2h07m"],
  ])("formatDuration(%i) = %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  test("RateMeter: the rate over the window, older samples forgotten", () => {
    const meter = new RateMeter(/* windowMs */ 10_000);
    expect(meter.sample(0, 0)).toBe(0);
    expect(meter.sample(1_000, 100)).toBe(100);
    expect(meter.sample(2_000, 200)).toBe(100);
    // A stall: the rate falls as the window slides past the busy part.
    expect(meter.sample(11_000, 200)).toBeCloseTo(10, 5);
    expect(meter.sample(22_000, 200)).toBe(0);
  });
});
