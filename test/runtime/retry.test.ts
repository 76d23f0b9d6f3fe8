import { afterEach, describe, expect, test, vi } from "vitest";
import { CallAbort, waitForRetry } from "../../runtime/http.js";
import { DEFAULT_RETRY_POLICY, type FailedAttempt, retryDelayMs, type RetryPolicy } from "../../runtime/retry.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2, jitter: 0 };
const attempt = (fields: Partial<FailedAttempt>): FailedAttempt => ({ now: NOW, ...fields });

type Case = [name: string, { retry?: number; given: FailedAttempt; policy?: Partial<RetryPolicy>; want: number | undefined }];

const cases: Case[] = [
  ["first backoff is 0.5 s", { given: attempt({ status: 500 }), want: 500 }],
  ["second backoff doubles", { retry: 1, given: attempt({ status: 503 }), policy: { maxRetries: 5 }, want: 1000 }],
  ["backoff is capped at 8 s", { retry: 6, given: attempt({ status: 500 }), policy: { maxRetries: 10 }, want: 8000 }],
  ["jitter shortens by up to 25 %", { given: attempt({ status: 500 }), policy: { jitter: 1 }, want: 375 }],
  ["half jitter shortens by 12.5 %", { given: attempt({ status: 500 }), policy: { jitter: 0.5 }, want: 438 }],
  ["out of retries", { retry: 2, given: attempt({ status: 500 }), want: undefined }],
  ["maxRetries 0 never retries", { given: attempt({ status: 500 }), policy: { maxRetries: 0 }, want: undefined }],
  ["408 is retried", { given: attempt({ status: 408 }), want: 500 }],
  ["409 is retried", { given: attempt({ status: 409 }), want: 500 }],
  ["429 is retried", { given: attempt({ status: 429 }), want: 500 }],
  ["529 is retried", { given: attempt({ status: 529 }), want: 500 }],
  ["400 is not retried", { given: attempt({ status: 400 }), want: undefined }],
  ["401 is not retried", { given: attempt({ status: 401 }), want: undefined }],
  ["404 is not retried", { given: attempt({ status: 404 }), want: undefined }],
  ["a connection failure is retried", { given: attempt({}), want: 500 }],
  ["retry-after-ms wins", { given: attempt({ status: 429, headers: { "retry-after-ms": "120", "retry-after": "7" } }), want: 120 }],
  ["fractional retry-after-ms", { given: attempt({ status: 429, headers: { "retry-after-ms": "12.5" } }), want: 12.5 }],
  ["retry-after in seconds", { given: attempt({ status: 429, headers: { "retry-after": "3" } }), want: 3000 }],
  ["retry-after as an HTTP date", { given: attempt({ status: 503, headers: { "retry-after": new Date(NOW + 4000).toUTCString() } }), want: 4000 }],
  ["retry-after date in the past means now", { given: attempt({ status: 503, headers: { "retry-after": new Date(NOW - 4000).toUTCString() } }), want: 0 }],
  ["retry-after over 60 s falls back to backoff", { given: attempt({ status: 429, headers: { "retry-after": "3600" } }), want: 500 }],
  ["garbage retry-after falls back to backoff", { given: attempt({ status: 429, headers: { "retry-after": "soon" } }), want: 500 }],
  ["Gemini RetryInfo in the body", { given: attempt({ status: 429, bodyRetryDelayMs: 1500 }), want: 1500 }],
  ["headers win over the body hint", { given: attempt({ status: 429, headers: { "retry-after": "2" }, bodyRetryDelayMs: 1500 }), want: 2000 }],
  ["x-should-retry: false stops a 503", { given: attempt({ status: 503, headers: { "x-should-retry": "false" } }), want: undefined }],
  ["x-should-retry: true retries a 400", { given: attempt({ status: 400, headers: { "x-should-retry": "true" } }), want: 500 }],
  ["x-should-retry: true still respects maxRetries", { retry: 2, given: attempt({ status: 400, headers: { "x-should-retry": "true" } }), want: undefined }],
  ["a permanent 429 (exhausted quota) is not retried", { given: attempt({ status: 429, permanent: true }), want: undefined }],
  ["array header values use the first", { given: attempt({ status: 429, headers: { "retry-after-ms": ["40", "90"] } }), want: 40 }],
];

describe("retryDelayMs", () => {
  for (const [name, { retry = 0, given, policy: override, want }] of cases) {
    test(name, () => expect(retryDelayMs(retry, given, { ...policy, ...override })).toBe(want));
  }
});

describe("waitForRetry", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("resolves after the delay", async () => {
    vi.useFakeTimers();
    const done = vi.fn();
    const wait = waitForRetry(2000, new CallAbort()).then(done);
    await vi.advanceTimersByTimeAsync(1999);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await wait;
    expect(done).toHaveBeenCalled();
  });

  test("an abort rejects at once and clears the timer", async () => {
    vi.useFakeTimers();
    const controller = new CallAbort();
    const wait = waitForRetry(8000, controller);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort("stop");
    await expect(wait).rejects.toBe("stop");
    expect(vi.getTimerCount()).toBe(0);
  });

  test("an already aborted signal rejects without a timer", async () => {
    vi.useFakeTimers();
    const aborted = new CallAbort();
    aborted.abort("gone");
    await expect(waitForRetry(8000, aborted)).rejects.toBe("gone");
    expect(vi.getTimerCount()).toBe(0);
  });
});
