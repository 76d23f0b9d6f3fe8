/**
 * The JSONL batch runner behind `extractgen run` (#7): input lines in, one output or error line per
 * id out, resumable after any kind of stop.
 *
 * Exactly once: an id is done when its line is in the output or errors file (jsonl-writer.ts says
 * why a written line is safe). A run first repairs a torn last line, then skips every id the files
 * hold and every id it has already taken from this input, and is the only writer (run-lock.ts).
 * A result that was not written before a stop is simply done again by the next run.
 *
 * Memory: the input is streamed a line at a time and pulled only when a call can start, so what a
 * run holds is the id sets (see resume.ts for their size) plus `concurrency` calls, whatever the
 * input size.
 */
import { createReadStream, existsSync, mkdirSync, statSync, truncateSync, type ReadStream } from "node:fs";
import { dirname, resolve } from "node:path";
import { extractMany, DEFAULT_CONCURRENCY, type BatchInput, type ExtractManyOptions } from "../batch.js";
import { ConfigError, isExtractError, redactText } from "../errors.js";
import { resolveCallOptions } from "../options.js";
import type { ExtractorSpec } from "../spec.js";
import { readInputRecord } from "./input-record.js";
import { JsonlAppender } from "./jsonl-writer.js";
import { countNonBlankLines, isBlankLine, readLines } from "./lines.js";
import { RateMeter, type BatchProgress } from "./progress.js";
import { readRecordedIds, RecordFileError, repairTornTail } from "./resume.js";
import { acquireRunLock } from "./run-lock.js";

/** Where the JSONL comes from and goes to, on top of `extractMany`'s options. */
export interface BatchFileOptions<T> extends ExtractManyOptions<T> {
  /** JSONL input: a file path, or a byte stream such as `process.stdin`. */
  input: string | AsyncIterable<Uint8Array | string>;
  /** JSONL output, appended to: `{ "id", "data" }` per success. */
  output: string;
  /** JSONL errors, appended to: `{ "id", "error": { class, code?, message, status?, line? } }`. @default `<output>.errors.jsonl` */
  errors?: string;
  /** Run the ids in the errors file again; the errors file is started afresh. @default false */
  retryErrors?: boolean;
  /** Called every `progressIntervalMs` while the run goes on. */
  onProgress?: (progress: BatchProgress) => void;
  /** @default 1000 */
  progressIntervalMs?: number;
}

/** What a run did. `outcome` is `stopped` when a signal or a setup failure ended it before the input did. */
export interface BatchSummary extends BatchProgress {
  outcome: "finished" | "stopped";
  /** Set when the run stopped itself: every one of its first calls failed the same way (bad key, model or URL). */
  setupFailure?: string;
  output: string;
  errors: string;
  /** Torn last lines cut off before the run (left by a killed run). */
  repaired: { file: string; bytes: number }[];
}

/** One line of the errors file. */
export interface ErrorRecord {
  id: string;
  error: { class: string; code?: string; message: string; status?: number; line?: number };
}

/**
 * A run whose first calls all fail with one of these statuses stops: a wrong API key (401), a key
 * without access (403) or a wrong model or base URL (404) fails every document alike, and a million
 * identical error lines help nobody. Those first failures stay in the errors file (rerun with
 * retryErrors once fixed).
 */
const SETUP_FAILURE_STATUSES: ReadonlySet<number> = new Set([401, 403, 404]);
const SETUP_FAILURES_TO_STOP = 10;

/** `out.jsonl` -> `out.errors.jsonl`. */
export function defaultErrorsPath(output: string): string {
  return output.endsWith(".jsonl") ? `${output.slice(0, -".jsonl".length)}.errors.jsonl` : `${output}.errors.jsonl`;
}

/**
 * Run `spec` over a JSONL input, appending results to `output` and failures to `errors`, skipping
 * what earlier runs recorded. Stops early on `stopSignal` (calls in flight finish and are written)
 * or `signal` (calls in flight are abandoned); either way the files are flushed and closed.
 * @throws ConfigError for unusable paths, a damaged results file, or an output another run writes.
 * @example
 * const summary = await runBatchFile(invoiceSpec, { input: "docs.jsonl", output: "invoices.jsonl" });
 * console.log(`${summary.succeeded} extracted, ${summary.failed} failed`);
 */
