import { describe, expect, test } from "vitest";
import { AdaptiveLimit } from "../../runtime/batch/adaptive-limit.js";

/** A limit on a hand-driven clock. */
function limitAt(max: number): { limit: AdaptiveLimit; clock: { now: number } } {
  const clock = { now: 1_000 };
  return { limit: new AdaptiveLimit(max, () => clock.now), clock };
}

describe("AdaptiveLimit", () => {
  test("starts at the configured maximum", () => {
    expect(limitAt(8).limit.current).toBe(8);
  });

  test("a 429 halves the limit, down to 1 and never below", () => {
    const { limit, clock } = limitAt(8);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      clock.now += 10;
      limit.onRateLimit(/* sentAt */ clock.now);
      seen.push(limit.current);
    }
    expect(seen).toEqual([4, 2, 1, 1, 1]);
  });

  test("429s of calls sent before the last decrease do not halve again", () => {
    const { limit, clock } = limitAt(8);
    const sentAt = clock.now;
    clock.now += 50;
    limit.onRateLimit(sentAt);
    limit.onRateLimit(sentAt);
    limit.onRateLimit(sentAt + 10);
    expect(limit.current).toBe(4);
    clock.now += 50;
    limit.onRateLimit(/* sent after the decrease */ clock.now - 1);
    expect(limit.current).toBe(2);
  });

  test("successes grow the limit by one per window, back to the maximum and no further", () => {
    const { limit, clock } = limitAt(8);
    clock.now += 1;
    limit.onRateLimit(clock.now);
    clock.now += 1;
    limit.onRateLimit(clock.now);
    expect(limit.current).toBe(2);
    const trace: number[] = [];
    for (let i = 0; i < 60; i++) {
      limit.onSuccess();
      trace.push(limit.current);
    }
    // Each step up takes about one window of successes: ~3 to go from 3 to 4, ~6 from 6 to 7.
    expect(trace.indexOf(4) - trace.indexOf(3)).toBeGreaterThanOrEqual(3);
    expect(trace.indexOf(4) - trace.indexOf(3)).toBeLessThanOrEqual(4);
    expect(trace.indexOf(7) - trace.indexOf(6)).toBeGreaterThanOrEqual(6);
    expect(trace.indexOf(7) - trace.indexOf(6)).toBeLessThanOrEqual(7);
    expect(trace).toEqual([...trace].sort((a, b) => a - b));
    expect(trace.at(-1)).toBe(8);
    expect(Math.max(...trace)).toBe(8);
  });

  test("Retry-After holds back new calls until it has passed", () => {
    const { limit, clock } = limitAt(4);
    expect(limit.pauseRemainingMs()).toBe(0);
    limit.onRateLimit(clock.now, /* retryAfterMs */ 2_000);
    expect(limit.pauseRemainingMs()).toBe(2_000);
    clock.now += 1_500;
    expect(limit.pauseRemainingMs()).toBe(500);
    // A stale 429 still extends the pause (the provider is still asking for quiet), not shortens it.
    limit.onRateLimit(/* sentAt */ 0, 100);
    expect(limit.pauseRemainingMs()).toBe(500);
    limit.onRateLimit(/* sentAt */ 0, 3_000);
    expect(limit.pauseRemainingMs()).toBe(3_000);
    clock.now += 3_000;
    expect(limit.pauseRemainingMs()).toBe(0);
  });

  test.each([0, -1, 1.5, Number.NaN])("rejects concurrency %s", (max) => {
    expect(() => new AdaptiveLimit(max)).toThrow(/concurrency must be a positive integer/);
  });
});
