/**
 * OpenAI strict-mode rules, written from wire-formats.md §3 (not from the lowering code): the hard
 * rules 1-3, the supported keyword and format lists, `$ref` form and siblings, and the size limits.
 * `strictRuleViolations` returns one line per violation (`<pointer>: <rule>`); empty means the
 * schema is accepted by every rule we know.
 */

type Node = Record<string, unknown>;

const SUPPORTED = new Set([
  // structure
  "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref", "$defs",
  // annotations
  "title", "description",
  // string
  "pattern", "format",
  // number / integer
  "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  // array
  "minItems", "maxItems",
]);
const TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
const FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
const ANNOTATIONS = new Set(["title", "description"]);
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every strict-mode rule a wire schema (and its format name) breaks. */
export function strictRuleViolations(schema: Node, name?: string): string[] {
  const out: string[] = [];
  if (name !== undefined && !NAME.test(name)) out.push(`name: ${JSON.stringify(name)} is not [a-zA-Z0-9_-]{1,64}`);
  // Rule 1: the root is an object, not an anyOf.
  if (schema["type"] !== "object") out.push("/: root must be type object");
  if ("anyOf" in schema) out.push("/: root must not be anyOf");
  const defs = isNode(schema["$defs"]) ? schema["$defs"] : {};
  const check = (node: unknown, at: string, isRoot: boolean): void => {
    if (!isNode(node)) {
      out.push(`${at}: schema must be an object`);
      return;
    }
    for (const key of Object.keys(node)) {
      if (!SUPPORTED.has(key)) out.push(`${at}: keyword ${key} is not supported`);
      if (key === "$defs" && !isRoot) out.push(`${at}: $defs only at the root`);
    }
    if ("$ref" in node) {
      const ref = node["$ref"];
      const target = typeof ref === "string" && ref.startsWith("#/$defs/") ? ref.slice(8) : undefined;
      if (ref !== "#" && (target === undefined || !(target in defs))) out.push(`${at}: $ref ${String(ref)} does not resolve to #/$defs`);
      for (const key of Object.keys(node)) if (key !== "$ref" && !ANNOTATIONS.has(key)) out.push(`${at}: $ref with sibling ${key}`);
      return;
    }
    if (!("type" in node) && !("anyOf" in node) && !("enum" in node)) out.push(`${at}: schema needs type, anyOf, enum or $ref`);
    const types = Array.isArray(node["type"]) ? node["type"] : "type" in node ? [node["type"]] : [];
    for (const t of types) if (!TYPES.has(t as string)) out.push(`${at}: type ${String(t)} is not supported`);
    if ("format" in node && !FORMATS.has(node["format"] as string)) out.push(`${at}: format ${String(node["format"])} is not supported`);
    if (Array.isArray(node["enum"])) {
      for (const v of node["enum"]) if (v !== null && typeof v === "object") out.push(`${at}: enum values must be primitives`);
    }
    const isObject = types.includes("object") || "properties" in node;
    if (isObject) {
      // Rule 2: additionalProperties false on every object.
      if (node["additionalProperties"] !== false) out.push(`${at}: object must set additionalProperties: false`);
      // Rule 3: every property is required.
      const props = isNode(node["properties"]) ? node["properties"] : {};
      const required = Array.isArray(node["required"]) ? node["required"] : [];
      for (const key of Object.keys(props)) if (!required.includes(key)) out.push(`${at}: property ${key} must be required`);
      for (const [key, sub] of Object.entries(props)) check(sub, `${at}/properties/${key}`, false);
    }
    if ("items" in node) check(node["items"], `${at}/items`, false);
    if (Array.isArray(node["anyOf"])) node["anyOf"].forEach((b, i) => check(b, `${at}/anyOf/${i}`, false));
  };
  check(schema, "", true);
  for (const [name, def] of Object.entries(defs)) check(def, `/$defs/${name}`, false);
  out.push(...limitViolations(schema, defs));
  return out;
}

/** The §3 size limits: 10 levels, 5000 properties, 1000 enum values, 120,000 characters, large enums. */
function limitViolations(schema: Node, defs: Node): string[] {
  const out: string[] = [];
  let properties = 0;
  let enumValues = 0;
  let chars = Object.keys(defs).reduce((n, k) => n + k.length, 0);
  const text = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));
  const visited = new Set<unknown>();
  const count = (node: unknown): void => {
    if (!isNode(node) || visited.has(node)) return;
    visited.add(node);
    if (isNode(node["properties"])) {
      for (const [k, v] of Object.entries(node["properties"])) {
        properties++;
        chars += k.length;
        count(v);
      }
    }
    if (Array.isArray(node["enum"])) {
      enumValues += node["enum"].length;
      const size = node["enum"].reduce<number>((n, v) => n + text(v).length, 0);
      chars += size;
      if (node["enum"].length > 250 && node["enum"].every((v) => typeof v === "string") && size > 15_000) out.push("/: a string enum of more than 250 values exceeds 15,000 characters");
    }
    if ("const" in node) chars += text(node["const"]).length;
    count(node["items"]);
    if (Array.isArray(node["anyOf"])) node["anyOf"].forEach(count);
  };
  count(schema);
  Object.values(defs).forEach(count);
  if (properties > 5000) out.push(`/: ${properties} properties (limit 5000)`);
  if (enumValues > 1000) out.push(`/: ${enumValues} enum values (limit 1000)`);
  if (chars > 120_000) out.push(`/: ${chars} characters of names and values (limit 120,000)`);
  // Nesting: object and array nodes on a path, references followed once per path.
  const depth = (node: unknown, path: ReadonlySet<string>): number => {
    if (!isNode(node)) return 0;
    if (typeof node["$ref"] === "string") {
      const ref = node["$ref"];
      if (path.has(ref)) return 0;
      const target = ref === "#" ? schema : defs[ref.slice(8)];
      return depth(target, new Set([...path, ref]));
    }
    const types = Array.isArray(node["type"]) ? node["type"] : [node["type"]];
    const own = types.includes("object") || types.includes("array") ? 1 : 0;
    const children = [
      ...(isNode(node["properties"]) ? Object.values(node["properties"]) : []),
      ...("items" in node ? [node["items"]] : []),
      ...(Array.isArray(node["anyOf"]) ? node["anyOf"] : []),
    ];
    return own + children.reduce<number>((m, c) => Math.max(m, depth(c, path)), 0);
  };
  const nesting = depth(schema, new Set(["#"]));
  if (nesting > 10) out.push(`/: nesting depth ${nesting} (limit 10)`);
  return out;
}
