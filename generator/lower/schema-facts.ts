/**
 * Facts read from a bundled 2020-12 schema (generator/load/project.ts): how a `$ref` resolves, which
 * types a schema admits, whether it admits `null`, which definitions are recursive. Schemas come
 * from users, so every keyword is read defensively.
 */
import { cyclicComponents } from "../cyclic-components.js";
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";

/** The JSON Schema type names. `integer` is a subset of `number`. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array";

export const JSON_TYPES: readonly JsonType[] = ["string", "number", "integer", "boolean", "null", "object", "array"];

/** The reference to the root of the bundle. */
export const ROOT_REF = "#";
const DEFS_PREFIX = "#/$defs/";

/** Keywords that describe a schema without constraining values. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "$schema",
  "$id",
  "$anchor",
  "$vocabulary",
  "$dynamicAnchor",
]);

export function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A view on one bundle: the root and its `$defs`, with the derived facts later stages ask for. */
export interface Bundle {
  root: JsonSchema;
  defs: Readonly<Record<string, JsonSchema>>;
  /** Definitions (and `#` for the root) that can reach themselves through `$ref`s. */
  recursive: ReadonlySet<string>;
  /** JSON pointer of every object and array inside the bundle, so losses can name where they are. */
  pointers: WeakMap<object, string>;
}

/** Build the bundle view of an extractor's schema. */
export function readBundle(root: JsonSchema): Bundle {
  const defs: Record<string, JsonSchema> = Object.create(null) as Record<string, JsonSchema>;
  if (isObject(root) && isObject(root["$defs"])) {
    for (const [name, def] of Object.entries(root["$defs"])) defs[name] = def as JsonSchema;
  }
  const pointers = new WeakMap<object, string>();
  indexPointers(root, "", pointers);
  return { root, defs, recursive: findRecursiveDefs(root, defs), pointers };
}

function indexPointers(value: unknown, pointer: string, into: WeakMap<object, string>): void {
  if (typeof value !== "object" || value === null || into.has(value)) return;
  into.set(value, pointer);
  if (Array.isArray(value)) value.forEach((v, i) => indexPointers(v, pointer + "/" + i, into));
  else for (const [k, v] of Object.entries(value)) indexPointers(v, childPointer(pointer, k), into);
}

/** The definition name a `$ref` points at (`#` for the root), or undefined when it is not local. */
export function refTarget(ref: unknown): string | undefined {
  if (ref === ROOT_REF) return ROOT_REF;
  if (typeof ref === "string" && ref.startsWith(DEFS_PREFIX)) {
    return decodePointerToken(ref.slice(DEFS_PREFIX.length));
  }
  return undefined;
}

/** The `$ref` string for a definition name (or `#`). */
export function refTo(name: string): string {
  return name === ROOT_REF ? ROOT_REF : DEFS_PREFIX + encodePointerToken(name);
}

export function resolveDef(bundle: Bundle, name: string): JsonSchema | undefined {
  return name === ROOT_REF ? bundle.root : bundle.defs[name];
}

export function encodePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** `pointer` + one more token. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  let out = pointer;
  for (const t of tokens) out += "/" + encodePointerToken(String(t));
  return out;
}

/** The pointer of a definition in the bundle. */
export function defPointer(name: string): string {
  return name === ROOT_REF ? "" : childPointer("/$defs", name);
}

/** The JSON type of a value (`integer` for whole numbers). */
export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return "object";
}

/** The `type` keyword as a list, or undefined when absent or malformed. */
export function declaredTypes(schema: JsonSchemaObject): JsonType[] | undefined {
  const t = schema["type"];
  if (typeof t === "string") return isJsonType(t) ? [t] : [];
  if (Array.isArray(t)) return t.filter((x): x is JsonType => typeof x === "string" && isJsonType(x));
  return undefined;
}

function isJsonType(t: string): t is JsonType {
  return (JSON_TYPES as readonly string[]).includes(t);
}

const OBJECT_KEYWORDS = [
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "dependentRequired",
  "dependentSchemas",
  "unevaluatedProperties",
];
const ARRAY_KEYWORDS = ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "unevaluatedItems"];
const STRING_KEYWORDS = ["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType"];
const NUMBER_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

