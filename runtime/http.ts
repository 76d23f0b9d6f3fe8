/**
 * The transport: the only runtime file that touches sockets (style.md rule 7). It sends what a
 * dialect built, retries what the retry policy says, and enforces the call's budgets:
 *
 * - `timeoutMs` covers the whole call (retries, backoff and every body byte). A timer aborts the
 *   request when it expires, and the deadline is also checked on every body chunk, so a body that
 *   trickles in cannot outlive it.
 * - the caller's `signal` aborts at once: the socket is closed and a pending backoff timer cleared.
 * - `maxResponseBytes` stops reading a larger body (from `content-length` before reading, else at
 *   the chunk that crosses the limit) without ever holding more than the limit in memory.
 *
 * Connections come from the caller's `client` (any undici Dispatcher), else from one shared
 * keep-alive Agent (a Pool per origin), so calls reuse sockets.
 */
import { EventEmitter } from "node:events";
import { Agent, type Dispatcher } from "undici";
import {
  AbortedError,
  ConnectionError,
  type ErrorInfo,
  type ExtractError,
  isExtractError,
  ProviderError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
} from "./errors.js";
import type { ResolvedCallOptions } from "./options.js";
import type { DialectRequest } from "./providers/dialect.js";
import { readErrorBody } from "./providers/error-body.js";
import { requestJson } from "./request-json.js";
import { DEFAULT_RETRY_POLICY, type FailedAttempt, isRetryable, type RetryPolicy, retryDelayMs, serverDelayMs } from "./retry.js";

/** Error bodies are summaries: read at most this much of one. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
const KEEP_ALIVE_MS = 30_000;

type Headers = Record<string, string | string[] | undefined>;

let sharedAgent: Agent | undefined;

/** The shared keep-alive Agent. Its own timeouts are off: the call deadline governs. */
function sharedDispatcher(): Dispatcher {
  sharedAgent ??= new Agent({ keepAliveTimeout: KEEP_ALIVE_MS, headersTimeout: 0, bodyTimeout: 0 });
  return sharedAgent;
}

/**
 * What aborts a call's requests and backoff waits. undici takes an EventEmitter with `aborted` and
 * `reason` as a request signal, and one costs a small fraction of an AbortSignal per call (creating
 * an AbortSignal and adding undici's listener to it costs more than the rest of the runtime's own
 * work on a call), so the caller's AbortSignal, if any, is only listened to.
 */
export class CallAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit("abort");
  }
}

/**
 * One call's transport state: its budgets, the abort wiring and the count of requests sent. Start
 * one per `extract`/`stream` call with `startHttpCall` and `close()` it when the call ends.
 */
export interface HttpCall {
  readonly options: ResolvedCallOptions;
  /** Requests sent so far (every retry and repair counts). */
  attempts: number;
  /** Aborted when the caller aborts or the deadline passes. */
  readonly signal: CallAbort;
  /** When the call's budget runs out, in `Date.now()` ms. */
  readonly deadline: number;
  /** Error info for an error thrown now: attempts, provider, secrets. */
  info(extra?: ErrorInfo): ErrorInfo;
  /** The error for an aborted call (TimeoutError or AbortedError), or undefined if not aborted. */
  abortError(): ExtractError | undefined;
  /** Abort the call as the caller's signal would (a stream consumer that left its loop). */
  cancel(): void;
  /** Throw TimeoutError if the deadline has passed (checked on every body chunk). */
  checkDeadline(): void;
  /** Clear the deadline timer and the signal listener. Idempotent. */
  close(): void;
}

/** Start the transport state of one call; throws AbortedError if the signal already fired. */
export function startHttpCall(options: ResolvedCallOptions): HttpCall {
  const call = new CallState(options);
  const early = call.abortError();
  if (early) {
    call.close();
    throw early;
  }
  return call;
}

/** The HttpCall of one call; it is its own abort source (one object per call on the hot path). */
class CallState extends CallAbort implements HttpCall {
  attempts = 0;
  readonly deadline: number;
  private cause: "timeout" | "abort" | undefined = undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly onUserAbort = (): void => this.stop("abort");

  constructor(readonly options: ResolvedCallOptions) {
    super();
    this.deadline = Date.now() + options.timeoutMs;
    this.timer = setTimeout(() => this.stop("timeout"), options.timeoutMs);
    this.timer.unref();
    const user = options.signal;
    if (user?.aborted) this.stop("abort");
    else user?.addEventListener("abort", this.onUserAbort, { once: true });
  }

  get signal(): CallAbort {
    return this;
  }

  info(extra?: ErrorInfo): ErrorInfo {
    return { attempts: this.attempts, provider: this.options.provider, secrets: this.options.secrets, ...extra };
  }

