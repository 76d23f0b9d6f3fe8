import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { IndexModule } from "../emit/emit-index.js";
import { LOCK_FILE } from "../emit/emit-lock.js";

/**
 * What `extractgen.lock.json` remembers of the last run so the next one can skip work: the
 * `incremental` section, next to the per-schema entries. Paths are relative to the project root
 * (`/`-separated); hashes are sha256 of the file text.
 */
export interface IncrementalState {
  /** settingsFingerprint() of the run: extractgen version and resolved options. */
  fingerprint: string;
  /** Every schema file the run read (listed or referenced) and its hash; "" for one that did not exist. */
  inputs: Record<string, string>;
  /** Every file the run wrote except the lock, and its hash. */
  outputs: Record<string, string>;
  /** Per output module: the key of what built it, its files (relative to `out`) and its index entry. */
  modules: Record<string, ModuleRecord>;
  /** The run's errors and warnings: a run that skips everything reports them again, and fails alike. */
  diagnostics: Diagnostic[];
}

export interface ModuleRecord {
  key: string;
  files: string[];
  index: IndexModule;
  /** The errors and warnings building it reported: a reused module reports them again. */
  diagnostics: Diagnostic[];
}

/** The incremental section of the lock in `root`, or undefined (no lock, an older or hand-made one). */
export async function readIncrementalState(root: string): Promise<IncrementalState | undefined> {
  let lock: unknown;
  try {
    lock = JSON.parse(await readFile(path.join(root, LOCK_FILE), "utf8"));
  } catch {
    return undefined;
  }
  const state = (lock as { incremental?: unknown } | null)?.incremental;
  return isState(state) ? state : undefined;
}

function isState(value: unknown): value is IncrementalState {
  if (!isRecord(value)) return false;
  const { fingerprint, inputs, outputs, modules, diagnostics } = value;
  return typeof fingerprint === "string" && isHashMap(inputs) && isHashMap(outputs) && isRecord(modules) && Array.isArray(diagnostics) &&
    Object.values(modules).every((m) => isRecord(m) && typeof m.key === "string" && Array.isArray(m.files) && m.files.every((f) => typeof f === "string") && isRecord(m.index) && Array.isArray(m.diagnostics));
}

function isHashMap(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
