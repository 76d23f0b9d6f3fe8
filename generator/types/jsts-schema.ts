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
 *    Pattern properties join the index signature; with `additionalProperties` unspecified it is
 *    `unknown` unless a pattern matches every key (see rewriteObjectKeywords).
 * 5. A closed object also declares, as optional properties, what its `then`, `else` and
 *    `dependentSchemas` declare (and the `dependentSchemas` keys): a valid value may carry them, and
 *    the restore plan keeps them (generator/lower/restore-plan.ts `closedKeys`), so the type must
 *    name them.
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

  if (typeof schema["$ref"] === "string") return rewriteRef(schema, schema["$ref"], out, pointer, ctx);
  // A schema with only validation keywords (`required`, `minLength`, `not`, ...) or annotations
  // types as `unknown`: jsts would read anything but an empty object as an open object type.
  if (!shapesType(schema)) return { ...out, tsType: "unknown" };

  copyType(schema, out);
  if (Array.isArray(schema["enum"])) out["enum"] = schema["enum"];
  if ("const" in schema) out["const"] = schema["const"];
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list) || list.length === 0) continue;
    const members = list.map((s, i) => rewrite(s, `${pointer}/${keyword}/${i}`, ctx));
    // `unknown` is the identity of an intersection and absorbs a union: either way the keyword
    // adds nothing then (and jsts's optimizer would otherwise replace the whole type, name and all).
    const known = members.filter((m) => !isUnknown(m));
    if (keyword === "allOf" ? known.length > 0 : known.length === members.length) out[keyword] = known;
  }
  if (schema["type"] === undefined && hasArrayKeywords(schema) && hasObjectKeywords(schema)) return untypedShapes(schema, out, pointer, ctx);
  rewriteObjectKeywords(schema, out, pointer, ctx);
  rewriteArrayKeywords(schema, out, pointer, ctx);
  // Everything it had was dropped (a union with an unconstrained member, say): any value.
  return Object.keys(out).some((k) => JSTS_KEYWORDS.has(k)) ? out : { ...out, tsType: "unknown" };
}

/** The keywords jsts reads a type from (what rewrite can produce). */
const JSTS_KEYWORDS = new Set(["type", "enum", "const", "properties", "additionalProperties", "items", "additionalItems", "anyOf", "oneOf", "allOf", "tsType"]);
const ARRAY_KEYWORDS = ["items", "prefixItems", "unevaluatedItems"];
const OBJECT_KEYWORDS = ["properties", "patternProperties", "additionalProperties", "unevaluatedProperties", "required"];

function hasArrayKeywords(schema: JsonSchemaObject): boolean {
  return ARRAY_KEYWORDS.some((k) => k in schema);
}

function hasObjectKeywords(schema: JsonSchemaObject): boolean {
  return OBJECT_KEYWORDS.some((k) => k in schema);
}

/** False for a schema of validation keywords (`required`, `minLength`, `if`, ...) and annotations only. */
function shapesType(schema: JsonSchemaObject): boolean {
  const shaping = Object.keys(schema).filter((k) => TYPE_SHAPING_KEYWORDS.has(k));
  return !(shaping.length === 0 || (shaping.length === 1 && shaping[0] === "required"));
}

/**
 * Without `type`, array keywords constrain arrays only and object keywords objects only; every
 * other value passes (JSON Schema 2020-12 §10.3). jsts would intersect the two shapes (an array
 * that is also an object), so the schema becomes the union of its array shape, its object shape
 * and the other JSON types.
 */
