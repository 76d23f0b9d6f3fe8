import type { ExtractorSchema } from "../load/project.js";

/** The lock file's name; it sits in the project root (next to the config file, or the cwd). */
export const LOCK_FILE = "extractgen.lock.json";

/**
 * `extractgen.lock.json` (design.md §4): for each schema file, in path order, the extractor it
 * defines, its version, the module it generates and the hash of the file and every file it
 * references. Deterministic: no dates, sorted keys, two-space JSON.
 * @example
 * emitLock(project.extractors);
 * // {"lockfileVersion": 1, "schemas": {"schemas/invoice.schema.json": {"name": "Invoice", "version": 1, ...}}}
 */
export function emitLock(extractors: readonly ExtractorSchema[]): string {
  const schemas: Record<string, { name: string; version: number; module: string; hash: string }> = {};
  for (const x of [...extractors].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    schemas[x.file] = { name: x.name, version: x.version, module: x.module, hash: x.hash };
  }
  return `${JSON.stringify({ lockfileVersion: 1, schemas }, null, 2)}\n`;
}
