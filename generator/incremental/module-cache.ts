import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { GeneratedFile } from "../emit/emit-module.js";
import type { IndexModule } from "../emit/emit-index.js";
import { sha256 } from "./fingerprint.js";
import type { IncrementalState, ModuleRecord } from "./incremental-state.js";

/**
 * Per-module reuse for a run that is not a no-op: a module whose key (everything that goes into
 * it) matches the last run's, and whose files are on disk as written then, is taken from disk
 * instead of being built again; the errors and warnings building it reported are reported again,
 * so a run prints the same whether a module was built or reused.
 */
export interface ModuleCache {
  /** The module's files and index entry from the last run, or undefined when it must be built. */
  reuse(module: string, key: string): Promise<{ files: GeneratedFile[]; index: IndexModule; diagnostics: Diagnostic[] } | undefined>;
  /** Remember a module built (or reused) in this run with its errors and warnings. */
  record(module: string, key: string, files: readonly GeneratedFile[], index: IndexModule, diagnostics: readonly Diagnostic[]): void;
  /** What this run remembers, for the lock. */
  records(): Record<string, ModuleRecord>;
}

/** A cache over the last run's state; `out` is the output folder, `root` the project root. */
export function createModuleCache(previous: IncrementalState | undefined, root: string, out: string): ModuleCache {
  const records: Record<string, ModuleRecord> = {};
  return {
    async reuse(module, key) {
      const record = previous?.modules[module];
      if (!record || record.key !== key) return undefined;
      const files: GeneratedFile[] = [];
      for (const file of record.files) {
        const abs = path.join(out, ...file.split("/"));
        const expected = previous.outputs[path.relative(root, abs).split(path.sep).join("/")];
        let content: string;
        try {
          content = await readFile(abs, "utf8");
        } catch {
          return undefined;
        }
        if (sha256(content) !== expected) return undefined;
        files.push({ path: file, content });
      }
      return { files, index: record.index, diagnostics: record.diagnostics };
    },
    record(module, key, files, index, diagnostics) {
      records[module] = { key, files: files.map((f) => f.path), index, diagnostics: diagnostics.filter((d) => d.severity !== "info") };
    },
    records: () => records,
  };
}

/** A key over everything a module is built from (JSON-serialisable parts, in a fixed order). */
export function moduleKey(parts: readonly unknown[]): string {
  return sha256(JSON.stringify(parts));
}
