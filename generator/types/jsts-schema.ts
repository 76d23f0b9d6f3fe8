/**
 * Rewrites one normalised (2020-12) schema into the dialect json-schema-to-typescript understands,
 * so that it types exactly this schema and nothing else:
 *
 * 1. `$ref`s become `tsType` references to the named type (never dereferenced, so every definition
 *    is declared once, under the name the names stage gave it).
 * 2. Only keywords that shape a TypeScript type are kept. Naming keywords (`title`, `$id`, `$defs`)
 *    and jsts extensions found in user schemas (`tsType`, `tsEnumNames`, `extends`) are dropped, so
 *    jsts cannot invent an exported name (`Party1`) or splice user text into the output.
 * 3. 2020-12 tuples (`prefixItems` + `items`) become jsts tuples (`items: [...]` + `additionalItems`).
 * 4. Objects follow design.md §3: closed when `additionalProperties` is unspecified, an index
 *    signature for `true` or a schema; an object that declares no property at all is a free-form map.
 */
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";

/** Where a reference points: the exported name, or `undefined` when it is not a named type. */
export type ResolveRef = (ref: string) => string | undefined;

export interface JstsSchemaContext {
  /** Maps `#/$defs/<Name>` (and `#`) to an exported type name. */
  resolveRef: ResolveRef;
  /** Called for a `$ref` that names no type; the reference is typed `unknown`. */
  onUnresolvedRef: (ref: string, pointer: string) => void;
}

export interface JstsSchemaResult {
  schema: JsonSchemaObject | boolean;
  /** Exported names this schema references, sorted. */
  refs: string[];
}

/** Keywords whose value only annotates: they never change the TypeScript type. */
const ANNOTATION_KEYWORDS = new Set(["description", "title", "$comment", "default", "examples", "deprecated", "readOnly", "writeOnly", "$id", "$anchor", "$schema", "$defs", "definitions", "$dynamicAnchor", "x-extractor"]);

