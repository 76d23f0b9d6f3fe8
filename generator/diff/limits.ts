import { type Change, breaking, compatible } from "./change.js";

/** One numeric keyword value with the node it sits on. */
export interface Limit {
  value: number;
  pointer: string;
}

/**
 * Compare a one-sided numeric limit (`minLength`, `maxItems`, `minProperties`, ...). A `lower`
 * limit that goes down, or an `upper` one that goes up, lets the new schema accept values the old
 * one rejected: breaking. Several parts of a branch (an `allOf`) can each set the keyword; the
 * tightest one counts.
 * @param home where a removed limit is reported (the node in the new schema)
 */
export function compareLimit(
  keyword: string,
  bound: "lower" | "upper",
  oldLimits: readonly Limit[],
  newLimits: readonly Limit[],
  home: string,
): Change[] {
  const before = tightest(oldLimits, bound);
  const after = tightest(newLimits, bound);
  if (!before && !after) return [];
  if (!after) return [breaking(home, `${keyword} ${before!.value} removed`)];
  if (!before) return [compatible(after.pointer, `${keyword} ${after.value} added`)];
  if (before.value === after.value) return [];
  const looser = bound === "lower" ? after.value < before.value : after.value > before.value;
  const what = `${keyword} ${before.value} -> ${after.value}`;
  return [looser ? breaking(after.pointer, what) : compatible(after.pointer, what)];
}

/** The limit that constrains most: the largest lower limit or the smallest upper one. */
export function tightest(limits: readonly Limit[], bound: "lower" | "upper"): Limit | undefined {
  let best: Limit | undefined;
  for (const limit of limits) {
    if (!best || (bound === "lower" ? limit.value > best.value : limit.value < best.value)) best = limit;
  }
  return best;
}
