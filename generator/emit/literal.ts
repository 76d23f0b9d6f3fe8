/**
 * JSON values as TypeScript object literals: two-space indentation, identifier keys unquoted, short
 * arrays and objects of primitives on one line. One trap is avoided: in an object literal,
 * `__proto__: x` (quoted or not) sets the prototype instead of creating a property
 * (ECMA-262 §B.3.1), so that key is written computed, `["__proto__"]: x`, which creates an own
 * property like `JSON.parse` does.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Arrays and objects this short (and holding no object of their own) stay on one line. */
const ONE_LINE = 72;

/** Render a JSON value (as parsed from a schema) as a TypeScript expression. */
export function toLiteral(value: unknown, indent = ""): string {
  const parts: string[] = [];
  write(value, indent, parts);
  return parts.join("");
}

function write(value: unknown, indent: string, parts: string[]): void {
  if (value === null || typeof value !== "object") {
    parts.push(JSON.stringify(value) ?? "null");
    return;
  }
  const inner = `${indent}  `;
  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    parts.push(open + close);
    return;
  }
  const flat = oneLine(entries, Array.isArray(value));
  if (flat !== undefined) {
    parts.push(flat);
    return;
  }
  parts.push(`${open}\n`);
  for (const [key, v] of entries) {
    parts.push(key === undefined ? inner : `${inner}${propertyKey(key)}: `);
    write(v, inner, parts);
    parts.push(",\n");
  }
  parts.push(indent + close);
}

/** The one-line form, when every value is a primitive or an array of primitives and it is short. */
function oneLine(entries: readonly [string | undefined, unknown][], isArray: boolean): string | undefined {
  const items: string[] = [];
  let length = 0;
  for (const [key, v] of entries) {
    if (v !== null && typeof v === "object" && !(Array.isArray(v) && v.every((x) => x === null || typeof x !== "object"))) return undefined;
    const text = (key === undefined ? "" : `${propertyKey(key)}: `) + (Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(", ")}]` : JSON.stringify(v));
    length += text.length + 2;
    if (length > ONE_LINE + 2) return undefined;
    items.push(text);
  }
  const line = isArray ? `[${items.join(", ")}]` : `{ ${items.join(", ")} }`;
  return line.length <= ONE_LINE ? line : undefined;
}

/** An object literal key: bare when it is an identifier, quoted otherwise, computed for `__proto__`. */
export function propertyKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}