/** Keywords json-schema-to-typescript turns into a type; every other keyword is dropped. */
const TYPE_SHAPING_KEYWORDS = new Set(["type", "enum", "const", "properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "required", "items", "prefixItems", "unevaluatedItems", "anyOf", "oneOf", "allOf", "$ref"]);

/**
 * jsts (and lodash under it) reads schemas with plain property access, where a `__proto__` key
 * means the prototype: a property of that name is renamed to this identifier for jsts, and
 * declare-type.ts writes it back as `"__proto__"`.
 */
export const PROTO_KEY_STAND_IN = "__extractgen_proto__";

/** Prefix items beyond this many are not spelled out: the tuple type would be unreadable. */
const MAX_TUPLE_ITEMS = 32;

/** Rewrite `schema` for json-schema-to-typescript (see the file comment for the rules). */
export function toJstsSchema(schema: JsonSchema, ctx: JstsSchemaContext): JstsSchemaResult {
  const refs = new Set<string>();
  const out = rewrite(schema, "", { ...ctx, refs });
  return { schema: out, refs: [...refs].sort() };
}

interface WalkContext extends JstsSchemaContext {
  refs: Set<string>;
}

function rewrite(schema: unknown, pointer: string, ctx: WalkContext): JsonSchemaObject | boolean {
  if (typeof schema === "boolean") return schema;
  if (!isObject(schema)) return {};
  const out: JsonSchemaObject = {};
  const description = schema["description"];
  if (typeof description === "string" && description.trim() !== "") out["description"] = description;
  if (schema["deprecated"] === true) out["deprecated"] = true;

  const shaping = Object.keys(schema).filter((k) => TYPE_SHAPING_KEYWORDS.has(k));
  if (typeof schema["$ref"] === "string") return rewriteRef(schema, schema["$ref"], out, pointer, ctx);
  // A schema with only validation keywords (`required`, `minLength`, `not`, ...) types as `unknown`:
  // jsts would otherwise read it as an open object and widen every union or intersection it is in.
  if (shaping.length === 0 || (shaping.length === 1 && shaping[0] === "required")) return out;

  copyType(schema, out);
  if (Array.isArray(schema["enum"])) out["enum"] = schema["enum"];
  if ("const" in schema) out["const"] = schema["const"];
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[keyword];
    if (Array.isArray(list) && list.length > 0) out[keyword] = list.map((s, i) => rewrite(s, `${pointer}/${keyword}/${i}`, ctx));
  }
  rewriteObjectKeywords(schema, out, pointer, ctx);
  rewriteArrayKeywords(schema, out, pointer, ctx);
  return out;
}

/**
 * `$ref` alone (or with annotations) is the named type itself; with constraining siblings
 * (2019-09+ allow them) it is the intersection of the named type and the siblings.
 */
function rewriteRef(schema: JsonSchemaObject, ref: string, out: JsonSchemaObject, pointer: string, ctx: WalkContext): JsonSchemaObject {
  const name = ctx.resolveRef(ref);
  if (name === undefined) ctx.onUnresolvedRef(ref, `${pointer}/$ref`);
  else ctx.refs.add(name);
  const target: JsonSchemaObject = name === undefined ? {} : { tsType: name };
  const siblings: JsonSchemaObject = {};
  for (const [k, v] of Object.entries(schema)) if (k !== "$ref" && !ANNOTATION_KEYWORDS.has(k)) siblings[k] = v;
  const typedSiblings = Object.keys(siblings).some((k) => TYPE_SHAPING_KEYWORDS.has(k)) ? rewrite(siblings, pointer, ctx) : undefined;
  if (typedSiblings === undefined || typedSiblings === true) return { ...out, ...target };
  return { ...out, allOf: [target, typedSiblings] };
}

function copyType(schema: JsonSchemaObject, out: JsonSchemaObject): void {
  const type = schema["type"];
  if (typeof type === "string") out["type"] = type;
  else if (Array.isArray(type)) {
    const names = type.filter((t): t is string => typeof t === "string");
    if (names.length > 0) out["type"] = names.length === 1 ? names[0] : names;
  }
}

function rewriteObjectKeywords(schema: JsonSchemaObject, out: JsonSchemaObject, pointer: string, ctx: WalkContext): void {
  const declared = isObject(schema["properties"]) ? schema["properties"] : undefined;
  const patterns = isObject(schema["patternProperties"]) ? schema["patternProperties"] : undefined;
  const required = Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : [];
  const restKeyword = "additionalProperties" in schema ? "additionalProperties" : "unevaluatedProperties";
  let rest: unknown = schema[restKeyword];
  if (!declared && !patterns && required.length === 0 && rest === undefined && !allowsObject(schema)) return;

  // An object that declares no property at all is a free-form map, not an always-empty object.
  const declaresNothing = (!declared || Object.keys(declared).length === 0) && !patterns && required.length === 0;
  if (rest === undefined && declaresNothing) rest = true;
  const properties: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(declared ?? {})) setOwn(properties, jstsKey(key), rewrite(value, `${pointer}/properties/${escapeToken(key)}`, ctx));
  // A required property the schema does not declare is still in every valid value: type it, or the
  // closed object type would reject valid documents.
  for (const key of required) {
    if (Object.hasOwn(properties, jstsKey(key)) || rest === false) continue;
    setOwn(properties, jstsKey(key), rest === undefined || rest === true ? {} : rewrite(rest, `${pointer}/${restKeyword}`, ctx));
  }
  if (declared || required.length > 0) out["properties"] = properties;
  if (required.length > 0) out["required"] = [...new Set(required.map(jstsKey))];
  // TypeScript cannot constrain keys by pattern: every pattern's value type joins the index
  // signature (jsts would add a comment naming an `undefined` parent for each pattern instead).
  const extras = [...Object.entries(patterns ?? {}).map(([key, value]) => rewrite(value, `${pointer}/patternProperties/${escapeToken(key)}`, ctx))];
  if (rest === true) out["additionalProperties"] = true;
  else if (rest !== undefined && rest !== false) extras.push(rewrite(rest, `${pointer}/${restKeyword}`, ctx));
  if (rest !== true) out["additionalProperties"] = extras.length === 0 ? false : extras.length === 1 ? extras[0] : { anyOf: extras };
}

function rewriteArrayKeywords(schema: JsonSchemaObject, out: JsonSchemaObject, pointer: string, ctx: WalkContext): void {
  const prefix = Array.isArray(schema["prefixItems"]) ? schema["prefixItems"].slice(0, MAX_TUPLE_ITEMS) : undefined;
  const items = "items" in schema ? schema["items"] : schema["unevaluatedItems"];
  if (prefix && prefix.length > 0) {
    out["items"] = prefix.map((s, i) => rewrite(s, `${pointer}/prefixItems/${i}`, ctx));
    // 2020-12: items after the prefix are allowed unless `items` (or `unevaluatedItems`) says otherwise.
    const tooLong = Array.isArray(schema["prefixItems"]) && schema["prefixItems"].length > MAX_TUPLE_ITEMS;
    out["additionalItems"] = items === undefined || tooLong ? true : items === false ? false : rewrite(items, `${pointer}/items`, ctx);
    const minItems = schema["minItems"];
    out["minItems"] = typeof minItems === "number" ? Math.min(Math.max(0, Math.floor(minItems)), prefix.length) : 0;
    return;
  }
  // Plain arrays stay `T[]`: minItems/maxItems are left to the validator (no tuple unions).
  if (items !== undefined && typeof items !== "boolean") out["items"] = rewrite(items, `${pointer}/items`, ctx);
  else if (items === false) out["items"] = false;
}

/** True when `type` names `object` (alone or in a list). */
function allowsObject(schema: JsonSchemaObject): boolean {
  const type = schema["type"];
  return type === "object" || (Array.isArray(type) && type.includes("object"));
}

function jstsKey(key: string): string {
  return key === "__proto__" ? PROTO_KEY_STAND_IN : key;
}

/** `obj[key] = value` that creates an own property even for `__proto__`. */
function setOwn(obj: JsonSchemaObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
