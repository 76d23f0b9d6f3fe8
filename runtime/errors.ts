/**
 * The runtime's error taxonomy (design.md §6, style.md rule 9): one class per outcome, each with a
 * literal `code`, the number of requests sent (`attempts`) and, when known, the reply text (`raw`),
 * token `usage` and the provider's `requestId`. Payloads are fields, never part of `message`.
 *
 * Secrets never leave an error: every string an error holds (message, stack, payloads, cause) is
 * scrubbed of the API key and of URL credentials (`https://user:pass@host`) when the error is built,
 * so `message`, `stack`, `util.inspect` and `JSON.stringify` are all safe to log.
 */
import type { ProviderName, ValidationIssue } from "./spec.js";
import type { Usage } from "./types.js";

const BRAND = Symbol.for("extractgen.error");

/** Stable codes: match on these, not on class names or messages. */
export type ExtractErrorCode =
  | "EG_PROVIDER"
  | "EG_RATE_LIMIT"
  | "EG_TIMEOUT"
  | "EG_ABORTED"
  | "EG_CONNECTION"
  | "EG_RESPONSE_TOO_LARGE"
  | "EG_REFUSAL"
  | "EG_TRUNCATED"
  | "EG_CONTENT_FILTER"
  | "EG_VALIDATION"
  | "EG_CONFIG";

/** What every error may carry besides its own payload. */
export interface ErrorInfo {
  /** Requests sent so far (transport retries and repairs included). */
  attempts?: number;
  provider?: ProviderName;
  /** The reply text, when one arrived. */
  raw?: string;
  usage?: Usage;
  requestId?: string;
  cause?: unknown;
  /** Strings to scrub from everything the error holds (the API key). Never stored. */
  secrets?: readonly string[];
}

const REDACTED = "[redacted]";
// `scheme://user:pass@` or `scheme://token@` in any text: the userinfo part is a credential.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi;
// Keys shorter than this are placeholders ("test", "x"); scrubbing them would mangle ordinary words.
const MIN_SECRET_LENGTH = 4;

