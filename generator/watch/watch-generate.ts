import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import type { ResolvedConfig } from "../config.js";
import { LOCK_FILE } from "../emit/emit-lock.js";
import { type GenerateOptions, type GenerateResult, generate } from "../generate.js";
import { readIncrementalState } from "../incremental/incremental-state.js";

/** What `watchGenerate` tells its caller (the CLI prints it; tests read it). */
export interface WatchEvents {
  /** A run finished: the first one, then one per batch of file changes. */
  onRun(result: GenerateResult, elapsedMs: number, changed: readonly string[]): void;
  /** A run threw (a bug or an I/O failure): reported, and watching goes on. */
  onError(error: unknown): void;
}

/**
 * Quiet time after the last file event before a run starts: editors save in several writes
 * (truncate, write, rename), and one save must give one run.
 */
export const DEBOUNCE_MS = 80;

/**
 * `generate --watch`: generate, then watch every schema file, every file they reference and the
 * config file; after a change, generate again. Runs are incremental (generator/incremental), so a
 * save rebuilds the modules it reaches: the file itself and the extractors that reference it.
 * Never stops on a failed run; resolves when `signal` aborts.
 * @example
 * const stop = new AbortController();
 * void watchGenerate({ cwd }, { onRun: (r, ms) => console.log(r.written, ms), onError: console.error }, stop.signal);
 */
export async function watchGenerate(options: GenerateOptions, events: WatchEvents, signal: AbortSignal): Promise<void> {
  const watchers = new Map<string, FSWatcher>();
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let relevant: (file: string) => boolean = () => true;

  const run = async (changed: readonly string[]) => {
    const started = performance.now();
    try {
      const result = await generate(options);
      const elapsedMs = performance.now() - started;
      // Watch what this run read before telling anyone it is done: a save right after is seen.
      if (result.config) ({ relevant } = await watchInputs(result.config, watchers, schedule));
      events.onRun(result, elapsedMs, changed);
    } catch (error) {
      events.onError(error);
    }
  };
  // One run at a time; changes that arrive meanwhile start the next one.
  const flush = () => {
    timer = undefined;
    if (running || pending.size === 0 || signal.aborted) return;
    const changed = [...pending].sort();
    pending = new Set();
    running = run(changed).finally(() => {
      running = undefined;
      if (pending.size > 0) flush();
    });
  };
  function schedule(file: string): void {
    if (!relevant(file)) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  }

  await run([]);
  await new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  await running;
}

/**
 * Watch what the last run read: the schemas folder (recursively, for new files), the folder of
 * every referenced file, and the config file's folder. Watchers of folders no longer needed are
 * closed. Returns which changed paths matter.
 */
async function watchInputs(config: ResolvedConfig, watchers: Map<string, FSWatcher>, onChange: (file: string) => void): Promise<{ relevant: (file: string) => boolean }> {
  const state = await readIncrementalState(config.root);
  const inputs = new Set(Object.keys(state?.inputs ?? {}).map((f) => path.join(config.root, ...f.split("/"))));
  const schemasBase = staticBase(path.join(config.root, config.schemas));
  const configFile = config.configFile;
  const folders = new Map<string, boolean>([[schemasBase, /* recursive */ true]]);
  for (const file of [...inputs, ...(configFile ? [configFile] : [])]) {
    const dir = path.dirname(file);
    if (!isInside(dir, schemasBase)) folders.set(dir, false);
  }
  for (const [dir, watcher] of watchers) {
    if (!folders.has(dir)) {
      watcher.close();
      watchers.delete(dir);
    }
  }
  for (const [dir, recursive] of folders) {
    if (watchers.has(dir)) continue;
    try {
      const watcher = watch(dir, { recursive }, (_event, name) => onChange(name ? path.join(dir, name.toString()) : dir));
      watcher.on("error", () => watchers.delete(dir));
      watchers.set(dir, watcher);
    } catch {
      // a folder that does not exist (yet): the next run tries again
    }
  }
  const ignored = (file: string) =>
    isInside(file, config.out) || file === path.join(config.root, LOCK_FILE) ||
    path.relative(config.root, file).split(path.sep).some((s) => s === "node_modules" || s.startsWith("."));
  return {
    // Inside the schemas folder every schema-like file counts (a new one may be a new schema);
    // elsewhere only the files the run read, and the config file. Never what generate writes.
    relevant: (file) => !ignored(file) && (inputs.has(file) || file === configFile || (isInside(file, schemasBase) && /\.(json|ya?ml)$/i.test(file))),
  };
}

/** The folder part of a path that may end in a glob (`schemas/**\/*.json` -> `schemas`), or a file's folder. */
function staticBase(schemas: string): string {
  const segments = schemas.split(path.sep);
  const firstGlob = segments.findIndex((s) => /[*?[\]{}]/.test(s));
  const base = firstGlob < 0 ? schemas : segments.slice(0, firstGlob).join(path.sep) || path.sep;
  return /\.(json|ya?ml)$/i.test(base) ? path.dirname(base) : base;
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
