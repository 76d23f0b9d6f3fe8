import { type Branch, isNumber, keywordValues } from "./branches.js";
import { type Change, breaking, compatible } from "./change.js";

/**
 * Numeric keywords (2020-12 Validation §6.1.1, §6.2): `integer` versus `number`, `minimum`,
 * `exclusiveMinimum`, `maximum`, `exclusiveMaximum`, `multipleOf`.
 */
export function compareNumbers(before: Branch, after: Branch): Change[] {
  const changes: Change[] = [];
  const wasInteger = isIntegerOnly(before);
  const isInteger = isIntegerOnly(after);
  if (wasInteger !== isInteger) {
    changes.push(wasInteger ? breaking(after.home, "type integer -> number") : compatible(after.home, "type number -> integer"));
  }
  changes.push(
    ...compareBound("lower", bounds(before, "lower"), bounds(after, "lower"), wasInteger, isInteger, after.home),
    ...compareBound("upper", bounds(before, "upper"), bounds(after, "upper"), wasInteger, isInteger, after.home),
    ...compareMultipleOf(before, after),
  );
  return changes;
}

/** Integers only: the type says so, or a whole `multipleOf` does (`{"type": "number", "multipleOf": 1}`). */
function isIntegerOnly(branch: Branch): boolean {
  return !branch.types.has("number") || keywordValues(branch, "multipleOf", isNumber).some((m) => Number.isInteger(m.value) && m.value >= 1);
}

/** A bound as written: `minimum 0` is inclusive, `exclusiveMinimum 0` is not. */
interface Bound {
  keyword: string;
  value: number;
  exclusive: boolean;
  pointer: string;
}

const BOUND_KEYWORDS = {
  lower: { inclusive: "minimum", exclusive: "exclusiveMinimum" },
  upper: { inclusive: "maximum", exclusive: "exclusiveMaximum" },
} as const;

function bounds(branch: Branch, side: "lower" | "upper"): Bound[] {
  const { inclusive, exclusive } = BOUND_KEYWORDS[side];
  return [
    ...keywordValues(branch, inclusive, isNumber).map((b) => ({ keyword: inclusive, value: b.value, exclusive: false, pointer: b.pointer })),
    ...keywordValues(branch, exclusive, isNumber).map((b) => ({ keyword: exclusive, value: b.value, exclusive: true, pointer: b.pointer })),
  ];
}

/**
 * The bound as an inclusive-or-exclusive limit to compare. Over integers an exclusive bound is an
 * inclusive one moved by one (`exclusiveMinimum 0` is `minimum 1`), so the two spellings compare
 * equal there.
 */
function effective(bound: Bound, side: "lower" | "upper", integer: boolean): { value: number; exclusive: boolean } {
  if (!integer) return { value: bound.value, exclusive: bound.exclusive };
  if (side === "lower") return { value: bound.exclusive ? Math.floor(bound.value) + 1 : Math.ceil(bound.value), exclusive: false };
  return { value: bound.exclusive ? Math.ceil(bound.value) - 1 : Math.floor(bound.value), exclusive: false };
}

/** Whether limit `a` admits fewer values than (or the same as) `b` on that side. */
function atLeastAsTight(a: { value: number; exclusive: boolean }, b: { value: number; exclusive: boolean }, side: "lower" | "upper"): boolean {
  if (a.value !== b.value) return side === "lower" ? a.value > b.value : a.value < b.value;
  return a.exclusive || !b.exclusive;
}

function tightestBound(list: readonly Bound[], side: "lower" | "upper", integer: boolean): Bound | undefined {
  let best: Bound | undefined;
  for (const b of list) {
    if (!best || !atLeastAsTight(effective(best, side, integer), effective(b, side, integer), side)) best = b;
  }
  return best;
}

function compareBound(
  side: "lower" | "upper",
  oldBounds: readonly Bound[],
  newBounds: readonly Bound[],
  wasInteger: boolean,
  isInteger: boolean,
  home: string,
): Change[] {
  const before = tightestBound(oldBounds, side, wasInteger);
  const after = tightestBound(newBounds, side, isInteger);
  if (!before && !after) return [];
  if (!after) return [breaking(home, `${before!.keyword} ${before!.value} removed`)];
  if (!before) return [compatible(after.pointer, `${after.keyword} ${after.value} added`)];
  const old = effective(before, side, wasInteger);
  const next = effective(after, side, isInteger);
  if (old.value === next.value && old.exclusive === next.exclusive) return [];
  const what = before.keyword === after.keyword
    ? `${after.keyword} ${before.value} -> ${after.value}`
    : `${before.keyword} ${before.value} -> ${after.keyword} ${after.value}`;
  return [atLeastAsTight(next, old, side) ? compatible(after.pointer, what) : breaking(after.pointer, what)];
}

/** Whether a/b is a whole number, within float error (0.3 / 0.1 is 2.9999999999999996). */
function isWholeRatio(a: number, b: number): boolean {
  const ratio = a / b;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

/** Whether every multiple of the step `a` is a multiple of the step `b` (both positive). */
function isMultiple(a: number, b: number): boolean {
  return isWholeRatio(a, b) && Math.round(a / b) >= 1;
}

/**
 * Every new value must be a multiple of each old `multipleOf`: true when some new `multipleOf` is
 * itself a multiple of it, or when the new values are integers and it divides 1.
 */
function compareMultipleOf(before: Branch, after: Branch): Change[] {
  const oldSteps = keywordValues(before, "multipleOf", isNumber);
  const newSteps = keywordValues(after, "multipleOf", isNumber);
  const integer = isIntegerOnly(after);
  const kept = (step: number) => newSteps.some((n) => isMultiple(n.value, step)) || (integer && isMultiple(1, step));
  if (oldSteps.length === 1 && newSteps.length === 1 && oldSteps[0]!.value !== newSteps[0]!.value) {
    const what = `multipleOf ${oldSteps[0]!.value} -> ${newSteps[0]!.value}`;
    return [kept(oldSteps[0]!.value) ? compatible(newSteps[0]!.pointer, what) : breaking(newSteps[0]!.pointer, what)];
  }
  const changes: Change[] = [];
  for (const o of oldSteps) if (!kept(o.value)) changes.push(breaking(after.home, `multipleOf ${o.value} removed`));
  for (const n of newSteps) {
    if (!oldSteps.some((o) => o.value === n.value)) changes.push(compatible(n.pointer, `multipleOf ${n.value} added`));
  }
  return changes;
}

/** Why `value` fails the branch's numeric keywords, or undefined when it passes. */
export function rejectNumber(branch: Branch, value: number): string | undefined {
  if (isIntegerOnly(branch) && !Number.isInteger(value)) return "type integer";
  for (const side of ["lower", "upper"] as const) {
    for (const b of bounds(branch, side)) {
      const inside = side === "lower"
        ? (b.exclusive ? value > b.value : value >= b.value)
        : (b.exclusive ? value < b.value : value <= b.value);
      if (!inside) return `${b.keyword} ${b.value}`;
    }
  }
  for (const step of keywordValues(branch, "multipleOf", isNumber)) {
    if (!isWholeRatio(value, step.value)) return `multipleOf ${step.value}`;
  }
  return undefined;
}
