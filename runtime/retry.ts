/**
 * The transport retry policy as a pure function (style.md rule 8), following what the official
 * OpenAI and Anthropic SDKs do (wire-formats.md §0.4): retry 408, 409, 429, 5xx (529 included) and
 * connection failures; let the server decide with `x-should-retry`; wait what the server asks
 * (`retry-after-ms`, `retry-after` in seconds or as an HTTP date, Gemini's `RetryInfo.retryDelay`
 * in the body) when that is at most a minute, else back off exponentially with jitter.
 */

/** How many retries and how long to wait between them. */
export interface RetryPolicy {
  maxRetries: number;
  /** First backoff delay; doubled per retry. */
  initialDelayMs: number;
  /** Backoff cap. */
  maxDelayMs: number;
  /** A server-requested delay longer than this is ignored (the SDKs' 60 s rule). */
  maxHonouredDelayMs: number;
  /** A number in [0, 1): the backoff is shortened by up to 25 % of itself, times this. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, "maxRetries" | "jitter"> = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxHonouredDelayMs: 60_000,
};

/** What one failed attempt looked like. */
export interface FailedAttempt {
  /** HTTP status; absent when the connection failed before a status arrived (or dropped mid-body). */
  status?: number;
  /** Response headers, lower-cased names. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  /** A delay the error body asked for (Gemini `RetryInfo.retryDelay`). */
  bodyRetryDelayMs?: number;
  /** The body says retrying cannot help (e.g. OpenAI `insufficient_quota`). */
  permanent?: boolean;
  /** Current time in ms since the epoch, for `retry-after` HTTP dates. */
  now: number;
}

const RETRYABLE_STATUSES = new Set([408, 409, 429]);

/** Whether a status is worth retrying when the server does not say. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status >= 500;
}

/**
 * The delay before retry number `retry` (0 for the first retry), or `undefined` when the attempt
 * must not be retried (out of retries, not retryable, or the server said `x-should-retry: false`).
 */
export function retryDelayMs(retry: number, attempt: FailedAttempt, policy: RetryPolicy): number | undefined {
  if (retry >= policy.maxRetries || !isRetryable(attempt)) return undefined;
  const asked = serverDelayMs(attempt);
  if (asked !== undefined && asked >= 0 && asked <= policy.maxHonouredDelayMs) return asked;
  const backoff = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
  return Math.round(backoff * (1 - 0.25 * policy.jitter));
}

/** Whether sending the same request again may help: the server's `x-should-retry`, else the status. */
export function isRetryable(attempt: FailedAttempt): boolean {
  const shouldRetry = header(attempt.headers, "x-should-retry");
  if (shouldRetry === "true") return true;
  if (shouldRetry === "false" || attempt.permanent) return false;
  return attempt.status === undefined || isRetryableStatus(attempt.status);
}

/** The delay the server asked for: `retry-after-ms`, then `retry-after`, then the body hint. */
export function serverDelayMs(attempt: FailedAttempt): number | undefined {
  const ms = header(attempt.headers, "retry-after-ms");
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value)) return value;
  }
  const after = header(attempt.headers, "retry-after");
  if (after !== undefined) {
    const seconds = Number(after);
    if (after.trim() !== "" && Number.isFinite(seconds)) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - attempt.now);
  }
  return attempt.bodyRetryDelayMs;
}

function header(headers: FailedAttempt["headers"], name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}
