/** Plain JSON values as they appear in `enum`, `const` and candidate instances. */

/** The JSON Schema primitive types (2020-12 Validation §6.1.1). */
export type JsonType = "null" | "boolean" | "object" | "array" | "string" | "number" | "integer";

/**
 * A type group: the unit a schema is split into for comparison. `number` holds both `number` and
 * `integer`, because every integer is a number and the two are compared as one family.
 */
export type TypeGroup = "null" | "boolean" | "object" | "array" | "string" | "number";

export const TYPE_GROUPS: readonly TypeGroup[] = ["null", "boolean", "object", "array", "string", "number"];

/** The group a JSON value belongs to; undefined for values JSON cannot hold (NaN, functions). */
export function groupOfValue(value: unknown): TypeGroup | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "number":
      return Number.isFinite(value) ? "number" : undefined;
    case "object":
      return Array.isArray(value) ? "array" : "object";
    default:
      return undefined;
  }
}

/** Structural equality of JSON values: object key order does not matter, `1` equals `1.0`. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ak = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual((a as Record<string, unknown>)[k], bo[k]));
}

const MAX_SHOWN_VALUE = 60;

/** A value as it appears in a change phrase: JSON text, shortened past 60 characters. */
export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE - 3)}...` : text;
}

const MAX_SHOWN_VALUES = 8;

/** Several values for a phrase: `"a", "b", "c"`, the first eight and a count past that. */
export function showValues(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_SHOWN_VALUES).map(showValue).join(", ");
  return values.length > MAX_SHOWN_VALUES ? `${shown} and ${values.length - MAX_SHOWN_VALUES} more` : shown;
}