export async function runBatchFile<T>(spec: ExtractorSpec<T>, options: BatchFileOptions<T>): Promise<BatchSummary> {
  const { input, output, errors = defaultErrorsPath(output), retryErrors = false, onProgress, progressIntervalMs = 1_000, ...manyOptions } = options;
  checkPaths(input, output, errors);
  const secrets = secretsOf(spec, manyOptions);
  mkdirSync(dirname(resolve(output)), { recursive: true });
  mkdirSync(dirname(resolve(errors)), { recursive: true });
  const releaseLock = acquireRunLock(output);
  try {
    // 1. What earlier runs recorded; 2. run, appending each outcome as it arrives.
    const { recorded, repaired } = await readEarlierRuns(output, errors, retryErrors);
    const progress: BatchProgress = {
      skipped: 0,
      succeeded: 0,
      failed: 0,
      invalid: 0,
      duplicates: 0,
      inFlight: 0,
      concurrency: manyOptions.concurrency ?? DEFAULT_CONCURRENCY,
      maxConcurrency: manyOptions.concurrency ?? DEFAULT_CONCURRENCY,
      ratePerSecond: 0,
      elapsedMs: 0,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    };
    const startedAt = Date.now();
    const meter = new RateMeter();
    meter.sample(startedAt, 0);
    const out = new JsonlAppender(output);
    const errs = new JsonlAppender(errors);
    const inputStream = typeof input === "string" ? createReadStream(input) : input;
    const counting = typeof input === "string" ? createReadStream(input) : undefined;
    if (counting) {
      countNonBlankLines(counting).then(
        (total) => (progress.total = total),
        () => undefined, // the total is only for display
      );
    }
    const snapshot = (): BatchProgress => {
      const now = Date.now();
      progress.elapsedMs = now - startedAt;
      progress.ratePerSecond = meter.sample(now, progress.succeeded + progress.failed);
      return { ...progress, usage: { ...progress.usage } };
    };
    const ticker = setInterval(() => {
      out.syncIfDue();
      errs.syncIfDue();
      onProgress?.(snapshot());
    }, progressIntervalMs);
    ticker.unref();

    const inputs = readBatchInputs(readLines(inputStream), recorded, progress, (failure) => errs.append(failure));

    // Our own stop (setup failures) joins the caller's.
    const halt = new AbortController();
    const setup = new SetupFailureWatch();
    const stopSignal = manyOptions.stopSignal ? AbortSignal.any([manyOptions.stopSignal, halt.signal]) : halt.signal;
    try {
      const results = extractMany(spec, inputs, {
        ...manyOptions,
        stopSignal,
        onConcurrencyChange: (current, max) => {
          progress.concurrency = current;
          manyOptions.onConcurrencyChange?.(current, max);
        },
      });
      for await (const result of results) {
        progress.inFlight--;
        if ("data" in result) {
          out.append({ id: result.id, data: result.data });
          progress.succeeded++;
          addUsage(progress.usage, result.usage);
        } else {
          const failure = describeFailure(result.id, result.error, secrets);
          errs.append(failure);
          progress.failed++;
          if (isExtractError(result.error) && result.error.usage) addUsage(progress.usage, result.error.usage);
          if (setup.failed(failure, progress)) halt.abort();
        }
      }
    } finally {
      clearInterval(ticker);
      counting?.destroy();
      if (typeof input === "string") (inputStream as ReadStream).destroy();
      out.close();
      errs.close();
    }
    const stopped = stopSignal.aborted || manyOptions.signal?.aborted === true;
    progress.inFlight = 0;
    const summary: BatchSummary = { ...snapshot(), outcome: stopped ? "stopped" : "finished", output, errors, repaired };
    if (setup.verdict !== undefined) summary.setupFailure = setup.verdict;
    return summary;
  } finally {
    releaseLock();
  }
}

/** Cut torn tails and collect the ids in the output (and errors, unless they are to be retried). */
async function readEarlierRuns(output: string, errors: string, retryErrors: boolean): Promise<{ recorded: Set<string>; repaired: BatchSummary["repaired"] }> {
  const repaired = [output, ...(retryErrors ? [] : [errors])]
    .map((file) => ({ file, bytes: repairTornTail(file) }))
    .filter((r) => r.bytes > 0);
  const recorded = new Set<string>();
  await readRecordedIds(output, recorded).catch(asConfigError("output"));
  // Every id in the errors file is about to be tried again and will record its new outcome.
  if (retryErrors && existsSync(errors)) truncateSync(errors);
  else await readRecordedIds(errors, recorded).catch(asConfigError("errors"));
  return { recorded, repaired };
}

