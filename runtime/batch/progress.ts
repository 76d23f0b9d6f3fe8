/**
 * Batch progress (#7): the counts a run keeps, the rate over the last seconds, and the three ways
 * to show them (TTY bar, log line, final summary). All pure: the caller owns the clock and stderr.
 */
import type { Usage } from "../types.js";

/** A snapshot of a batch file run. */
export interface BatchProgress {
  /** Non-blank input lines, once counted (a file is counted in the background; stdin never is). */
  total?: number;
  /** Ids already in the output or errors file before this run. */
  skipped: number;
  /** Records written to the output file by this run. */
  succeeded: number;
  /** Records written to the errors file by this run (invalid lines included). */
  failed: number;
  /** Input lines that could not be read (also counted in `failed`). */
  invalid: number;
  /** Input lines whose id was already seen earlier in this input: not run again. */
  duplicates: number;
  /** Calls in flight now. */
  inFlight: number;
  /** Calls allowed in flight now (lower than `maxConcurrency` after 429s). */
  concurrency: number;
  maxConcurrency: number;
  /** Results per second over the last few seconds. */
  ratePerSecond: number;
  elapsedMs: number;
  /** Token usage summed over this run's successes. */
  usage: Usage;
}

/** Lines that have an outcome: done before, or in this run. */
export function doneCount(p: BatchProgress): number {
  return p.skipped + p.succeeded + p.failed + p.duplicates;
}

/** Results per second over a sliding window, from samples of a running count. */
export class RateMeter {
  readonly #windowMs: number;
  readonly #samples: { at: number; count: number }[] = [];

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }

  /** Record the running count at time `at` (ms) and return the rate over the window. */
  sample(at: number, count: number): number {
    const samples = this.#samples;
    samples.push({ at, count });
    // Keep one sample at or before the window start, so the window stays full.
    while (samples.length > 2 && (samples[1] as { at: number }).at <= at - this.#windowMs) samples.shift();
    const oldest = samples[0] as { at: number; count: number };
    const spanMs = at - oldest.at;
    return spanMs > 0 ? ((count - oldest.count) * 1000) / spanMs : 0;
  }
}

/** The log line printed when stderr is not a TTY: `1200/3000 done, 3 errors, 45/s`. */
export function formatProgressLine(p: BatchProgress): string {
  let line = `${doneCount(p)}/${p.total ?? "?"} done, ${p.failed} error${p.failed === 1 ? "" : "s"}, ${formatRate(p.ratePerSecond)}/s`;
  if (p.concurrency < p.maxConcurrency) line += `, rate limited: ${p.concurrency}/${p.maxConcurrency} in flight`;
  return line;
}

/** The one-line bar redrawn on a TTY: bar, done/total, percent, rate, errors, ETA. */
export function formatProgressBar(p: BatchProgress, columns: number): string {
  const done = doneCount(p);
  const parts = [
    p.total === undefined ? `${done}/?` : `${done}/${p.total} ${Math.floor((100 * done) / Math.max(1, p.total))}%`,
    `${formatRate(p.ratePerSecond)}/s`,
    `${p.failed} error${p.failed === 1 ? "" : "s"}`,
    `ETA ${formatEta(p)}`,
  ];
  if (p.concurrency < p.maxConcurrency) parts.push(`429: ${p.concurrency}/${p.maxConcurrency} in flight`);
  const text = parts.join(" | ");
  const barWidth = Math.min(40, columns - text.length - 3);
  if (barWidth < 10) return text.slice(0, Math.max(0, columns - 1));
  const filled = p.total === undefined || p.total === 0 ? 0 : Math.min(barWidth, Math.round((barWidth * done) / p.total));
  return `[${"█".repeat(filled)}${"░".repeat(barWidth - filled)}] ${text}`;
}

function formatEta(p: BatchProgress): string {
  if (p.total === undefined || p.ratePerSecond <= 0) return "?";
  const left = Math.max(0, p.total - doneCount(p));
  return formatDuration((left / p.ratePerSecond) * 1000);
}

/** The final summary, one fact per line. */
export function formatSummary(p: BatchProgress, outcome: "finished" | "stopped"): string {
  const lines = [
    `${outcome === "finished" ? "done" : "stopped"}: ${p.succeeded} extracted, ${p.failed} failed` +
      (p.invalid > 0 ? ` (${p.invalid} invalid input line${p.invalid === 1 ? "" : "s"})` : "") +
      `, ${p.skipped} already done` +
      (p.duplicates > 0 ? `, ${p.duplicates} duplicate id${p.duplicates === 1 ? "" : "s"} skipped` : ""),
    `elapsed ${formatDuration(p.elapsedMs)}, ${formatRate(((p.succeeded + p.failed) * 1000) / Math.max(1, p.elapsedMs))}/s`,
    `tokens: ${p.usage.inputTokens} in, ${p.usage.outputTokens} out` +
      (p.usage.reasoningTokens ? ` (${p.usage.reasoningTokens} reasoning)` : "") +
      `, ${p.usage.totalTokens} total`,
  ];
  return lines.join("\n");
}

function formatRate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

/** `1.3s`, `42s`, `3m05s`, `2h07m`. */
export function formatDuration(ms: number): string {
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
