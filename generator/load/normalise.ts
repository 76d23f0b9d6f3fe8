import type { Diagnostic } from "../diagnostics.js";
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import { childPointer, descendantPointer } from "./json-pointer.js";
import { ALWAYS_IN_PLACE, IGNORED_IN_DRAFT, SUBSCHEMA_KEYWORDS, isPlainObject, isSchema } from "./keywords.js";
import { type SchemaLocation, locationKey } from "./resolve-ref.js";
import { REF_KEYWORDS, type SchemaGraph, refKey, valueOf } from "./schema-graph.js";

/** A `$ref` written into a normalised schema; its value is set once every type has a name. */
export interface RefHolder {
  holder: { $ref: string } & JsonSchemaObject;
  /** Location key of the named unit it refers to. */
  target: string;
  /** Whether the reference applies to the same instance as the unit itself (cycle detection). */
  inPlace: InPlace;
  /** Where it was written: the reference keyword, or a nested unit replaced by a reference. */
  pointer: string;
}

/**
 * How a place relates to its unit's instance: `no` (a property, an item: another instance),
 * `root` (the unit itself), `allOf` (reached through `allOf` only), `other` (through `not`/`if`).
 */
export type InPlace = "no" | "root" | "allOf" | "other";

/** One unit normalised to draft 2020-12. */
export interface NormalisedUnit {
  schema: JsonSchema;
  refs: RefHolder[];
  /** True when a reference inside did not resolve (its diagnostic is in the graph). */
  failed: boolean;
}

export interface NormaliseContext {
  graph: SchemaGraph;
  /** The pointers of the named units (emitted once, referenced by name) in each document. */
  unitPointers: ReadonlyMap<SchemaLocation["doc"], ReadonlySet<string>>;
  /** Problems found while normalising (each distinct message once per file). */
  report: (diagnostic: Diagnostic) => void;
}

/**
 * Annotation keywords 2020-12 defines with a value type that older drafts do not (`deprecated` is
 * any value in draft-07, a boolean in 2020-12). A value of another type has no effect on validation
 * and would make the normalised schema invalid, so it is left out.
 */
const ANNOTATION_TYPES: Record<string, (value: unknown) => boolean> = {
  deprecated: (v) => typeof v === "boolean",
  readOnly: (v) => typeof v === "boolean",
  writeOnly: (v) => typeof v === "boolean",
  examples: Array.isArray,
  $comment: (v) => typeof v === "string",
  contentMediaType: (v) => typeof v === "string",
  contentEncoding: (v) => typeof v === "string",
};

/** Keywords whose values are instance data: kept as written, even when they hold a `$ref` key. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples"]);

/**
 * True when a value holds an object with a `$ref` key. Such a value under a word that is not a
 * keyword (`"inputs": {"name": {"$ref": ...}}`, a property list without `properties`) validates
 * nothing, but tools that resolve every `$ref` they see would trip over it.
 */
function holdsRef(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item !== "object") continue;
    if (!Array.isArray(item) && "$ref" in item) return true;
    stack.push(...Object.values(item));
  }
  return false;
}

/** Keywords that only identify or hold schemas; their work is done once references are resolved. */
const DROPPED = new Set(["$schema", "$id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$vocabulary", "$defs", "definitions", "contentSchema"]);

/**
 * Rewrite one unit (a named type's schema) into draft 2020-12 with the same validation under Ajv
 * as the original draft (design.md §3, project.ts):
 * - draft-04 `id` and every `$id`/`$anchor`/`$schema` go (references are resolved already);
 * - draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form;
 * - tuple `items: [..]` becomes `prefixItems`, and `additionalItems` becomes `items`;
 * - `dependencies` splits into `dependentRequired` (arrays) and `dependentSchemas` (schemas);
 * - `$recursiveRef`/`$dynamicRef` become `$ref` to their static target;
 * - keywords Ajv ignores under the original draft but would apply under 2020-12 are dropped;
 * - `$defs`/`definitions` go: every referenced definition is a unit of its own;
 * - every reference, and every nested unit, becomes `{ "$ref": ... }` to that unit.
 * Siblings of `$ref` stay in every draft: Ajv applies them (draft-07 included), and the
 * SchemaStore tests that judge real schemas were run with Ajv.
 */