/**
 * The input lines that still need a call: recorded ids are skipped, an id already taken from this
 * input is a duplicate (never run or written twice), and a line that cannot be read becomes an
 * error record at once. Counts go to `progress`; the total is set once the input has been read.
 */
async function* readBatchInputs(
  lines: AsyncIterable<string>,
  recorded: ReadonlySet<string>,
  progress: BatchProgress,
  recordInvalid: (failure: ErrorRecord) => void,
): AsyncGenerator<BatchInput, void, undefined> {
  const taken = new Set<string>();
  let lineNumber = 0;
  let nonBlank = 0;
  for await (const line of lines) {
    lineNumber++;
    if (isBlankLine(line)) continue;
    nonBlank++;
    const record = readInputRecord(line, lineNumber);
    if (recorded.has(record.id)) {
      progress.skipped++;
      continue;
    }
    if (taken.has(record.id)) {
      progress.duplicates++;
      continue;
    }
    taken.add(record.id);
    if ("problem" in record) {
      recordInvalid({ id: record.id, error: { class: "InputError", message: record.problem, line: lineNumber } });
      progress.failed++;
      progress.invalid++;
      continue;
    }
    progress.inFlight++;
    yield record;
  }
  progress.total = nonBlank;
}

/** Watches the first calls of a run for a setup failure (see SETUP_FAILURE_STATUSES). */
class SetupFailureWatch {
  #count = 0;
  /** Why the run should stop, once it should. */
  verdict?: string;

  /** Count one failed call; true when the run should stop now. */
  failed(failure: ErrorRecord, progress: BatchProgress): boolean {
    const { status } = failure.error;
    if (status !== undefined && SETUP_FAILURE_STATUSES.has(status)) this.#count++;
    // Every call so far failed, each with a setup status: nothing suggests the next one won't.
    const callsSoFar = progress.succeeded + progress.failed - progress.invalid;
    if (this.#count !== callsSoFar || callsSoFar !== SETUP_FAILURES_TO_STOP) return false;
    this.verdict = `the first ${SETUP_FAILURES_TO_STOP} calls all failed with HTTP ${status} (${failure.error.message}); check the API key, model and base URL`;
    return true;
  }
}

function checkPaths(input: BatchFileOptions<unknown>["input"], output: string, errors: string): void {
  if (resolve(output) === resolve(errors)) throw new ConfigError("errors", `must differ from the output file (${output})`);
  if (typeof input !== "string") return;
  for (const [field, path] of [["output", output], ["errors", errors]] as const) {
    if (resolve(input) === resolve(path)) throw new ConfigError(field, `must differ from the input file (${input})`);
  }
  if (!existsSync(input)) throw new ConfigError("input", `${input}: no such file; give a JSONL file, or - for stdin`);
  if (!statSync(input).isFile()) throw new ConfigError("input", `${input} is not a file`);
}

/** A damaged results file: name the file and line, and stop before anything is appended to it. */
function asConfigError(field: "output" | "errors"): (e: unknown) => never {
  return (e) => {
    throw e instanceof RecordFileError ? new ConfigError(field, e.message) : e;
  };
}

/** The strings no error record may contain: the API key and base-URL credentials. */
function secretsOf<T>(spec: ExtractorSpec<T>, options: ExtractManyOptions<T>): readonly string[] {
  try {
    return resolveCallOptions(spec as ExtractorSpec<unknown>, options).secrets;
  } catch {
    // Unusable call options: extractMany reports them before any call; a custom extractOne may not need them.
    return options.apiKey ? [options.apiKey] : [];
  }
}

/** An error as an errors-file line: class, stable code, message, HTTP status. Never a secret. */
export function describeFailure(id: string, error: Error, secrets: readonly string[]): ErrorRecord {
  const { code, status } = error as { code?: unknown; status?: unknown };
  // Key order is the file's reading order: class, code, message, status.
  return {
    id,
    error: {
      class: error.name,
      ...(typeof code === "string" && { code }),
      message: redactText(error.message, secrets),
      ...(typeof status === "number" && { status }),
    },
  };
}

function addUsage(total: BatchProgress["usage"], usage: BatchProgress["usage"]): void {
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.totalTokens += usage.totalTokens;
  if (usage.reasoningTokens !== undefined) total.reasoningTokens = (total.reasoningTokens ?? 0) + usage.reasoningTokens;
}
