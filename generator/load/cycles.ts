import { cyclicComponents } from "../cyclic-components.js";
import type { Diagnostic } from "../diagnostics.js";
import type { NormalisedUnit } from "./normalise.js";
import type { SchemaLocation } from "./resolve-ref.js";

/**
 * Reference cycles that never leave the instance: A = B, B = A (or through `allOf`, `not`, `if`).
 * Validating such a schema recurses forever and its type would be circular, so every unit on the
 * cycle fails with EG_REF_CYCLE. Recursion through a property or an item is fine and untouched.
 *
 * One shape is repaired instead, with a warning: a definition that lists itself in its own
 * `allOf` (`A = P ∧ A`, seen in real schemas as a typo for a base type). Its greatest fixpoint is
 * `A = P`, so the self-reference is dropped (the `allOf` entry keeps its other keywords).
 */
export function checkReferenceCycles(units: ReadonlyMap<string, NormalisedUnit>, locations: ReadonlyMap<string, SchemaLocation>): { members: Set<string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const [key, unit] of units) {
    const selfInAllOf = unit.refs.filter((ref) => ref.target === key && ref.inPlace === "allOf");
    if (selfInAllOf.length === 0 || unit.refs.some((ref) => ref.target === key && (ref.inPlace === "root" || ref.inPlace === "other"))) continue;
    for (const ref of selfInAllOf) {
      delete (ref.holder as { $ref?: string }).$ref;
      diagnostics.push({
        code: "EG_REF_CYCLE",
        severity: "warning",
        file: locations.get(key)!.doc.file,
        pointer: ref.pointer,
        message: "allOf refers to the schema it is part of; the self-reference is left out (validating it would never end)",
        hint: "refer to the base definition you meant, or remove the entry",
      });
    }
    unit.refs = unit.refs.filter((ref) => !selfInAllOf.includes(ref));
  }
  const edges = new Map<string, string[]>();
  for (const key of [...units.keys()].sort()) edges.set(key, units.get(key)!.refs.filter((ref) => ref.inPlace !== "no").map((ref) => ref.target));

  const components = cyclicComponents(edges).map((component) => component.sort());

  const members = new Set<string>();
  for (const component of components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))) {
    for (const key of component) members.add(key);
    const first = component[0]!;
    const location = locations.get(first)!;
    const ref = units.get(first)!.refs.find((r) => r.inPlace !== "no" && component.includes(r.target))!;
    const chain = [...component, first].map((key) => shortPlace(locations.get(key)!, location.doc.file));
    diagnostics.push({
      code: "EG_REF_CYCLE",
      severity: "error",
      file: location.doc.file,
      pointer: ref.pointer,
      message: `reference cycle with nothing in between: ${chain.join(" -> ")}`,
      hint: "one step of the cycle must validate something of its own (a property, an item) before referring back",
    });
  }
  return { members, diagnostics };
}

function shortPlace(location: SchemaLocation, file: string): string {
  return location.doc.file === file ? `#${location.pointer}` : `${location.doc.file}#${location.pointer}`;
}
