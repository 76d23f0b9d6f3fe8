/**
 * JSON values as TypeScript object literals: two-space indentation, identifier keys unquoted.
 * One trap is avoided: in an object literal, `__proto__: x` (quoted or not) sets the prototype
 * instead of creating a property (ECMA-262 §B.3.1), so that key is written computed,
 * `["__proto__"]: x`, which creates an own property like `JSON.parse` does.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Arrays and objects this short (and holding no object of their own) stay on one line. */
const ONE_LINE = 72;

/** Render a JSON value (as parsed from a schema) as a TypeScript expression. */
export function toLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const flat = oneLine(value) && `[${value.map((v) => toLiteral(v)).join(", ")}]`;
    if (flat && flat.length <= ONE_LINE) return flat;
    return `[\n${value.map((v) => `${inner}${toLiteral(v, inner)}`).join(",\n")},\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const flat = oneLine(entries.map(([, v]) => v)) && `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${toLiteral(v)}`).join(", ")} }`;
  if (flat && flat.length <= ONE_LINE) return flat;
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${toLiteral(v, inner)}`).join(",\n")},\n${indent}}`;
}

/** Only primitives, and arrays of primitives, may share a line. */
function oneLine(values: readonly unknown[]): boolean {
  return values.every((v) => v === null || typeof v !== "object" || (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")));
}

/** An object literal key: bare when it is an identifier, quoted otherwise, computed for `__proto__`. */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}
