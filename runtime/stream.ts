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
import { type HttpCall, type HttpStream, openStream, startHttpCall } from "./http.js";
import { toMessages } from "./messages.js";
import { resolveCallOptions } from "./options.js";
import { PartialJsonError, PartialJsonParser } from "./partial-json.js";
import { type DialectCall, type DialectDelta, type DialectReply, mergeUsage } from "./providers/dialect.js";
import { DIALECTS } from "./providers/index.js";
import { isSseDone, SseDecoder } from "./sse.js";
import type { ExtractorSpec, ProviderName } from "./spec.js";
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
 *   ConnectionError, never a silent end.
 * - A streamed reply that fails validation is not re-asked: repairing it would replace what the
 *   snapshots showed, so `final()` rejects with ValidationError (use `extract` for repairs).
 * - Leaving the loop early (`break`, `return`, a throw) cancels the call and closes the connection;
 *   `final()` then rejects with AbortedError. So does aborting `options.signal`, at once.
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
    const reply = await readStream(http, call, provider, plan.unwrap, publish as (snapshot: unknown) => void);
    const info = http.info({ raw: reply.text ?? "", ...(reply.usage ? { usage: reply.usage } : {}), ...(reply.requestId ? { requestId: reply.requestId } : {}) });
    const ended = finishError(reply, resolved.maxOutputTokens, info);
    if (ended) throw ended;
    const checked = checkReply(spec, plan, reply);
    if (!checked.ok) throw new ValidationError(checked.issues, info);
    return { data: checked.data, usage: reply.usage ?? NO_USAGE, attempts: http.attempts, provider, model: reply.model ?? resolved.model, raw: reply.text ?? "" };
  } finally {
    http.close();
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
  const opened = await openStream(http, dialect.buildRequest(call));
  const parser = new PartialJsonParser({ root: streamPositions(call.spec, provider) });
  if (isJsonBody(opened.headers)) return readWholeReply(http, opened, call, provider, parser, unwrap, publish);
  const decoder = new SseDecoder();
  const text: string[] = [];
  let refusal = "";
  let finish: DialectReply["finish"] | undefined;
  let reason: string | undefined;
  let usage: Usage | undefined;
  let model: string | undefined;
  let failed: NonNullable<DialectDelta["error"]> | undefined;
  /** Set when the text stopped being parseable JSON: no more snapshots; the final check decides. */
  let parserBroken = false;
  let shownChanges = 0;

  const apply = (delta: DialectDelta): void => {
    if (delta.error) failed ??= delta.error;
    if (delta.usage) usage = mergeUsage(usage, delta.usage);
    if (delta.model !== undefined) model = delta.model;
    if (delta.refusalDelta !== undefined) refusal += delta.refusalDelta;
    if (delta.finish !== undefined) finish = delta.finish;
    if (delta.reason !== undefined) reason = delta.reason;
    if (delta.textDelta !== undefined) {
      text.push(delta.textDelta);
      if (!parserBroken) {
        try {
          parser.write(delta.textDelta);
        } catch (e) {
          if (!(e instanceof PartialJsonError)) throw e;
          parserBroken = true;
        }
      }
    }
  };
  const readEvents = (events: readonly { event?: string; data: string }[]): void => {
    for (const event of events) {
      if (failed) return;
      // `[DONE]` ends OpenAI Chat streams; relays add it to the others too (wire-formats.md §0.3).
      if (isSseDone(event)) continue;
      const delta = dialect.readEvent(event, call);
      if (delta) apply(delta);
    }
  };

  for await (const chunk of opened.body) {
    readEvents(decoder.push(chunk));
    if (failed) break;
    if (parser.changes !== shownChanges) {
      shownChanges = parser.changes;
      const view = snapshotOf(parser.value, unwrap);
      if (view !== undefined) publish(view);
    }
  }
  if (!failed) readEvents(decoder.end());

  const raw = text.join("");
  const info: ErrorInfo = http.info({ raw, ...(usage ? { usage } : {}), ...(opened.requestId ? { requestId: opened.requestId } : {}) });
  if (failed) throw streamFailure(failed, info);
  if (refusal !== "") finish = "refusal";
  if (finish === undefined) throw new ConnectionError(`stream ended before the reply was complete (${http.options.baseURL})`, info);
  const reply: StreamedReply = { finish, text: raw };
  if (reason !== undefined) reply.reason = reason;
  if (refusal !== "") reply.refusal = refusal;
  if (usage) reply.usage = usage;
  if (model !== undefined) reply.model = model;
  if (opened.requestId !== undefined) reply.requestId = opened.requestId;
  return reply;
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
  try {
    parser.write(reply.text);
    const view = snapshotOf(parser.value, unwrap);
    if (view !== undefined) publish(view);
  } catch (e) {
    if (!(e instanceof PartialJsonError)) throw e;
  }
  if (opened.requestId !== undefined) reply.requestId = opened.requestId;
  return reply;
}

function isJsonBody(headers: HttpStream["headers"]): boolean {
  const type = headers["content-type"];
  return typeof type === "string" && type.toLowerCase().includes("application/json");
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
