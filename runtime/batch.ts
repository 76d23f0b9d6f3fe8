/**
 * `extractMany` (#7, design.md §6): `extract` over many inputs with a concurrency limit that backs
 * off when the provider rate-limits and climbs back when it stops.
 */
import { Agent, type Dispatcher } from "undici";
import { AdaptiveLimit } from "./batch/adaptive-limit.js";
import { mapConcurrently } from "./batch/concurrent-map.js";
import { observeRateLimits } from "./batch/rate-limit-observer.js";
import { ConfigError, isExtractError, type RateLimitError } from "./errors.js";
import { extract } from "./extract.js";
import { resolveCallOptions } from "./options.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import type { ExtractorSpec } from "./spec.js";
import type { ExtractInput, ExtractOptions, ExtractResult, Usage } from "./types.js";

export const DEFAULT_CONCURRENCY = 8;

/** One input of a batch: an id of the caller's choosing and what to extract from. */
export interface BatchInput {
  id: string;
  input: ExtractInput;
}

/** One outcome of a batch: the data, or the error that remained after retries and repairs. */
export type BatchResult<T> = { id: string; data: T; usage: Usage; attempts: number } | { id: string; error: Error };

/** The function a batch calls per input; `extract` unless replaced. */
export type ExtractOne<T> = (spec: ExtractorSpec<T>, input: ExtractInput, options: ExtractOptions) => Promise<ExtractResult<T>>;

/** `extract`'s options, applied to every call, plus how the batch runs. */
export interface ExtractManyOptions<T> extends ExtractOptions {
  /** Most calls in flight at once; fewer while the provider answers 429. @default 8 */
  concurrency?: number;
  /**
   * Take no more inputs; calls in flight finish and are yielded. (`signal`, by contrast, aborts the
   * calls in flight too; those are not yielded.)
   */
  stopSignal?: AbortSignal;
  /** The call made per input, e.g. `extract` wrapped with a cache or a log. @default extract */
  extractOne?: ExtractOne<T>;
  /** Called when the calls allowed in flight change: down after a 429, back up as calls succeed. */
  onConcurrencyChange?: (current: number, max: number) => void;
}

/**
 * Extract from many inputs, at most `concurrency` at a time, yielding `{ id, data }` or
 * `{ id, error }` for each as it finishes (not in input order).
 *
 * Inputs are read one at a time, when a call can start, so a generator over a huge file works.
 * A 429 halves the calls in flight (and new calls wait out its Retry-After); successes raise the
 * limit again. When `signal` aborts, or the loop is left early, the calls in flight are aborted and
 * the iteration ends: the ids not yielded were not done. Options are checked before the first call,
 * so a missing API key fails once instead of once per input.
 * @example
 * for await (const r of extractMany(invoiceSpec, docs.map((d) => ({ id: d.name, input: d.text })))) {
 *   if ("error" in r) console.error(r.id, r.error.message);
 *   else save(r.id, r.data);
 * }
 */
export async function* extractMany<T>(
  spec: ExtractorSpec<T>,
  inputs: Iterable<BatchInput> | AsyncIterable<BatchInput>,
  options: ExtractManyOptions<T> = {},
): AsyncGenerator<BatchResult<T>, void, undefined> {
  const { concurrency = DEFAULT_CONCURRENCY, stopSignal, extractOne, onConcurrencyChange, ...callOptions } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ConfigError("concurrency", `must be a whole number from 1 up (got ${concurrency})`);
  if (extractOne === undefined) resolveCallOptions(spec as ExtractorSpec<unknown>, callOptions);
  const limit = new AdaptiveLimit(concurrency);
  const adjust = (change: () => void): void => {
    const before = limit.current;
    change();
    if (limit.current !== before) onConcurrencyChange?.(limit.current, concurrency);
  };
  const onRateLimit = (sentAt: number, retryAfterMs: number | undefined): void =>
    // A wait longer than extract itself would honour (a spent quota) is not a pause: it fails the calls.
    adjust(() => limit.onRateLimit(sentAt, retryAfterMs !== undefined && retryAfterMs <= DEFAULT_RETRY_POLICY.maxHonouredDelayMs ? retryAfterMs : undefined));
  // Our own keep-alive pool unless the caller brought one; either way wrapped so every 429 is seen.
  // The call deadline (timeoutMs) governs, so the pool's own timeouts are off. Its sockets are not
  // capped at `concurrency`: a socket still finishing a reply would make the next call wait.
  const ownAgent = callOptions.client === undefined ? new Agent({ headersTimeout: 0, bodyTimeout: 0 }) : undefined;
  const dispatcher = (ownAgent ?? callOptions.client) as Dispatcher;
  // A dispatcher from another undici copy may lack compose(): then thrown RateLimitErrors are the signal.
  const client = typeof (dispatcher as Partial<Dispatcher> | null)?.compose === "function" ? observeRateLimits(dispatcher, onRateLimit) : dispatcher;
  const call = extractOne ?? extract;

  const work = async ({ input }: BatchInput, signal: AbortSignal): Promise<ExtractResult<T>> => {
    const sentAt = Date.now();
    try {
      const result = await call(spec, input, { ...callOptions, client, signal });
      adjust(() => limit.onSuccess());
      return result;
    } catch (error) {
      // Reported by the observer already when it came over HTTP; then this one is older than that
      // decrease and changes nothing. Needed for calls that do not go through the client.
      if (isExtractError(error) && error.code === "EG_RATE_LIMIT") onRateLimit(sentAt, (error as RateLimitError).retryAfterMs);
      throw error;
    }
  };

  const mapOptions: Parameters<typeof mapConcurrently>[2] = { limit };
  if (callOptions.signal !== undefined) mapOptions.signal = callOptions.signal;
  if (stopSignal !== undefined) mapOptions.stopSignal = stopSignal;
  try {
    for await (const outcome of mapConcurrently(inputs, work, mapOptions)) {
      const { id } = outcome.item;
      if (outcome.ok) yield { id, data: outcome.value.data, usage: outcome.value.usage, attempts: outcome.value.attempts };
      else yield { id, error: outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)) };
    }
  } finally {
    await ownAgent?.close();
  }
}
