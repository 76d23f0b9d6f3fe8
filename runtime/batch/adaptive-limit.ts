/**
 * How many calls a batch may have in flight, adjusted to the provider's rate limits (#7).
 *
 * Additive increase, multiplicative decrease, as TCP congestion control does it: a 429 halves the
 * limit; every success adds 1/limit, so a full window of successes raises it by one, back up to the
 * configured maximum. A 429 also holds back new calls until its Retry-After has passed, since the
 * provider said so for the whole key, not only for the call that got it.
 *
 * Calls sent before the last decrease were sent under the old, larger limit: their 429s say nothing
 * new, so they do not halve again (one decrease per window, like TCP's once per round trip).
 */
export class AdaptiveLimit {
  readonly max: number;
  #limit: number;
  #lastDecreaseAt = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  readonly #now: () => number;

  /** `max` is the configured concurrency; `now` is the clock (injected so tests need no timers). */
  constructor(max: number, now: () => number = Date.now) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
    this.max = max;
    this.#limit = max;
    this.#now = now;
  }

  /** Calls allowed in flight right now (at least 1). */
  get current(): number {
    return Math.max(1, Math.floor(this.#limit));
  }

  /** Milliseconds until new calls may start (0: now). */
  pauseRemainingMs(): number {
    return Math.max(0, this.#pausedUntil - this.#now());
  }

  /** A call succeeded: grow by one per window of successes, up to `max`. */
  onSuccess(): void {
    this.#limit = Math.min(this.max, this.#limit + 1 / this.#limit);
  }

  /**
   * A call sent at `sentAt` (same clock) got a 429. Halves the limit unless the call was sent before
   * the last decrease, and holds back new calls for `retryAfterMs` when the provider gave one.
   */
  onRateLimit(sentAt: number, retryAfterMs?: number): void {
    const now = this.#now();
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.#pausedUntil = Math.max(this.#pausedUntil, now + retryAfterMs);
    if (sentAt <= this.#lastDecreaseAt) return;
    this.#limit = Math.max(1, this.#limit / 2);
    this.#lastDecreaseAt = now;
  }
}