export function normaliseUnit(unit: SchemaLocation, ctx: NormaliseContext): NormalisedUnit {
  const result: NormalisedUnit = { schema: true, refs: [], failed: false };
  const unitPointers = ctx.unitPointers.get(unit.doc) ?? new Set<string>();
  result.schema = normaliseNode(valueOf(unit) as JsonSchema, unit.pointer, "root", /* unitRoot */ true);
  return result;

  function normaliseNode(node: JsonSchema, pointer: string, inPlace: InPlace, unitRoot: boolean): JsonSchema {
    if (!unitRoot && unitPointers.has(pointer)) return refTo(locationKey({ doc: unit.doc, pointer }), inPlace, pointer);
    if (typeof node === "boolean") return node;
    const draft = unit.doc.draft;
    const table = SUBSCHEMA_KEYWORDS[draft];
    const ignored = IGNORED_IN_DRAFT[draft];
    const out: JsonSchemaObject = {};
    const dynamicRefs: { target: string; pointer: string }[] = [];
    const dependentRequired: Record<string, unknown> = {};
    const dependentSchemas: Record<string, JsonSchema> = {};
    const child = (keyword: string, path: (string | number)[], value: JsonSchema) =>
      normaliseNode(value, descendantPointer(pointer, path), stepInPlace(inPlace, keyword), false);
    /**
     * A subschema. The meta-schemas of draft-04 and draft-06 do not cover every keyword Ajv
     * applies in them (`if`, `contains`, ...), so a non-schema value can get this far.
     */
    const subschema = (keyword: string, path: (string | number)[], value: unknown): JsonSchema =>
      isSchema(value) ? child(keyword, path, value) : notA("a schema (an object, or true/false)", keyword, path, value);
    const notA = (expected: string, keyword: string, path: (string | number)[], value: unknown): JsonSchema => {
      result.failed = true;
      ctx.report({
        code: "EG_SCHEMA_INVALID",
        severity: "error",
        file: unit.doc.file,
        pointer: descendantPointer(pointer, path),
        message: `"${keyword}" must be ${expected} (found ${JSON.stringify(value)?.slice(0, 40)})`,
        hint: `Ajv applies "${keyword}" in ${draft} too, so its value must be ${expected}`,
      });
      return true;
    };

    for (const [keyword, value] of Object.entries(node)) {
      if (DROPPED.has(keyword) || (keyword === "id" && draft === "draft-04")) continue;
      if (ignored.has(keyword)) {
        ctx.report({
          code: "EG_KEYWORD_IGNORED",
          severity: "warning",
          file: unit.doc.file,
          pointer: childPointer(pointer, keyword),
          message: `"${keyword}" has no effect in ${draft} and is left out`,
          hint: keyword === "additionalItems" ? 'in 2020-12 "items" holds the schema of the remaining items' : `declare "$schema": "https://json-schema.org/draft/2020-12/schema" to use "${keyword}"`,
        });
        continue;
      }
      if (ANNOTATION_TYPES[keyword]?.(value) === false) {
        // `"deprecated": "use x instead"` still says the property is deprecated.
        if (keyword === "deprecated" && typeof value === "string" && value !== "") out.deprecated = true;
        ctx.report({
          code: "EG_KEYWORD_IGNORED",
          severity: "warning",
          file: unit.doc.file,
          pointer: childPointer(pointer, keyword),
          message: `"${keyword}" has a value 2020-12 does not allow (${JSON.stringify(value).slice(0, 40)}) and is ${out[keyword] === true ? "written as true" : "left out"}`,
          hint: `"${keyword}" is an annotation: ${keyword === "examples" ? "an array of sample values" : keyword === "deprecated" || keyword.endsWith("Only") ? "true or false" : "a string"}`,
        });
        continue;
      }
      if ((REF_KEYWORDS as readonly string[]).includes(keyword)) {
        if (typeof value !== "string") continue;
        const resolution = ctx.graph.refs.get(refKey({ doc: unit.doc, pointer }, keyword));
        if (!resolution?.ok) {
          result.failed = true;
        } else if (keyword === "$ref") {
          addRef(out, locationKey(resolution.target), inPlace, childPointer(pointer, keyword));
        } else {
          dynamicRefs.push({ target: locationKey(resolution.target), pointer: childPointer(pointer, keyword) });
        }
        continue;
      }
      if (draft === "draft-04" && (keyword === "exclusiveMinimum" || keyword === "exclusiveMaximum") && typeof value === "boolean") continue;
      if (draft === "draft-04" && (keyword === "minimum" || keyword === "maximum")) {
        const exclusive = keyword === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        out[node[exclusive] === true ? exclusive : keyword] = value;
        continue;
      }
      if (keyword === "dependencies" && isPlainObject(value)) {
        for (const [property, dependency] of Object.entries(value)) {
          if (Array.isArray(dependency)) dependentRequired[property] = dependency;
          else dependentSchemas[property] = subschema(keyword, [keyword, property], dependency);
        }
        continue;
      }
      const shape = table[keyword];
      if (shape === undefined && !DATA_KEYWORDS.has(keyword) && holdsRef(value)) {
        ctx.report({
          code: "EG_KEYWORD_IGNORED",
          severity: "warning",
          file: unit.doc.file,
          pointer: childPointer(pointer, keyword),
          message: `"${keyword}" is not a keyword of ${draft}, so the $ref inside it is never followed; it is left out`,
          hint: `if it is meant as a property, move it under "properties"`,
        });
      } else if (shape === undefined) {
        out[keyword] = value;
      } else if (keyword === "items" && Array.isArray(value) && shape === "schema-or-list") {
        out.prefixItems = value.map((item, i) => subschema(keyword, [keyword, i], item));
        if (node.additionalItems !== undefined) out.items = subschema("additionalItems", ["additionalItems"], node.additionalItems);
      } else if (keyword === "additionalItems") {
        // Applied together with a tuple `items` above; without one Ajv ignores it.
      } else if (shape === "schema" || shape === "schema-or-list") {
        out[keyword] = subschema(keyword, [keyword], value);
      } else if (shape === "schema-list") {
        out[keyword] = Array.isArray(value) ? value.map((item, i) => subschema(keyword, [keyword, i], item)) : notA("an array of schemas", keyword, [keyword], value);
      } else if (!isPlainObject(value)) {
        out[keyword] = notA("an object of schemas", keyword, [keyword], value);
      } else {
        const map: Record<string, JsonSchema> = {};
        for (const [name, schema] of Object.entries(value)) map[name] = subschema(keyword, [keyword, name], schema);
        if (keyword === "dependentSchemas") mergeDependentSchemas(dependentSchemas, map);
        else out[keyword] = map;
      }
    }
    if (isPlainObject(node.dependentRequired) && !ignored.has("dependentRequired")) {
      for (const [property, required] of Object.entries(node.dependentRequired)) {
        const before = dependentRequired[property];
        dependentRequired[property] = Array.isArray(before) && Array.isArray(required) ? [...new Set([...before, ...required])] : required;
      }
    }
    if (Object.keys(dependentRequired).length > 0) out.dependentRequired = dependentRequired;
    if (Object.keys(dependentSchemas).length > 0) out.dependentSchemas = dependentSchemas;
    // `$recursiveRef`/`$dynamicRef` next to a `$ref`: both apply, so the extra one goes into allOf.
    for (const { target, pointer: at } of dynamicRefs) {
      if (out.$ref === undefined) addRef(out, target, inPlace, at);
      else out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), refTo(target, inPlace, at)];
    }
    return out;
  }

  function refTo(target: string, inPlace: InPlace, pointer: string): JsonSchemaObject {
    const holder: JsonSchemaObject = {};
    addRef(holder, target, inPlace, pointer);
    return holder;
  }

  function addRef(holder: JsonSchemaObject, target: string, inPlace: InPlace, pointer: string): void {
    holder.$ref = "";
    result.refs.push({ holder: holder as RefHolder["holder"], target, inPlace, pointer });
  }
}

/** The in-place relation of a subschema under `keyword` (see {@link InPlace}). */
function stepInPlace(parent: InPlace, keyword: string): InPlace {
  if (parent === "no" || !ALWAYS_IN_PLACE.has(keyword)) return "no";
  return keyword === "allOf" && (parent === "root" || parent === "allOf") ? "allOf" : "other";
}

/** `dependencies` and `dependentSchemas` on one object: both apply, so they are combined. */
function mergeDependentSchemas(into: Record<string, JsonSchema>, more: Record<string, JsonSchema>): void {
  for (const [property, schema] of Object.entries(more)) {
    const before = into[property];
    into[property] = before === undefined ? schema : { allOf: [before, schema] };
  }
}
