/**
 * `stream`: one structured-output call whose reply is shown while it arrives (#5, design.md §6).
 *
 * The request is `extract`'s with the dialect's streaming flag. The body goes through the SSE
 * decoder, each event through the dialect's `readEvent`, and each text delta into one incremental
 * JSON parser, so the whole stream costs O(n) in its length however small its chunks are. When the
 * stream ends, the text is checked exactly as `extract` checks a reply (its own functions: finish
 * reason, JSON picking, restore, validation against the ORIGINAL schema).
 */
import { ConnectionError, type ErrorInfo, type ExtractError, ProviderError, ValidationError } from "./errors.js";
import { checkReply, dialectCall, finishError, replyText, restorePlanOf } from "./extract.js";
import { type HttpCall, type HttpStream, MAX_ERROR_BODY_BYTES, openStream, startHttpCall, waitForRetry } from "./http.js";
import { toMessages } from "./messages.js";
import { resolveCallOptions } from "./options.js";
import { PartialJsonError, PartialJsonParser } from "./partial-json.js";
import { type DialectCall, type DialectDelta, type DialectReply, mergeUsage } from "./providers/dialect.js";
import { readErrorBody } from "./providers/error-body.js";
import { DIALECTS } from "./providers/index.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./retry.js";
import { MAX_REPLY_DEPTH } from "./reply-json.js";
import { isSseDone, type SseEvent, SseDecoder } from "./sse.js";
import type { ExtractorSpec, ProviderName } from "./spec.js";
import { sniffStreamBody } from "./stream-body.js";
import { streamPositions } from "./stream-positions.js";
import type { DeepPartial, ExtractInput, ExtractOptions, ExtractResult, ExtractStream, Usage } from "./types.js";

const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, totalTokens: 0 }) as Usage;

/**
 * Stream growing deep-partial snapshots of the extracted value; `final()` gives the validated value.
 *
 * Snapshots:
 * - Each yielded value is the reply so far as a deep partial of the type: objects and arrays appear
 *   when they open, strings grow, numbers, booleans, `null` and enum/const values appear only once
 *   complete. A value once shown never changes, except a string that grows longer.
 * - Snapshots are one live value that grows in place: each `next()` returns the same root object
 *   (or array), with more in it. That keeps the whole stream O(n): nothing is copied per chunk, so a
 *   slow consumer or a 100k-item array costs nothing extra. Keep a snapshot past the next iteration
 *   only as a copy (`structuredClone`), e.g. for React state that needs a new reference.
 * - At most one snapshot per network chunk, and only when something visible changed; a consumer
 *   slower than the network skips to the latest one.
 * - Snapshots follow the provider's wire schema, with what restoring would undo hidden: a wrapped
 *   root (`{value: ...}` for OpenAI strict mode) is unwrapped, a `null` that means "absent" is not
 *   shown, and undeclared keys of closed objects are not shown. They are not validated: only
 *   `final()` is.
 *
 * Ending:
 * - The iteration ends when `final()` resolves, and throws what `final()` rejects with: the same
 *   errors as `extract` (RefusalError, TruncatedError, ContentFilterError, ValidationError, ...). A
 *   failure reported inside the stream is a ProviderError; a stream cut before the reply ended is a
 *   ConnectionError, never a silent end. Either is retried (within `maxRetries`) only while no
 *   snapshot has been shown.
 * - A streamed reply that fails validation is not re-asked: repairing it would replace what the
 *   snapshots showed, so `final()` rejects with ValidationError (use `extract` for repairs).
 * - Leaving the loop early (`break`, `return`, a throw) cancels the call and closes the connection;
 *   `final()` then rejects with AbortedError. So does aborting `options.signal`, at once.
 * - `final()` is parsed anew from the whole reply text (as `extract` parses it), so it is a
 *   separate object from the snapshots.
 *
 * @example
 * const s = stream(invoiceSpec, text, { model: "gpt-4o-mini" });
 * for await (const partial of s) render(partial.lines ?? []);
 * const { data, usage } = await s.result();
 */