/** Replace every secret and every URL credential in a string. */
export function redactText(text: string, secrets: readonly string[] | undefined): string {
  let out = text.includes("@") ? text.replace(URL_CREDENTIALS, `$1${REDACTED}@`) : text;
  if (secrets) {
    for (const secret of secrets) {
      if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
  }
  return out;
}

/** A deep copy of a JSON-like value with every string redacted (keys too). Prototype-safe. */
export function redactValue(value: unknown, secrets: readonly string[] | undefined): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, not assignment: a `__proto__` key stays an own data property.
      Object.defineProperty(out, redactText(k, secrets), { value: redactValue(v, secrets), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** A cause reduced to name, code and a redacted message: foreign errors may hold sockets or headers. */
function redactCause(cause: unknown, secrets: readonly string[] | undefined): Error | undefined {
  if (cause === undefined) return undefined;
  if (isExtractError(cause)) return cause;
  const source = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(redactText(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string") Object.defineProperty(copy, "code", { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Base class of every runtime error. Use `isExtractError` across package copies. */
export abstract class ExtractError extends Error {
  abstract readonly code: ExtractErrorCode;
  /** Requests sent (transport retries and repairs included); 0 when none was sent. */
  readonly attempts: number;
  declare readonly provider?: ProviderName;
  declare readonly raw?: string;
  declare readonly usage?: Usage;
  declare readonly requestId?: string;

  constructor(message: string, info: ErrorInfo = {}) {
    const cause = redactCause(info.cause, info.secrets);
    super(redactText(message, info.secrets), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.attempts = info.attempts ?? 0;
    if (info.provider !== undefined) this.provider = info.provider;
    if (info.raw !== undefined) this.raw = redactText(info.raw, info.secrets);
    if (info.usage !== undefined) this.usage = info.usage;
    // A request id comes from a response header: a hostile server can echo the key there.
    if (info.requestId !== undefined) this.requestId = redactText(info.requestId, info.secrets);
  }

  get [BRAND](): true {
    return true;
  }

  /** Plain data for logs: the fields, never a secret. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [k, v] of Object.entries(this)) if (v !== undefined && k !== "cause") out[k] = v;
    if (this.cause instanceof Error) out["cause"] = { name: this.cause.name, message: this.cause.message };
    return out;
  }
}

/** True for any extractgen runtime error, even one thrown by another installed copy of the package. */
export function isExtractError(e: unknown): e is ExtractError {
  return typeof e === "object" && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** The provider answered with an error status (or reported a failure inside a 200 stream). */
export class ProviderError extends ExtractError {
  readonly code = "EG_PROVIDER";
  /** The error body: parsed JSON when it was JSON, else the text (redacted either way). */
  readonly body: unknown;
  /** The provider's error type or status word (`invalid_request_error`, `INVALID_ARGUMENT`). */
  declare readonly type?: string;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  constructor(
    readonly status: number,
    detail: { message: string; body?: unknown; type?: string; retryable: boolean },
    info: ErrorInfo = {},
  ) {
    super(`${info.provider ?? "provider"} returned HTTP ${status}: ${detail.message}`, info);
    this.body = redactValue(detail.body, info.secrets);
    if (detail.type !== undefined) this.type = redactText(detail.type, info.secrets);
    this.retryable = detail.retryable;
  }
}

/** HTTP 429 after every retry: rate limit or quota. */
export class RateLimitError extends ExtractError {
  readonly code = "EG_RATE_LIMIT";
  readonly status = 429;
  readonly body: unknown;
  declare readonly type?: string;
  /** The wait the provider asked for, when it said. */
  declare readonly retryAfterMs?: number;
  constructor(detail: { message: string; body?: unknown; type?: string; retryAfterMs?: number }, info: ErrorInfo = {}) {
    super(`${info.provider ?? "provider"} rate limit (HTTP 429): ${detail.message}`, info);
    this.body = redactValue(detail.body, info.secrets);
    if (detail.type !== undefined) this.type = redactText(detail.type, info.secrets);
    if (detail.retryAfterMs !== undefined) this.retryAfterMs = detail.retryAfterMs;
  }
}

/** The whole call took longer than `timeoutMs` (retries and body included). */
export class TimeoutError extends ExtractError {
  readonly code = "EG_TIMEOUT";
  constructor(
    readonly timeoutMs: number,
    info: ErrorInfo = {},
  ) {
    super(`call exceeded timeoutMs (${timeoutMs} ms)`, info);
  }
}

/** The caller's `signal` aborted the call. */
export class AbortedError extends ExtractError {
  readonly code = "EG_ABORTED";
  constructor(info: ErrorInfo = {}) {
    super("call aborted by signal", info);
  }
}

/** The connection failed or dropped, on every attempt. */
export class ConnectionError extends ExtractError {
  readonly code = "EG_CONNECTION";
  constructor(what: string, info: ErrorInfo = {}) {
    super(`connection failed: ${what}`, info);
  }
}

/** The reply was larger than `maxResponseBytes`; reading stopped there. */
export class ResponseTooLargeError extends ExtractError {
  readonly code = "EG_RESPONSE_TOO_LARGE";
  constructor(
    readonly limit: number,
    info: ErrorInfo = {},
  ) {
    super(`reply exceeds maxResponseBytes (${limit} bytes)`, info);
  }
}

/** The model refused (a safety refusal). Never retried. */
export class RefusalError extends ExtractError {
  readonly code = "EG_REFUSAL";
  readonly refusal: string;
  constructor(refusal: string, info: ErrorInfo = {}) {
    super("the model refused to answer", info);
    this.refusal = redactText(refusal, info.secrets);
  }
}

/** The reply hit the output token limit, so its JSON is cut. Not re-asked with the same limit. */
export class TruncatedError extends ExtractError {
  readonly code = "EG_TRUNCATED";
  /** The provider's reason (`length`, `max_tokens`, `MAX_TOKENS`, `max_output_tokens`). */
  readonly reason: string;
  constructor(
    reason: string,
    /** The `maxOutputTokens` the request carried, when it set one. */
    readonly limit: number | undefined,
    info: ErrorInfo = {},
  ) {
    super(`reply cut at the output token limit (${reason}${limit === undefined ? "" : `, maxOutputTokens ${limit}`}); raise maxOutputTokens`, info);
    this.reason = redactText(reason, info.secrets);
  }
}

/** The provider's content filter blocked the prompt or cut the reply. */
export class ContentFilterError extends ExtractError {
  readonly code = "EG_CONTENT_FILTER";
  /** The provider's reason (`content_filter`, `SAFETY`, a `blockReason`, ...). */
  readonly reason: string;
  constructor(reason: string, info: ErrorInfo = {}) {
    super(`blocked by the provider's content filter (${reason})`, info);
    this.reason = redactText(reason, info.secrets);
  }
}

/** The reply was not valid JSON for the schema, after every repair. */
export class ValidationError extends ExtractError {
  readonly code = "EG_VALIDATION";
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], info: ErrorInfo = {}) {
    const first = issues[0];
    const where = first ? `${first.path || "/"}: ${first.message}` : "invalid";
    super(`reply does not match the schema (${issues.length} issue${issues.length === 1 ? "" : "s"}; ${where})`, info);
    this.issues = redactValue(issues, info.secrets) as ValidationIssue[];
  }
}

/** An option, environment variable or input is missing or invalid. */
export class ConfigError extends ExtractError {
  readonly code = "EG_CONFIG";
  /** What is wrong and how to fix it. */
  readonly hint: string;
  constructor(
    /** The option or input field at fault, e.g. `timeoutMs`, `input[1].content[0].mimeType`. */
    readonly field: string,
    hint: string,
    info: ErrorInfo = {},
  ) {
    super(`${field}: ${hint}`, info);
    this.hint = redactText(hint, info.secrets);
  }
}
