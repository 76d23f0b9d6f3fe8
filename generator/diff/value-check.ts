import type { Branch } from "./branches.js";
import { allowsNoArray, rejectArray } from "./array-rules.js";
import { rejectConditionals } from "./conditional-rules.js";
import type { SchemaSide } from "./context.js";
import { groupOfValue, jsonEqual, showValue, showValues } from "./json-values.js";
import { rejectNumber } from "./number-rules.js";
import { allowsNoObject, rejectObject } from "./object-rules.js";
import { rejectString } from "./string-rules.js";

/**
 * Whether a concrete value is valid under one side's schema, used where the new schema allows a
 * finite set of values (`enum`, `const`): then the rule can be checked exactly, value by value,
 * instead of keyword by keyword. Extra object properties are accepted, as the compatibility rule
 * sets them aside.
 * @returns why the value is rejected (`maxLength 3`), or undefined when some branch accepts it
 */
export function rejectValue(side: SchemaSide, branches: readonly Branch[], value: unknown): string | undefined {
  const group = groupOfValue(value);
  const candidates = branches.filter((b) => b.group === group);
  if (candidates.length === 0) return group === undefined ? "not a JSON value" : `type ${group}`;
  let first: string | undefined;
  for (const branch of candidates) {
    const reason = rejectInBranch(side, branch, value);
    if (reason === undefined) return undefined;
    first ??= reason;
  }
  return first;
}

function rejectInBranch(side: SchemaSide, branch: Branch, value: unknown): string | undefined {
  if (branch.values && !branch.values.some((v) => jsonEqual(v.value, value))) {
    const listed = branch.values.map((v) => v.value);
    return listed.length === 1 ? `const ${showValue(listed[0])}` : `enum ${showValues(listed)}`;
  }
  let reason: string | undefined;
  if (typeof value === "string") reason = rejectString(branch, value);
  else if (typeof value === "number") reason = rejectNumber(branch, value);
  else if (Array.isArray(value)) reason = rejectArray(side, branch, value);
  else if (typeof value === "object" && value !== null) reason = rejectObject(side, branch, value as Record<string, unknown>);
  if (reason !== undefined) return reason;
  for (const node of branch.deferred) {
    const inner = side.rejects(side.branches([node]), value);
    if (inner !== undefined) return inner;
  }
  return rejectConditionals(side, branch, value);
}

/**
 * Whether a branch allows no value: every listed value fails its other keywords, or (one level
 * down) an item or property it requires allows nothing.
 */
export function isEmptyBranch(side: SchemaSide, branch: Branch): boolean {
  if (branch.values) return branch.values.every((v) => rejectInBranch(side, branch, v.value) !== undefined);
  if (branch.group === "array") return allowsNoArray(side, branch);
  if (branch.group === "object") return allowsNoObject(side, branch);
  return false;
}
