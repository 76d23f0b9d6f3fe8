import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, test } from "vitest";
import { AdaptiveLimit } from "../../runtime/batch/adaptive-limit.js";
import { mapConcurrently, type Outcome } from "../../runtime/batch/concurrent-map.js";

/** Work that takes `ms` and records how many calls were in flight at once; honours its signal. */
function trackedWork(ms: (n: number) => number = () => 5) {
  const stats = { inFlight: 0, maxInFlight: 0, started: [] as number[], aborted: [] as number[] };
  const work = (n: number, signal: AbortSignal): Promise<number> => {
    stats.started.push(n);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return sleep(ms(n), undefined, { signal })
      .then(() => n * 10)
      .catch((e: unknown) => {
        stats.aborted.push(n);
        throw e;
      })
      .finally(() => stats.inFlight--);
  };
  return { stats, work };
}

/** A source that logs how many items were pulled from it and whether it was closed. */
function countingSource(count: number) {
  const log = { pulled: 0, closed: false };
  function* items(): Generator<number> {
    try {
      for (let n = 1; n <= count; n++) {
        log.pulled++;
        yield n;
      }
    } finally {
      log.closed = true;
    }
  }
  return { log, source: items() };
}

async function collect<I, R>(it: AsyncIterable<Outcome<I, R>>): Promise<Outcome<I, R>[]> {
  const out: Outcome<I, R>[] = [];
  for await (const o of it) out.push(o);
  return out;
}

