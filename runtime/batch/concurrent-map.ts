/**
 * The concurrency engine under `extractMany` (#7): runs `work` over a source with at most
 * `limit.current` calls in flight, pulling the source lazily and yielding outcomes as they settle.
 * It knows nothing about extraction, so tests drive it with plain functions.
 */
import { setMaxListeners } from "node:events";
import type { AdaptiveLimit } from "./adaptive-limit.js";

/** How one item ended: its value, or the error its work threw. */
export type Outcome<I, R> = { item: I; ok: true; value: R } | { item: I; ok: false; error: unknown };

export interface ConcurrentMapOptions {
  /** How many calls may be in flight, and whether new ones must wait (rate limits). */
  limit: AdaptiveLimit;
  /**
   * Abort: take no more items and abort the work in flight. Work that fails after the abort is
   * dropped (its item counts as not done); work that still succeeds is yielded.
   */
  signal?: AbortSignal;
  /** Stop: take no more items, but let the work in flight finish and yield it. */
  stopSignal?: AbortSignal;
}

/**
 * Yield the outcome of `work(item, signal)` for each item of `source`, in completion order.
 *
 * The source is pulled one item at a time and only when a slot is free, so it is never read ahead
 * (a million-line file stays on disk). Outcomes not yet taken by the consumer hold their slot, so
 * a slow consumer slows the batch instead of piling up results. Leaving the loop early aborts the
 * work in flight and closes the source. If the source throws, the work in flight is finished and
 * yielded first, then the error is rethrown.
 */
export async function* mapConcurrently<I, R>(
  source: Iterable<I> | AsyncIterable<I>,
  work: (item: I, signal: AbortSignal) => Promise<R>,
  options: ConcurrentMapOptions,
): AsyncGenerator<Outcome<I, R>, void, undefined> {
  const { limit, signal, stopSignal } = options;
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const abort = new AbortController();
  // Every call in flight listens to this one signal: more than the default 10 is expected, not a leak.
  setMaxListeners(0, abort.signal);
  const running = new Set<Promise<void>>();
  const ready: Outcome<I, R>[] = [];

  // One pending wake-up at a time: anything that may let the loop make progress resolves it.
  let wake: () => void = () => {};
  const onSignal = (): void => wake();
  const onAbort = (): void => abort.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  abort.signal.addEventListener("abort", onSignal, { once: true });
  stopSignal?.addEventListener("abort", onSignal, { once: true });

  let pulling = false;
  let exhausted = false;
  let sourceFailed: { error: unknown } | undefined;
  let pauseTimer: NodeJS.Timeout | undefined;
  const stopped = (): boolean => abort.signal.aborted || stopSignal?.aborted === true || sourceFailed !== undefined;

  const launch = (item: I): void => {
    const task = work(item, abort.signal).then(
      (value) => void ready.push({ item, ok: true, value }),
      (error: unknown) => {
        if (!abort.signal.aborted) ready.push({ item, ok: false, error });
      },
    );
    const tracked = task.finally(() => {
      running.delete(tracked);
      wake();
    });
    running.add(tracked);
  };

  // Asks the source for one item without blocking the loop: outcomes keep flowing while a slow
  // source (stdin) makes us wait.
  const pull = (): void => {
    pulling = true;
    Promise.resolve(iterator.next()).then(
      (next) => {
        pulling = false;
        if (next.done) exhausted = true;
        else if (stopped()) return; // read after a stop: left undone, as if never read
        else launch(next.value);
      },
      (error: unknown) => {
        pulling = false;
        sourceFailed = { error };
      },
    ).finally(() => wake());
  };

  let finished = false;
  try {
    for (;;) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const free = running.size + ready.length < limit.current;
      if (!pulling && !exhausted && !stopped() && free) {
        const pauseMs = limit.pauseRemainingMs();
        if (pauseMs === 0) pull();
        else if (pauseTimer === undefined) pauseTimer = setTimeout(() => ((pauseTimer = undefined), wake()), pauseMs);
      }
      const outcome = ready.shift();
      if (outcome !== undefined) {
        yield outcome;
        continue;
      }
      if (running.size === 0 && !pulling && (exhausted || stopped())) break;
      await woken;
    }
    finished = true;
    if (sourceFailed !== undefined) throw sourceFailed.error;
  } finally {
    clearTimeout(pauseTimer);
    signal?.removeEventListener("abort", onAbort);
    stopSignal?.removeEventListener("abort", onSignal);
    if (!finished) abort.abort(new Error("the consumer left the batch early"));
    await Promise.allSettled(running);
    // A source still busy with a pull (stdin waiting for a line) would hold the close back.
    const closing = Promise.resolve(iterator.return?.()).catch(() => undefined);
    if (!pulling) await closing;
  }
}
