/**
 * extractMany over real HTTP against the mock provider (#7): faults injected on the wire, the real
 * `extract` with its retries, and the adaptive limit fed by the 429s the transport sees.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extractMany, type BatchInput, type BatchResult } from "../../runtime/batch.js";
import { startMockProvider, type MockProvider, type MockStep } from "../../runtime/testing/index.js";
import { type Note, noteSpec } from "./batch-fixtures.js";

/** An answer given as is: the mock then skips sampling (which compiles a validator per request). */
const answer = (n: number, latencyMs?: number): MockStep => ({ kind: "value", value: { n }, ...(latencyMs !== undefined && { latencyMs }) });

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ seed: 11 });
});
afterAll(() => mock.close());

const inputs = (count: number): BatchInput[] => Array.from({ length: count }, (_, i) => ({ id: `doc-${i + 1}`, input: `document ${i + 1}` }));

async function collect(results: AsyncIterable<BatchResult<Note>>): Promise<BatchResult<Note>[]> {
  const out: BatchResult<Note>[] = [];
  for await (const r of results) out.push(r);
  return out;
}

const options = (model: string) => ({ baseURL: mock.url, apiKey: "test-key", model, provider: "openai" as const });

describe("extractMany over HTTP", () => {
  test("every input ends exactly once, through 429s with Retry-After, 5xx and dropped connections", async () => {
    const faults: MockStep[] = [
      { kind: "rate-limit", retryAfterMs: 20 },
      // A short retry-after-ms keeps the test fast; drops back off the default 0.5 s.
      { kind: "error", status: 502, headers: { "retry-after-ms": "5" } },
      { kind: "drop" },
      answer(1, 15),
      { kind: "error", status: 500, headers: { "x-should-retry": "false" } },
      { kind: "drop", afterBytes: 30 },
      { kind: "rate-limit", retryAfter: "0" },
    ];
    mock.script("flaky", [...Array.from({ length: 5 }, () => faults).flat(), ...Array.from({ length: 200 }, (_, i) => answer(i))]);
    const results = await collect(extractMany(noteSpec, inputs(60), { ...options("flaky"), concurrency: 6, maxRetries: 2 }));
    expect(results.map((r) => r.id).sort()).toEqual(inputs(60).map((i) => i.id).sort());
    const failed = results.filter((r) => "error" in r);
    // The non-retryable 500s fail their input; everything else recovers within two retries.
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) expect("error" in r && r.error.name).toMatch(/ProviderError|ConnectionError|RateLimitError/);
    for (const r of results) if ("data" in r) expect(Number.isInteger(r.data.n)).toBe(true);
  });

  test("429s that extract retried away still slow the batch down, and it climbs back", async () => {
    const changes: number[] = [];
    // The first 12 requests are rate limited (each retried by extract), the rest answer slowly.
    mock.script("limited", [
      ...Array.from({ length: 12 }, () => ({ kind: "rate-limit", retryAfterMs: 10 }) as const),
      ...Array.from({ length: 400 }, (_, i) => answer(i, 2)),
    ]);
    const results = await collect(
      extractMany(noteSpec, inputs(200), { ...options("limited"), concurrency: 8, maxRetries: 5, onConcurrencyChange: (current) => changes.push(current) }),
    );
    // Every call recovered inside extract, so no error reached the batch...
    expect(results.filter((r) => "error" in r)).toEqual([]);
    // ...and still the batch halved its concurrency at the 429s on the wire, then grew back to 8.
    expect(Math.min(...changes)).toBeLessThanOrEqual(4);
    expect(changes.at(-1)).toBe(8);
  });
});
