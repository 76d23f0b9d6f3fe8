/**
 * Lowering losses: what a target cannot enforce. Each is recorded once with a stable code and the
 * JSON pointer of the keyword in the ORIGINAL bundle; the runtime still validates the original
 * schema, so a loss never lets an invalid value through, it only makes a re-ask more likely.
 */
import type { WireLoss } from "../../runtime/spec.js";
import type { Diagnostic, DiagnosticCode } from "../diagnostics.js";

/** The diagnostic codes lowering reports (info severity; catalog in generator/diagnostics.ts). */
export type LossCode = Extract<DiagnosticCode, `EG_LOWER_${string}`>;

/** A loss as lowering records it. */
export interface Loss extends WireLoss {
  code: LossCode;
}

/** Collects losses, one per (code, pointer, keyword), in the order found. */
export class LossLog {
  readonly #seen = new Set<string>();
  readonly list: Loss[] = [];

  add(code: LossCode, pointer: string, keyword: string, message: string): void {
    const key = `${code}\u0000${pointer}\u0000${keyword}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.list.push({ code, pointer, keyword, message });
  }
}

/** Losses as info diagnostics of one file, the message prefixed with the target. */
export function lossDiagnostics(file: string, target: string, losses: readonly Loss[]): Diagnostic[] {
  return losses.map((l) => ({
    code: l.code,
    severity: "info",
    file,
    pointer: l.pointer,
    message: `${target}: ${l.message}`,
  }));
}
