import type { Diagnostic } from "../diagnostics.js";
import { type Change, countBreaking } from "./change.js";

/** The comparison of one schema file between two versions of a project. */
export interface SchemaDiff {
  /** Schema file relative to the project root (the new side's path; the old one for a deleted file). */
  file: string;
  /** The old side's path when it differs (a file moved, matched by extractor name). */
  oldFile?: string;
  status: "added" | "deleted" | "changed" | "unchanged";
  /** Extractor name (PascalCase). */
  name: string;
  oldVersion?: number;
  newVersion?: number;
  changes: Change[];
  /**
   * Breaking changes without a higher version: what makes `extractgen diff` exit 1. A deleted
   * schema is blocked unless a schema of the same extractor name with a higher version remains.
   */
  blocked: boolean;
}

/** What `extractgen diff` found: one entry per schema file, plus load problems. */
export interface DiffReport {
  schemas: SchemaDiff[];
  diagnostics: Diagnostic[];
}

/**
 * Whether a schema's breaking changes go out without a version bump (design.md §3: a version is
 * `x-extractor.version` or an `$id` ending in `/v<N>`).
 */
export function isBlocked(changes: readonly Change[], oldVersion: number, newVersion: number): boolean {
  return countBreaking(changes) > 0 && newVersion <= oldVersion;
}

/** Totals over a report. */
export function countChanges(report: DiffReport): { breaking: number; compatible: number } {
  let breaking = 0;
  let all = 0;
  for (const s of report.schemas) {
    breaking += countBreaking(s.changes);
    all += s.changes.length;
  }
  return { breaking, compatible: all - breaking };
}

/** The diagnostics that explain exit code 1: one per blocked schema, with the version to use. */
export function blockedDiagnostics(report: DiffReport): Diagnostic[] {
  return report.schemas.filter((s) => s.blocked).map((s): Diagnostic => {
    const n = countBreaking(s.changes);
    if (s.status === "deleted") {
      return {
        code: "EG_SCHEMA_DELETED",
        severity: "error",
        file: s.file,
        message: `schema deleted: extractor ${s.name} (version ${s.oldVersion ?? 1}) is gone`,
        hint: "keep the file while consumers migrate, or add its successor with a higher x-extractor.version",
      };
    }
    const version = s.oldVersion ?? 1;
    return {
      code: "EG_BREAKING_WITHOUT_VERSION",
      severity: "error",
      file: s.file,
      message: `${n} breaking change${n === 1 ? "" : "s"} and the version stays ${s.newVersion ?? version}`,
      hint: `set "x-extractor": { "version": ${version + 1} } (or end $id with /v${version + 1}), or keep the old schema beside the new one`,
    };
  });
}
