import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extractMany, type BatchInput, type BatchResult, type ExtractOne } from "../../runtime/batch.js";
import { observeRateLimits } from "../../runtime/batch/rate-limit-observer.js";
import { ConfigError, ProviderError, RateLimitError } from "../../runtime/errors.js";
import type { ExtractOptions } from "../../runtime/types.js";
import { type Note, noteResult, noteSpec as spec } from "./batch-fixtures.js";

const inputs = (count: number): BatchInput[] => Array.from({ length: count }, (_, i) => ({ id: `doc-${i + 1}`, input: String(i + 1) }));

/** An extractOne that answers after `ms`, counts calls in flight, and records what it was given. */
function fakeExtract(behave: (n: number, call: number) => "ok" | Error = () => "ok", ms = 3) {
  const stats = { inFlight: 0, maxInFlight: 0, calls: 0, inFlightTrace: [] as number[], options: [] as ExtractOptions[] };
  const extractOne: ExtractOne<Note> = async (_spec, input, options) => {
    const call = ++stats.calls;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.inFlightTrace.push(stats.inFlight);
    stats.options.push(options);
    try {
      await sleep(ms, undefined, options.signal ? { signal: options.signal } : {});
      const outcome = behave(Number(input), call);
      if (outcome !== "ok") throw outcome;
      return noteResult(Number(input));
    } finally {
      stats.inFlight--;
    }
  };
  return { stats, extractOne };
}

async function collect(results: AsyncIterable<BatchResult<Note>>): Promise<BatchResult<Note>[]> {
  const out: BatchResult<Note>[] = [];
  for await (const r of results) out.push(r);
  return out;
}