export function stream<T>(spec: ExtractorSpec<T>, input: ExtractInput, options?: ExtractOptions): ExtractStream<T> {
  return new SnapshotStream(spec, input, options);
}

class SnapshotStream<T> implements ExtractStream<T> {
  private snapshot: DeepPartial<T> | undefined;
  /** Bumped whenever a new snapshot is available. */
  private version = 0;
  private settled = false;
  private failure: unknown;
  private waiters: (() => void)[] = [];
  /** Set when a consumer leaves its loop early: the call is cancelled. */
  private readonly cancellation: Cancellation = { cancelled: false };
  private readonly outcome: Promise<ExtractResult<T>>;

  constructor(spec: ExtractorSpec<T>, input: ExtractInput, options: ExtractOptions | undefined) {
    this.outcome = run(spec, input, options, this.cancellation, (snapshot) => {
      this.snapshot = snapshot;
      this.version++;
      this.wake();
    });
    this.outcome.then(
      () => this.settle(undefined),
      (error: unknown) => this.settle(error),
    );
  }

  final(): Promise<T> {
    return this.outcome.then((result) => result.data);
  }

  result(): Promise<ExtractResult<T>> {
    return this.outcome;
  }

  [Symbol.asyncIterator](): AsyncIterator<DeepPartial<T>> {
    let seen = 0;
    return {
      next: async (): Promise<IteratorResult<DeepPartial<T>>> => {
        for (;;) {
          if (this.settled && this.failure !== undefined) throw this.failure;
          if (this.version > seen) {
            seen = this.version;
            return { done: false, value: this.snapshot as DeepPartial<T> };
          }
          if (this.settled) return { done: true, value: undefined };
          await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
      },
      return: async (): Promise<IteratorResult<DeepPartial<T>>> => {
        if (!this.settled) {
          this.cancellation.cancelled = true;
          this.cancellation.http?.cancel();
        }
        return { done: true, value: undefined };
      },
    };
  }

  private settle(error: unknown): void {
    this.settled = true;
    this.failure = error;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** How a consumer's early exit reaches the call, whose transport may not exist yet. */
interface Cancellation {
  cancelled: boolean;
  http?: HttpCall;
}

/**
 * The call: open the stream, read it to its end while publishing snapshots, then check the reply.
 * Rejects with an ExtractError.
 */
async function run<T>(
  spec: ExtractorSpec<T>,
  input: ExtractInput,
  options: ExtractOptions | undefined,
  cancellation: Cancellation,
  publish: (snapshot: DeepPartial<T>) => void,
): Promise<ExtractResult<T>> {
  const resolved = resolveCallOptions(spec as ExtractorSpec<unknown>, options);
  const provider = resolved.provider;
  const call = dialectCall(spec as ExtractorSpec<unknown>, toMessages(input), resolved, /* stream */ true);
  const plan = restorePlanOf(spec as ExtractorSpec<unknown>, provider);
  const http = startHttpCall(resolved);
  cancellation.http = http;
  if (cancellation.cancelled) http.cancel();
  try {
    const reply = await readWithRetries(http, call, provider, plan.unwrap, publish as (snapshot: unknown) => void);
    // Error info only for an error: building it costs object spreads on every call.
    const info = (): ErrorInfo => http.info({ raw: reply.text ?? "", ...(reply.usage ? { usage: reply.usage } : {}), ...(reply.requestId ? { requestId: reply.requestId } : {}) });
    if (reply.finish !== "stop") {
      const ended = finishError(reply, resolved.maxOutputTokens, info());
      if (ended) throw ended;
    }
    const checked = checkReply(spec, plan, reply);
    if (!checked.ok) throw new ValidationError(checked.issues, info());
    return { data: checked.data, usage: reply.usage ?? NO_USAGE, attempts: http.attempts, provider, model: reply.model ?? resolved.model, raw: reply.text ?? "" };
  } finally {
    http.close();
  }
}

/**
 * Read the stream, sending the request again when it failed before anything was shown. A failure
 * reported inside a 200 stream (Anthropic `overloaded_error`, a Gemini 503 chunk) or a dropped
 * connection is a failed attempt like a 503 status (wire-formats.md §0.3), and while the consumer
 * has seen nothing a new attempt is invisible to it. Once a snapshot was shown, a new attempt would
 * show a different reply, so the failure ends the call. Retries share `maxRetries` with the
 * transport's (`http.attempts` counts both).
 */
async function readWithRetries(
  http: HttpCall,
  call: DialectCall,
  provider: ProviderName,
  unwrap: string | undefined,
  publish: (snapshot: unknown) => void,
): Promise<StreamedReply> {
  let shown = false;
  const show = (snapshot: unknown): void => {
    shown = true;
    publish(snapshot);
  };
  for (;;) {
    try {
      return await readStream(http, call, provider, unwrap, show);
    } catch (e) {
      const retryable = (e instanceof ProviderError && e.retryable) || e instanceof ConnectionError;
      if (shown || !retryable) throw e;
      // Built on the failure path only: `{ ...spread, more }` costs V8 microseconds (bench/RESULTS.md).
      const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxRetries: http.options.maxRetries, jitter: Math.random() };
      const delay = retryDelayMs(http.attempts - 1, { now: Date.now() }, policy);
      if (delay === undefined || Date.now() + delay >= http.deadline) throw e;
      try {
        await waitForRetry(delay, http.signal);
      } catch {
        throw http.abortError() ?? e;
      }
    }
  }
}

/** A streamed reply, read to its end. */
interface StreamedReply extends DialectReply {
  requestId?: string;
}

/**
 * Read the stream to its end: decode events, feed text deltas to the parser, publish a snapshot
 * after each network chunk that changed what it shows.
 */
async function readStream(
  http: HttpCall,
  call: DialectCall,
  provider: ProviderName,
  unwrap: string | undefined,
  publish: (snapshot: unknown) => void,
): Promise<StreamedReply> {
  const dialect = DIALECTS[provider];
  const sniffed = await sniffStreamBody(await openStream(http, dialect.buildRequest(call)));
  const opened = sniffed.opened;
  if (sniffed.kind === "markup") throw await notAnEventStream(http, opened);
  const parser = new PartialJsonParser({ root: streamPositions(call.spec, provider), maxDepth: MAX_REPLY_DEPTH });
  if (sniffed.kind === "json") return readWholeReply(http, opened, call, provider, parser, unwrap, publish);
  const decoder = new SseDecoder();
  const events = new StreamEvents();
  /** Cleared when the text stops being parseable JSON: no more snapshots; the final check decides. */
  let parsing = true;
  let shownChanges = 0;
  const read = (batch: readonly SseEvent[]): void => {
    for (const event of batch) {
      if (events.failed) return;
      // `[DONE]` ends OpenAI Chat streams; relays add it to the others too (wire-formats.md §0.3).
      if (isSseDone(event)) continue;
      const delta = dialect.readEvent(event, call);
      if (delta === undefined) continue;
      events.add(delta);
      if (parsing && delta.textDelta !== undefined) parsing = feed(parser, delta.textDelta);
    }
  };

  for await (const chunk of opened.body) {
    read(decoder.push(chunk));
    if (events.failed) break;
    if (parser.changes !== shownChanges) {
      shownChanges = parser.changes;
      const view = snapshotOf(parser.value, unwrap);
      if (view !== undefined) publish(view);
    }
  }
  if (!events.failed) read(decoder.end());
  return events.reply(http, opened.requestId);
}

/** Feed text to the parser; false once the text is not JSON any more. */
function feed(parser: PartialJsonParser, text: string): boolean {
  try {
    parser.write(text);
    return true;
  } catch (e) {
    if (e instanceof PartialJsonError) return false;
    throw e;
  }
}

/** What the events of one stream add up to. */
class StreamEvents {
  private readonly text: string[] = [];
  private refusal = "";
  private finish: DialectReply["finish"] | undefined;
  private reason: string | undefined;
  private usage: Usage | undefined;
  private model: string | undefined;
  /** A failure the provider reported inside the stream; later events are not read. */
  failed: NonNullable<DialectDelta["error"]> | undefined;

  add(delta: DialectDelta): void {
    if (delta.error) this.failed ??= delta.error;
    if (delta.textDelta !== undefined) this.text.push(delta.textDelta);
    if (delta.refusalDelta !== undefined) this.refusal += delta.refusalDelta;
    if (delta.finish !== undefined) this.finish = delta.finish;
    if (delta.reason !== undefined) this.reason = delta.reason;
    // Dialects report usage piecewise (Anthropic: input first, output last): merge, never replace.
    if (delta.usage) this.usage = mergeUsage(this.usage, delta.usage);
    if (delta.model !== undefined) this.model = delta.model;
  }

  /** The reply the stream carried; throws when it failed or ended before its finish. */
  reply(http: HttpCall, requestId: string | undefined): StreamedReply {
    const raw = this.text.join("");
    const info = (): ErrorInfo => http.info({ raw, ...(this.usage ? { usage: this.usage } : {}), ...(requestId ? { requestId } : {}) });
    if (this.failed) throw streamFailure(this.failed, info());
    // Every dialect says how its reply ended; a stream without that was cut, however it closed.
    if (this.finish === undefined) throw new ConnectionError(`stream ended before the reply was complete (${http.options.baseURL})`, info());
    // A refusal streams beside the text (OpenAI `delta.refusal`) and may still end with "stop".
    const reply: StreamedReply = { finish: this.refusal === "" ? this.finish : "refusal", text: raw };
    if (this.reason !== undefined) reply.reason = this.reason;
    if (this.refusal !== "") reply.refusal = this.refusal;
    if (this.usage) reply.usage = this.usage;
    if (this.model !== undefined) reply.model = this.model;
    if (requestId !== undefined) reply.requestId = requestId;
    return reply;
  }
}

/**
 * A relay that cannot stream a route may answer `stream: true` with an ordinary JSON reply
 * (wire-formats.md §0.1a). Read it as `extract` would, and show it as one snapshot.
 */
async function readWholeReply(
  http: HttpCall,
  opened: HttpStream,
  call: DialectCall,
  provider: ProviderName,
  parser: PartialJsonParser,
  unwrap: string | undefined,
  publish: (snapshot: unknown) => void,
): Promise<StreamedReply> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of opened.body) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError(opened.status, { message: "streamed reply is neither SSE nor JSON", body: text, retryable: false }, http.info({ raw: text }));
  }
  const reply: StreamedReply = DIALECTS[provider].readReply(body, call);
  reply.text = replyText(reply);
  if (feed(parser, reply.text)) {
    const view = snapshotOf(parser.value, unwrap);
    if (view !== undefined) publish(view);
  }
  if (opened.requestId !== undefined) reply.requestId = opened.requestId;
  return reply;
}