/**
 * The types a schema without composition admits: `type` when present, else what `const`/`enum`
 * allow, else the types its type-specific keywords imply (a schema with `properties` and no `type`
 * is taken as an object, as every consumer of these schemas means it), else every type.
 */
export function admittedTypes(schema: JsonSchemaObject): JsonType[] {
  const declared = declaredTypes(schema);
  if (declared) return declared.includes("number") && !declared.includes("integer") ? [...declared, "integer"] : declared;
  if ("const" in schema) return [jsonTypeOf(schema["const"])];
  if (Array.isArray(schema["enum"])) return unique(schema["enum"].map(jsonTypeOf));
  const implied: JsonType[] = [];
  if (OBJECT_KEYWORDS.some((k) => k in schema)) implied.push("object");
  if (ARRAY_KEYWORDS.some((k) => k in schema)) implied.push("array");
  if (STRING_KEYWORDS.some((k) => k in schema)) implied.push("string");
  if (NUMBER_KEYWORDS.some((k) => k in schema)) implied.push("number", "integer");
  return implied.length > 0 ? implied : [...JSON_TYPES];
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * Whether a schema admits `null`. Composition is followed (`$ref`, `anyOf`/`oneOf`: some branch,
 * `allOf`: every part); a cycle counts as "no". Keywords this does not model (`not`, `if`) are
 * ignored, so the answer leans to "yes", which keeps `null` in a reply rather than removing it.
 */
export function allowsNull(bundle: Bundle, schema: JsonSchema, seen: ReadonlySet<string> = new Set()): boolean {
  if (schema === true) return true;
  if (!isObject(schema)) return false;
  const target = refTarget(schema["$ref"]);
  if (target !== undefined) {
    if (seen.has(target)) return false;
    const def = resolveDef(bundle, target);
    if (def === undefined || !allowsNull(bundle, def, new Set([...seen, target]))) return false;
  }
  const allOf = schema["allOf"];
  if (Array.isArray(allOf) && !allOf.every((s) => allowsNull(bundle, s as JsonSchema, seen))) return false;
  for (const key of ["anyOf", "oneOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches) && !branches.some((s) => allowsNull(bundle, s as JsonSchema, seen))) return false;
  }
  if ("const" in schema) return schema["const"] === null;
  if (Array.isArray(schema["enum"])) return schema["enum"].includes(null);
  const declared = declaredTypes(schema);
  return declared === undefined || declared.includes("null");
}

/** Every local `$ref` target mentioned anywhere inside `schema` (not following them). */
export function collectRefs(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const s of schema) collectRefs(s, into);
  } else if (isObject(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$defs") continue;
      if (key === "$ref") {
        const target = refTarget(value);
        if (target !== undefined) into.add(target);
      } else if (key !== "const" && key !== "enum" && key !== "default" && key !== "examples") {
        collectRefs(value, into);
      }
    }
  }
  return into;
}

/** Definitions that reach themselves through `$ref`. */
function findRecursiveDefs(root: JsonSchema, defs: Record<string, JsonSchema>): Set<string> {
  const edges = new Map<string, string[]>();
  edges.set(ROOT_REF, [...collectRefs(root)]);
  for (const [name, def] of Object.entries(defs)) edges.set(name, [...collectRefs(def)]);
  return new Set(cyclicComponents(edges).flat());
}

/**
 * An object whose keys are data: no declared properties, and extra keys allowed by
 * `additionalProperties`, `patternProperties` or `unevaluatedProperties`. Strict targets take it as
 * an array of `{ key, value }` entries, which the restore plan turns back into an object.
 */
export function isMapLike(schema: JsonSchemaObject): boolean {
  const declared = isObject(schema["properties"]) && Object.keys(schema["properties"]).length > 0;
  if (declared) return false;
  const opens = (v: unknown): boolean => v === true || isObject(v);
  const patterns = isObject(schema["patternProperties"]) && Object.keys(schema["patternProperties"]).length > 0;
  return patterns || opens(schema["additionalProperties"]) || opens(schema["unevaluatedProperties"]);
}
