import type { Branch, FiniteValue } from "./branches.js";
import { type Change, breaking, compatible } from "./change.js";
import type { DiffContext } from "./context.js";
import { jsonEqual, showValue, showValues } from "./json-values.js";

/**
 * Finite value sets (`enum`, `const`, and the values a `null` or `boolean` type implies). When the
 * new branches of a type group allow finitely many values, the rule is decided exactly: each new
 * value is checked against the old branches, whatever keywords they use.
 */
export function compareValueSets(ctx: DiffContext, before: readonly Branch[], after: readonly Branch[]): Change[] {
  const changes: Change[] = [];
  const oldFinite = before.every((b) => b.values !== undefined);
  // A listed value its own branch rejects (enum ["a", "toolong"] with maxLength 3) never occurs.
  const possible = (side: DiffContext["old"], branches: readonly Branch[]) =>
    unique(branches.flatMap((b) => (b.values ?? []).filter((v) => side.rejects([b], v.value) === undefined)));
  const oldValues = possible(ctx.old, before);
  const newValues = possible(ctx.new, after);

  const [oldOnly] = oldValues;
  const [newOnly] = newValues;
  if (oldFinite && oldValues.length === 1 && newValues.length === 1 && oldOnly!.source === "const" && newOnly!.source === "const") {
    return jsonEqual(oldOnly!.value, newOnly!.value) ? [] : [breaking(newOnly!.pointer, `const ${showValue(oldOnly!.value)} -> ${showValue(newOnly!.value)}`)];
  }
  for (const v of newValues) {
    const reason = ctx.old.rejects(before, v.value);
    if (reason === undefined) continue;
    changes.push(breaking(v.pointer, oldFinite ? `enum adds ${showValue(v.value)}` : `value ${showValue(v.value)} is not allowed by the old schema (${reason})`));
  }
  const where = newValues[0]?.pointer ?? after[0]?.home ?? "";
  if (oldFinite) {
    for (const v of oldValues) {
      if (newValues.some((n) => jsonEqual(n.value, v.value))) continue;
      changes.push(compatible(where, v.source === "type" ? `value ${showValue(v.value)} is no longer allowed` : `enum removes ${showValue(v.value)}`));
    }
  } else if (changes.length === 0 && newValues.some((v) => v.source !== "type")) {
    changes.push(compatible(where, `values restricted to ${showValues(newValues.map((v) => v.value))}`));
  }
  return changes;
}

/** The old branch allowed a finite set of values, the new one does not: breaking. */
export function finiteSetRemoved(before: Branch, after: Branch): Change {
  const values = before.values ?? [];
  if (values.length === 1 && values[0]!.source === "const") return breaking(after.home, `const ${showValue(values[0]!.value)} removed`);
  return breaking(after.home, `enum removed (was ${showValues(values.map((v) => v.value))})`);
}

function unique(values: readonly FiniteValue[]): FiniteValue[] {
  const out: FiniteValue[] = [];
  for (const v of values) if (!out.some((o) => jsonEqual(o.value, v.value))) out.push(v);
  return out;
}