  abortError(): ExtractError | undefined {
    if (this.cause === "timeout") return new TimeoutError(this.options.timeoutMs, this.info());
    if (this.cause === "abort") return new AbortedError(this.info());
    return undefined;
  }

  cancel(): void {
    this.stop("abort");
  }

  checkDeadline(): void {
    if (Date.now() > this.deadline) this.stop("timeout");
    const error = this.abortError();
    if (error) throw error;
  }

  close(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener("abort", this.onUserAbort);
  }

  private stop(why: "timeout" | "abort"): void {
    if (this.cause !== undefined) return;
    this.cause = why;
    this.abort(why === "timeout" ? TIMEOUT_REASON : ABORT_REASON);
  }
}

// Sentinel abort reasons: undici rejects with the reason, and these are never shown to users.
const TIMEOUT_REASON = Object.freeze({ extractgen: "timeout" });
const ABORT_REASON = Object.freeze({ extractgen: "abort" });

/** A parsed JSON reply. */
export interface JsonReply {
  status: number;
  body: unknown;
  /** The body text as received (for `raw` in errors). */
  text: string;
  requestId?: string;
}

/** An open streaming reply: status 2xx, headers, and the body bytes under the call's budgets. */
export interface HttpStream {
  status: number;
  headers: Headers;
  requestId?: string;
  /** Body chunks. Errors are ExtractErrors (TimeoutError, AbortedError, ConnectionError, ResponseTooLargeError). */
  body: AsyncIterable<Uint8Array>;
}

/**
 * Send a request and parse its JSON reply, retrying failed attempts (status, connection, a body
 * cut mid-way) as the retry policy allows.
 */
export async function sendJson(call: HttpCall, request: DialectRequest): Promise<JsonReply> {
  return sendWithRetries(call, request, async (res, requestId) => {
    const bytes = await readLimited(res, call, call.options.maxResponseBytes, /* failOverLimit */ true);
    const text = bytes.toString("utf8");
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const error = readErrorBody(res.statusCode, text);
      throw new ProviderError(res.statusCode, { message: `reply is not JSON (${error.message})`, body: text, retryable: false }, call.info(withRequestId(requestId)));
    }
    const reply: JsonReply = { status: res.statusCode, body, text };
    if (requestId !== undefined) reply.requestId = requestId;
    return reply;
  });
}

/**
 * Send a streaming request and return once a 2xx status arrives; failures before that are retried
 * like `sendJson`. The body is yielded chunk by chunk under the deadline, abort and size budgets;
 * leaving the loop early closes the connection.
 */
export async function openStream(call: HttpCall, request: DialectRequest): Promise<HttpStream> {
  return sendWithRetries(call, request, async (res, requestId) => {
    const stream: HttpStream = { status: res.statusCode, headers: res.headers, body: limitedBody(res, call) };
    if (requestId !== undefined) stream.requestId = requestId;
    return stream;
  });
}

/** Wait `ms` unless the call is aborted first; the timer is cleared on abort. */
export function waitForRetry(ms: number, signal: CallAbort): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.off("abort", onAbort);
      resolve();
    }, ms);
    signal.once("abort", onAbort);
  });
}

type Consume<R> = (res: Dispatcher.ResponseData, requestId: string | undefined) => Promise<R>;