describe("extractMany", () => {
  test("every input yields exactly one result, with data, usage and attempts", async () => {
    const { stats, extractOne } = fakeExtract();
    const results = await collect(extractMany(spec, inputs(50), { extractOne }));
    expect(results.map((r) => r.id).sort()).toEqual(inputs(50).map((i) => i.id).sort());
    const first = results.find((r) => r.id === "doc-7");
    expect(first).toEqual({ id: "doc-7", data: { n: 7 }, usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 }, attempts: 1 });
    expect(stats.maxInFlight).toBe(8); // the default concurrency
  });

  test("respects the concurrency option", async () => {
    const { stats, extractOne } = fakeExtract();
    await collect(extractMany(spec, inputs(30), { extractOne, concurrency: 3 }));
    expect(stats.maxInFlight).toBe(3);
  });

  test("failures are results too, with the error that remained", async () => {
    const { extractOne } = fakeExtract((n) => (n % 5 === 0 ? new ProviderError(500, { message: "boom", retryable: true }) : "ok"));
    const results = await collect(extractMany(spec, inputs(20), { extractOne }));
    const failed = results.filter((r) => "error" in r);
    expect(failed.map((r) => r.id).sort()).toEqual(["doc-10", "doc-15", "doc-20", "doc-5"]);
    for (const r of failed) expect("error" in r && r.error).toBeInstanceOf(ProviderError);
  });

  test("call options reach every call, with the batch's signal and an observing client", async () => {
    const { stats, extractOne } = fakeExtract();
    await collect(extractMany(spec, inputs(3), { extractOne, model: "m-1", maxRetries: 5, maxRepairs: 0 }));
    for (const options of stats.options) {
      expect(options).toMatchObject({ model: "m-1", maxRetries: 5, maxRepairs: 0 });
      expect(options.signal).toBeInstanceOf(AbortSignal);
      expect(typeof (options.client as Dispatcher).dispatch).toBe("function");
      expect(options).not.toHaveProperty("concurrency");
      expect(options).not.toHaveProperty("extractOne");
    }
  });

  test("429s lower the calls in flight, and successes raise them again", async () => {
    // Calls 20..49 are rate limited; everything else succeeds.
    const { stats, extractOne } = fakeExtract((_n, call) => (call >= 20 && call < 50 ? new RateLimitError({ message: "slow down" }) : "ok"), 5);
    const changes: number[] = [];
    const onConcurrencyChange = (current: number, max: number): void => void changes.push(current, max);
    const results = await collect(extractMany(spec, inputs(300), { extractOne, concurrency: 8, onConcurrencyChange }));
    expect(results).toHaveLength(300);
    const reported = changes.filter((_, i) => i % 2 === 0);
    expect(changes.filter((_, i) => i % 2 === 1).every((max) => max === 8)).toBe(true);
    expect(reported.slice(0, 2)).toEqual([4, 2]);
    expect(reported.at(-1)).toBe(8);
    // Calls in flight at each start, as the most over each run of 8 starts: down to half, then back.
    const trace = stats.inFlightTrace;
    const windows = Array.from({ length: trace.length - 8 }, (_, i) => Math.max(...trace.slice(i, i + 8)));
    expect(Math.max(...windows.slice(0, 15))).toBe(8);
    expect(Math.min(...windows.slice(20, 60))).toBeLessThanOrEqual(2);
    expect(Math.max(...windows.slice(-20))).toBe(8);
  });

  test("an invalid concurrency is a ConfigError", async () => {
    const { extractOne } = fakeExtract();
    for (const concurrency of [0, -2, 1.5]) {
      await expect(collect(extractMany(spec, inputs(1), { extractOne, concurrency }))).rejects.toThrow(ConfigError);
    }
  });

  test("bad call options fail once, before any input is read", async () => {
    let pulled = 0;
    function* source(): Generator<BatchInput> {
      pulled++;
      yield { id: "a", input: "x" };
    }
    const error = await collect(extractMany(spec, source(), { baseURL: "http://127.0.0.1:9", model: "m", apiKey: "" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("apiKey");
    expect(pulled).toBe(0);
  });

  test("aborting the signal aborts the calls in flight; they are not yielded", async () => {
    const { stats, extractOne } = fakeExtract(() => "ok", 10_000);
    const abort = new AbortController();
    const watch = setInterval(() => stats.calls === 8 && abort.abort(), 5);
    const started = Date.now();
    const results = await collect(extractMany(spec, inputs(100), { extractOne, signal: abort.signal }));
    clearInterval(watch);
    expect(results).toEqual([]);
    expect(stats.calls).toBe(8);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("stopSignal: calls in flight finish and are yielded, no new input is taken", async () => {
    const stop = new AbortController();
    // Stop as the fourth call starts: those four finish, no fifth starts.
    const { stats, extractOne } = fakeExtract(() => "ok", 40);
    const stopAtFourth: typeof extractOne = (s, input, options) => {
      const call = extractOne(s, input, options);
      if (stats.calls === 4) stop.abort();
      return call;
    };
    const results = await collect(extractMany(spec, inputs(100), { extractOne: stopAtFourth, stopSignal: stop.signal, concurrency: 4 }));
    expect(stats.calls).toBe(4);
    expect(results.map((r) => r.id).sort()).toEqual(["doc-1", "doc-2", "doc-3", "doc-4"]);
  });
});

describe("observeRateLimits (real HTTP)", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/limited") {
        res.writeHead(429, { "retry-after": "2", "content-type": "application/json" });
        res.end('{"error":{"message":"slow down"}}');
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("reports each 429 with its send time and Retry-After; replies pass through unchanged", async () => {
    const agent = new Agent();
    const seen: [number, number | undefined][] = [];
    const client = observeRateLimits(agent, (sentAt, retryAfterMs) => seen.push([sentAt, retryAfterMs]));
    const before = Date.now();
    const limited = await client.request({ origin, path: "/limited", method: "POST", body: "{}" });
    expect(limited.statusCode).toBe(429);
    expect(await limited.body.text()).toBe('{"error":{"message":"slow down"}}');
    const fine = await client.request({ origin, path: "/fine", method: "GET" });
    expect(fine.statusCode).toBe(200);
    expect(await fine.body.json()).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    const [sentAt, retryAfterMs] = seen[0] as [number, number | undefined];
    expect(sentAt).toBeGreaterThanOrEqual(before);
    expect(retryAfterMs).toBe(2_000);
    await agent.close();
  });
});