function untypedShapes(schema: JsonSchemaObject, out: JsonSchemaObject, pointer: string, ctx: WalkContext): JsonSchemaObject {
  const arrayShape: JsonSchemaObject = { type: "array" };
  rewriteArrayKeywords(schema, arrayShape, pointer, ctx);
  const objectShape: JsonSchemaObject = { type: "object" };
  rewriteObjectKeywords(schema, objectShape, pointer, ctx);
  const union = [arrayShape, objectShape, { type: ["string", "number", "boolean", "null"] }];
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    if (out[keyword] === undefined) continue;
    union.forEach((shape) => (shape[keyword] = out[keyword]));
    delete out[keyword];
  }
  return { ...out, anyOf: union };
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
  // Only a closed object (rule 5) takes them: anywhere else an undeclared key is already typed by
  // the index signature, and `additionalProperties: false` rejects them whatever `then` says.
  const conditional = rest === undefined && !patterns ? conditionalProperties(schema, pointer) : new Map<string, Declaration[]>();
  if (!declared && !patterns && required.length === 0 && rest === undefined && conditional.size === 0 && !allowsObject(schema)) return;

  // An object that declares no property at all is a free-form map, not an always-empty object.
  const declaresNothing = (!declared || Object.keys(declared).length === 0) && !patterns && required.length === 0 && conditional.size === 0;
  if (rest === undefined && declaresNothing) rest = true;
  const properties: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(declared ?? {})) setOwn(properties, jstsKey(key), rewrite(value, `${pointer}/properties/${escapeToken(key)}`, ctx));
  for (const [key, declarations] of conditional) {
    if (Object.hasOwn(properties, jstsKey(key))) continue;
    const members = declarations.map((d) => rewrite(d.schema, d.pointer, ctx));
    setOwn(properties, jstsKey(key), members.length === 1 ? members[0] : members.some(isUnknown) ? { tsType: "unknown" } : { anyOf: members });
  }
  // A required property the schema does not declare is still in every valid value: type it, or the
  // closed object type would reject valid documents.
  for (const key of required) {
    if (Object.hasOwn(properties, jstsKey(key)) || rest === false) continue;
    setOwn(properties, jstsKey(key), rest === undefined || rest === true ? {} : rewrite(rest, `${pointer}/${restKeyword}`, ctx));
  }
  if (declared || required.length > 0 || conditional.size > 0) out["properties"] = properties;
  if (required.length > 0) out["required"] = [...new Set(required.map(jstsKey))];
  // TypeScript cannot constrain keys by pattern: every pattern's value type joins the index
  // signature (jsts would add a comment naming an `undefined` parent for each pattern instead).
  const extras = [...Object.entries(patterns ?? {}).map(([key, value]) => rewrite(value, `${pointer}/patternProperties/${escapeToken(key)}`, ctx))];
  // Beside patterns, an unspecified `additionalProperties` lets a key no pattern matches hold any
  // value; the validator accepts it and the restore keeps it (patterned objects are open), so the
  // index signature must admit it: `unknown`, unless a pattern matches every key. This also keeps
  // a sibling `allOf` member's properties out of the index signature's reach: web-types'
  // `^(?!pattern$).*$` leaves `pattern` to `base-contribution`.
  if (rest === undefined && patterns && !Object.keys(patterns).some((p) => EVERY_KEY_PATTERNS.has(p))) rest = true;
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

/**
 * Patterns (ECMA-262, unanchored) that match every string, empty and multi-line ones included:
 * the empty pattern and `.*` (optionally after `^`), which match at least the empty prefix.
 */
const EVERY_KEY_PATTERNS = new Set(["", ".*", "^.*"]);

/** Where a property is declared: its schema and the pointer it was written at. */
interface Declaration {
  schema: unknown;
  pointer: string;
}

const CONDITIONAL_KEYWORDS = ["then", "else"] as const;

/**
 * The properties `then`, `else` and each `dependentSchemas` entry declare, and each
 * `dependentSchemas` key (a property of any value), in the order written. Also those of `allOf`
 * members that hold nothing but such conditions (a common way to write several if/then pairs):
 * alone they type as `unknown`, and as separate object types they would intersect alternatives
 * (`{ a?: null } & { a?: "Units" }` is `never`). The same key from several places gets every
 * declaration: the property's type is their union.
 */
function conditionalProperties(schema: JsonSchemaObject, pointer: string): Map<string, Declaration[]> {
  const found = new Map<string, Declaration[]>();
  collectConditionalProperties(schema, pointer, found);
  const members = Array.isArray(schema["allOf"]) ? schema["allOf"] : [];
  members.forEach((member, i) => {
    if (isObject(member) && member["$ref"] === undefined && !shapesType(member)) collectConditionalProperties(member, `${pointer}/allOf/${i}`, found);
  });
  return found;
}

function collectConditionalProperties(schema: JsonSchemaObject, pointer: string, found: Map<string, Declaration[]>): void {
  const add = (key: string, declaration: Declaration): void => {
    const list = found.get(key);
    if (list) list.push(declaration);
    else found.set(key, [declaration]);
  };
  const addProperties = (part: unknown, at: string): void => {
    if (!isObject(part) || !isObject(part["properties"])) return;
    for (const [key, value] of Object.entries(part["properties"])) add(key, { schema: value, pointer: `${at}/properties/${escapeToken(key)}` });
  };
  for (const keyword of CONDITIONAL_KEYWORDS) addProperties(schema[keyword], `${pointer}/${keyword}`);
  const dependent = schema["dependentSchemas"];
  if (isObject(dependent)) {
    for (const [key, part] of Object.entries(dependent)) {
      add(key, { schema: {}, pointer: `${pointer}/dependentSchemas/${escapeToken(key)}` });
      addProperties(part, `${pointer}/dependentSchemas/${escapeToken(key)}`);
    }
  }
}

/** True when `type` names `object` (alone or in a list). */
function allowsObject(schema: JsonSchemaObject): boolean {
  const type = schema["type"];
  return type === "object" || (Array.isArray(type) && type.includes("object"));
}

/** A rewritten schema that accepts any value. */
function isUnknown(schema: JsonSchemaObject | boolean): boolean {
  return schema === true || (typeof schema === "object" && (schema["tsType"] === "unknown" || Object.keys(schema).every((k) => k === "description" || k === "deprecated")));
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