/**
 * A 2xx page of markup where the event stream should be (a proxy or captive portal answered):
 * a ProviderError naming the page, not retried (the base URL is likely wrong).
 */
async function notAnEventStream(http: HttpCall, opened: HttpStream): Promise<ProviderError> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of opened.body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_BODY_BYTES) break;
  }
  const text = Buffer.concat(chunks).toString("utf8").slice(0, MAX_ERROR_BODY_BYTES);
  const type = opened.headers["content-type"] ?? "no content-type";
  const page = readErrorBody(opened.status, text).message;
  const info = http.info(opened.requestId === undefined ? {} : { requestId: opened.requestId });
  return new ProviderError(opened.status, { message: `streamed reply is not an event stream (${String(type)}; ${page})`, body: text, retryable: false }, info);
}

/** What a consumer sees of the parsed value: the wrapped root unwrapped (undefined until it begins). */
function snapshotOf(value: unknown, unwrap: string | undefined): unknown {
  if (unwrap === undefined) return value;
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[unwrap] : undefined;
}

/** A failure the provider reported inside a 200 stream (wire-formats.md §0.3). */
function streamFailure(failed: NonNullable<DialectDelta["error"]>, info: ErrorInfo): ExtractError {
  const detail: ConstructorParameters<typeof ProviderError>[1] = { message: `stream failed mid-reply: ${failed.message}`, retryable: failed.retryable };
  if (failed.type !== undefined) detail.type = failed.type;
  return new ProviderError(failed.status ?? 200, detail, info);
}