async function sendWithRetries<R>(call: HttpCall, request: DialectRequest, consume: Consume<R>): Promise<R> {
  const { origin, path } = target(call.options.baseURL, request.path);
  const payload = requestJson(request.body);
  const dispatcher = (call.options.client as Dispatcher | undefined) ?? sharedDispatcher();
  const headers = { "content-type": "application/json", "user-agent": "extractgen", ...request.headers };
  for (let retry = 0; ; retry++) {
    call.checkDeadline();
    call.attempts++;
    let error: ExtractError;
    let failed: FailedAttempt;
    try {
      const res = await dispatcher.request({ origin, path, method: request.method, headers, body: payload, signal: call.signal });
      const requestId = readRequestId(res.headers);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        try {
          return await consume(res, requestId);
        } catch (e) {
          // A body cut mid-way loses the whole reply: retry it like a failed connection.
          if (isExtractError(e) || call.signal.aborted) throw e;
          throw new BodyDropped(e);
        }
      }
      const text = (await readLimited(res, call, MAX_ERROR_BODY_BYTES, /* failOverLimit */ false)).toString("utf8");
      const summary = readErrorBody(res.statusCode, text);
      failed = { status: res.statusCode, headers: res.headers, now: Date.now() };
      if (summary.retryDelayMs !== undefined) failed.bodyRetryDelayMs = summary.retryDelayMs;
      if (summary.permanent) failed.permanent = true;
      const info = call.info({ ...withRequestId(requestId), raw: text });
      if (res.statusCode === 429) {
        const detail: ConstructorParameters<typeof RateLimitError>[0] = { message: summary.message, body: summary.body };
        if (summary.type !== undefined) detail.type = summary.type;
        const asked = serverDelayMs(failed);
        if (asked !== undefined) detail.retryAfterMs = asked;
        error = new RateLimitError(detail, info);
      } else {
        const detail: ConstructorParameters<typeof ProviderError>[1] = { message: summary.message, body: summary.body, retryable: isRetryable(failed) };
        if (summary.type !== undefined) detail.type = summary.type;
        error = new ProviderError(res.statusCode, detail, info);
      }
    } catch (e) {
      const aborted = call.abortError();
      if (aborted) throw aborted;
      if (isExtractError(e)) throw e;
      const cause = e instanceof BodyDropped ? e.cause : e;
      const what = e instanceof BodyDropped ? "dropped mid-reply" : describeConnectionError(cause);
      error = new ConnectionError(`${what} (${call.options.baseURL})`, call.info({ cause }));
      failed = { now: Date.now() };
    }
    // Built on the failure path only: `{ ...spread, more }` costs V8 microseconds (bench/RESULTS.md).
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: call.options.maxRetries, jitter: Math.random() };
    const delay = retryDelayMs(retry, failed, policy);
    // Out of retries, or the wait would outlast the deadline: the last failure is the answer.
    if (delay === undefined || Date.now() + delay >= call.deadline) throw error;
    try {
      await waitForRetry(delay, call.signal);
    } catch {
      throw call.abortError() ?? error;
    }
  }
}

/** Marks a failure while reading a 2xx body, so the retry loop can name it. */
class BodyDropped extends Error {
  constructor(override readonly cause: unknown) {
    super("body dropped");
  }
}

/**
 * Read a body up to `limit` bytes: past it, fail (replies) or stop and keep what came (error
 * bodies). Plain stream events, not an async iterator: this runs on every call.
 */
function readLimited(res: Dispatcher.ResponseData, call: HttpCall, limit: number, failOverLimit: boolean): Promise<Buffer> {
  const body = res.body;
  if (failOverLimit && Number(res.headers["content-length"]) > limit) {
    body.destroy();
    return Promise.reject(new ResponseTooLargeError(limit, call.info()));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    const fail = (error: unknown): void => {
      body.off("data", onData);
      body.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      try {
        call.checkDeadline();
      } catch (e) {
        return fail(e);
      }
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      if (failOverLimit) return fail(new ResponseTooLargeError(limit, call.info()));
      chunks.push(chunk.subarray(0, chunk.length - (size - limit)));
      size = limit;
      body.off("data", onData);
      body.destroy();
      done();
    };
    body.on("data", onData);
    body.once("end", done);
    body.once("error", reject);
  });
}

async function* limitedBody(res: Dispatcher.ResponseData, call: HttpCall): AsyncGenerator<Uint8Array, void, undefined> {
  const limit = call.options.maxResponseBytes;
  let size = 0;
  let finished = false;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      call.checkDeadline();
      size += chunk.length;
      if (size > limit) throw new ResponseTooLargeError(limit, call.info());
      yield chunk;
    }
    finished = true;
  } catch (e) {
    const aborted = call.abortError();
    if (aborted) throw aborted;
    if (isExtractError(e)) throw e;
    throw new ConnectionError(`dropped mid-stream (${call.options.baseURL})`, call.info({ cause: e }));
  } finally {
    if (!finished) res.body.destroy();
  }
}

const targets = new Map<string, { origin: string; prefix: string }>();

/** Split the base URL into origin and path prefix once per base URL. */
function target(baseURL: string, path: string): { origin: string; path: string } {
  let t = targets.get(baseURL);
  if (t === undefined) {
    // Base URLs are few; a program minting many must not grow this without bound.
    if (targets.size > 64) targets.clear();
    const url = new URL(baseURL);
    t = { origin: url.origin, prefix: url.pathname.replace(/\/+$/, "") };
    targets.set(baseURL, t);
  }
  return { origin: t.origin, path: t.prefix + path };
}

function readRequestId(headers: Headers): string | undefined {
  const id = headers["x-request-id"] ?? headers["request-id"] ?? headers["x-goog-request-id"];
  return Array.isArray(id) ? id[0] : id;
}

function withRequestId(requestId: string | undefined): ErrorInfo {
  return requestId === undefined ? {} : { requestId };
}

function describeConnectionError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code === "UND_ERR_SOCKET" ? "socket closed by the server" : code;
  return e instanceof Error ? e.message : String(e);
}