describe("mapConcurrently", () => {
  test("runs every item exactly once with at most `limit` in flight", async () => {
    const { stats, work } = trackedWork((n) => (n % 7) + 1);
    const { source } = countingSource(100);
    const outcomes = await collect(mapConcurrently(source, work, { limit: new AdaptiveLimit(8) }));
    expect(outcomes.map((o) => o.item).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(outcomes.every((o) => o.ok && o.value === o.item * 10)).toBe(true);
    expect(stats.maxInFlight).toBe(8);
  });

  test("accepts async sources and yields failures as outcomes", async () => {
    async function* source(): AsyncGenerator<number> {
      for (let n = 1; n <= 5; n++) yield n;
    }
    const work = async (n: number): Promise<number> => {
      if (n % 2 === 0) throw new Error(`bad ${n}`);
      return n;
    };
    const outcomes = await collect(mapConcurrently(source(), work, { limit: new AdaptiveLimit(2) }));
    const failures = outcomes.filter((o) => !o.ok).map((o) => (o.ok ? "" : (o.error as Error).message));
    expect(failures.sort()).toEqual(["bad 2", "bad 4"]);
    expect(outcomes).toHaveLength(5);
  });

  test("pulls the source lazily: never more than the limit ahead of what was consumed", async () => {
    const { log, source } = countingSource(300);
    const { work } = trackedWork(() => 0);
    let consumed = 0;
    let maxAhead = 0;
    for await (const _ of mapConcurrently(source, work, { limit: new AdaptiveLimit(4) })) {
      consumed++;
      maxAhead = Math.max(maxAhead, log.pulled - consumed);
      // A consumer slower than the work: finished results wait for it, and hold their slots.
      await sleep(1);
    }
    expect(consumed).toBe(300);
    expect(maxAhead).toBeLessThanOrEqual(4);
  });

  test("a consumer that does not read holds the batch: results do not pile up", async () => {
    const { log, source } = countingSource(1_000);
    const { work } = trackedWork(() => 1);
    const it = mapConcurrently(source, work, { limit: new AdaptiveLimit(3) })[Symbol.asyncIterator]();
    await it.next();
    await sleep(50);
    expect(log.pulled).toBeLessThanOrEqual(4);
    await it.return();
    expect(log.closed).toBe(true);
  });

  test("outcomes keep flowing while the source is slow to give its next item", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* source(): AsyncGenerator<number> {
      yield 1;
      await gate;
      yield 2;
    }
    const it = mapConcurrently(source(), async (n: number) => n, { limit: new AdaptiveLimit(4) })[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toEqual({ item: 1, ok: true, value: 1 });
    release();
    expect((await it.next()).value).toEqual({ item: 2, ok: true, value: 2 });
    expect((await it.next()).done).toBe(true);
  });

  test("stopSignal: no new items, the ones in flight finish and are yielded", async () => {
    const { log, source } = countingSource(100);
    const { stats, work } = trackedWork(() => 30);
    const stop = new AbortController();
    const outcomes: Outcome<number, number>[] = [];
    for await (const o of mapConcurrently(source, work, { limit: new AdaptiveLimit(4), stopSignal: stop.signal })) {
      outcomes.push(o);
      if (outcomes.length === 6) stop.abort();
    }
    expect(stats.aborted).toEqual([]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    // Everything started was finished and yielded; nothing was started after the stop.
    expect(outcomes.map((o) => o.item).sort((a, b) => a - b)).toEqual([...stats.started].sort((a, b) => a - b));
    expect(stats.started.length).toBeLessThanOrEqual(6 + 4);
    expect(log.pulled).toBe(stats.started.length);
    expect(log.closed).toBe(true);
  });

  test("signal: the work in flight is aborted and dropped, the iteration ends", async () => {
    const { source } = countingSource(100);
    const { stats, work } = trackedWork((n) => (n <= 2 ? 1 : 10_000));
    const abort = new AbortController();
    const outcomes: Outcome<number, number>[] = [];
    const started = Date.now();
    for await (const o of mapConcurrently(source, work, { limit: new AdaptiveLimit(4), signal: abort.signal })) {
      outcomes.push(o);
      if (outcomes.length === 2) setTimeout(() => abort.abort(), 20);
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(outcomes.map((o) => o.item).sort()).toEqual([1, 2]);
    expect(stats.aborted.length).toBe(4);
    expect(stats.inFlight).toBe(0);
  });

  test("leaving the loop early aborts the work in flight and closes the source", async () => {
    const { log, source } = countingSource(100);
    const { stats, work } = trackedWork((n) => (n === 1 ? 1 : 10_000));
    for await (const o of mapConcurrently(source, work, { limit: new AdaptiveLimit(3) })) {
      expect(o.item).toBe(1);
      break;
    }
    expect(stats.inFlight).toBe(0);
    expect(stats.aborted.length).toBeGreaterThan(0);
    expect(log.closed).toBe(true);
  });

  test("a failing source: the work in flight is yielded first, then the error is thrown", async () => {
    async function* source(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      throw new Error("disk gone");
    }
    const { work } = trackedWork(() => 20);
    const seen: number[] = [];
    await expect(async () => {
      for await (const o of mapConcurrently(source(), work, { limit: new AdaptiveLimit(4) })) seen.push(o.item);
    }).rejects.toThrow("disk gone");
    expect(seen.sort()).toEqual([1, 2]);
  });

  test("a lowered limit lowers the calls in flight", async () => {
    const limit = new AdaptiveLimit(8);
    const { source } = countingSource(200);
    let inFlight = 0;
    let maxAfterDecrease = 0;
    let decreased = false;
    const work = async (n: number): Promise<number> => {
      inFlight++;
      if (decreased) maxAfterDecrease = Math.max(maxAfterDecrease, inFlight);
      await sleep(2);
      inFlight--;
      if (n === 20) {
        limit.onRateLimit(/* sentAt */ Date.now());
        limit.onRateLimit(/* sentAt */ Date.now() + 1);
        decreased = true;
      }
      return n;
    };
    await collect(mapConcurrently(source, work, { limit }));
    expect(limit.current).toBe(2);
    expect(maxAfterDecrease).toBeLessThanOrEqual(2);
    expect(maxAfterDecrease).toBeGreaterThan(0);
  });

  test("a Retry-After pause holds back new calls until it has passed", async () => {
    const limit = new AdaptiveLimit(4);
    const startTimes = new Map<number, number>();
    let pausedAt = 0;
    const work = async (n: number): Promise<number> => {
      startTimes.set(n, Date.now());
      await sleep(1);
      if (n === 4) {
        pausedAt = Date.now();
        limit.onRateLimit(pausedAt, /* retryAfterMs */ 150);
      }
      return n;
    };
    await collect(mapConcurrently([1, 2, 3, 4, 5, 6, 7, 8], work, { limit }));
    const afterPause = [...startTimes.entries()].filter(([, at]) => at > pausedAt).map(([n]) => n);
    expect(afterPause.length).toBeGreaterThan(0);
    for (const n of afterPause) expect((startTimes.get(n) ?? 0) - pausedAt).toBeGreaterThanOrEqual(145);
  });
});
