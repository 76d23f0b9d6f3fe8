import type { Change } from "./change.js";
import { type DiffReport, countChanges } from "./report.js";

/**
 * A report as text (design.md §5): one line per change, `breaking|compatible <place> <what>`,
 * then `<N> breaking, <M> compatible`. The place is the pointer as a URI fragment (`#` is the
 * root), prefixed with the schema file when `withFiles` (several files compared).
 */
export function renderDiffText(report: DiffReport, withFiles: boolean): string {
  const lines: string[] = [];
  for (const schema of report.schemas) {
    for (const change of schema.changes) lines.push(renderChange(change, change.file ?? (withFiles ? schema.file : "")));
  }
  const { breaking, compatible } = countChanges(report);
  lines.push(`${breaking} breaking, ${compatible} compatible`);
  return `${lines.join("\n")}\n`;
}

/** One change as a line: `breaking schemas/invoice.schema.json#/properties/note maxLength 40 -> 80`. */
export function renderChange(change: Change, file: string): string {
  return `${change.kind} ${file}#${change.pointer} ${change.what}`;
}

/** A report as JSON for machines: every schema with its changes, the totals, and `ok` (exit 0). */
export function renderDiffJson(report: DiffReport): string {
  const totals = countChanges(report);
  const ok = !report.schemas.some((s) => s.blocked) && !report.diagnostics.some((d) => d.severity === "error");
  return `${JSON.stringify({ ok, ...totals, schemas: report.schemas, diagnostics: report.diagnostics }, null, 2)}\n`;
}
