/**
 * Composition normal form: every lowering and the restore planner read a schema position through
 * `canonicalize`, which removes `allOf` (merged), `$ref` with sibling keywords (the target merged in)
 * and unions next to other keywords (distributed into the branches:
 * `A ∧ (B ∨ C)` = `(A ∧ B) ∨ (A ∧ C)`). What is left is one of: nothing allowed, a pure `$ref`,
 * a union of branches (each canonicalized by the caller, lazily), or a plain schema with no
 * composition at the top. Because the restore plan is built from the same normal form as the wire
 * schemas, a reply shaped by a wire schema always meets a restore node of the same shape.
 */
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import type { LossLog } from "./losses.js";
import { ANNOTATION_KEYWORDS, type Bundle, defPointer, isObject, refTarget, resolveDef } from "./schema-facts.js";

/** A schema position in normal form. */
export type Canonical =
  | { kind: "never" }
  | { kind: "ref"; target: string; annotations: JsonSchemaObject }
  | { kind: "union"; branches: Branch[]; exclusive: boolean; annotations: JsonSchemaObject; inlined: ReadonlySet<string> }
  | { kind: "plain"; schema: JsonSchemaObject; inlined: ReadonlySet<string> };

/** One union branch, still to be canonicalized, with the pointer of where it was written. */
export interface Branch {
  schema: JsonSchema;
  pointer: string;
}

export interface CompositionContext {
  bundle: Bundle;
  /** Definitions merged inline on the current path: merging one again would never end. */
  inlined: ReadonlySet<string>;
  losses: LossLog;
}

/** Cap on distributed branches: `n` independent unions of `k` branches make `k^n`. */
const MAX_DISTRIBUTED_BRANCHES = 64;
/** Keywords that only combine, never constrain on their own at this level. */
const COMPOSITION_KEYWORDS = new Set(["$ref", "allOf", "anyOf", "oneOf", "$defs"]);

/** Bring one schema position into normal form. `pointer` is where it was written. */
export function canonicalize(schema: JsonSchema, pointer: string, cctx: CompositionContext): Canonical {
  if (schema === false) return { kind: "never" };
  if (!isObject(schema)) return { kind: "plain", schema: {}, inlined: cctx.inlined };
  // Most positions compose nothing: no copy, no new set.
  if (!("$ref" in schema) && !("allOf" in schema) && !("anyOf" in schema) && !("oneOf" in schema)) {
    return { kind: "plain", schema, inlined: cctx.inlined };
  }
  const pure = pureRef(schema);
  if (pure) return pure;

  // 1. Flatten `allOf` and `$ref` into a list of parts; collect unions.
  const parts: JsonSchemaObject[] = [];
  const unions: { branches: Branch[]; exclusive: boolean }[] = [];
  let inlined = cctx.inlined;
  let blockedRef: string | undefined;
  let never = false;
  const visit = (s: JsonSchema, at: string): void => {
    if (s === false) never = true;
    if (!isObject(s)) return;
    const base: JsonSchemaObject = {};
    for (const [k, v] of Object.entries(s)) if (!COMPOSITION_KEYWORDS.has(k)) base[k] = v;
    parts.push(base);
    const target = refTarget(s["$ref"]);
    if (target !== undefined) {
      if (inlined.has(target)) blockedRef ??= target;
      else {
        inlined = new Set([...inlined, target]);
        const def = resolveDef(cctx.bundle, target);
        if (def !== undefined) visit(def, defPointer(target));
      }
    }
    if (Array.isArray(s["allOf"])) s["allOf"].forEach((m, i) => visit(m as JsonSchema, `${at}/allOf/${i}`));
    for (const key of ["anyOf", "oneOf"] as const) {
      const list = s[key];
      if (Array.isArray(list)) {
        unions.push({
          branches: list.map((b, i) => ({ schema: b as JsonSchema, pointer: `${at}/${key}/${i}` })),
          exclusive: key === "oneOf",
        });
      }
    }
  };
  visit(schema, pointer);
  if (never) return { kind: "never" };
  if (blockedRef !== undefined) {
    // A definition cannot be merged into itself: keep the reference, give up the siblings.
    cctx.losses.add("EG_LOWER_ALLOF_CONFLICT", pointer, "$ref", `keywords next to a recursive $ref to ${blockedRef} were not sent`);
    return { kind: "ref", target: blockedRef, annotations: pickAnnotations(schema) };
  }

  // 2. Merge the parts.
  const merged = mergeParts(parts, pointer, cctx.losses);
  if (merged === false) return { kind: "never" };
  if (unions.length === 0) return { kind: "plain", schema: merged, inlined };

  // 3. Distribute what sits next to the first union into its branches; further unions ride along
  //    and are distributed when the branch itself is canonicalized.
  const [first, ...rest] = unions as [(typeof unions)[number], ...typeof unions];
  const annotations = pickAnnotations(merged);
  const structural: JsonSchemaObject = {};
  for (const [k, v] of Object.entries(merged)) if (!ANNOTATION_KEYWORDS.has(k)) structural[k] = v;
  let carried = rest;
  const product = rest.reduce((n, u) => n * Math.max(1, u.branches.length), first.branches.length);
  if (product > MAX_DISTRIBUTED_BRANCHES) {
    cctx.losses.add("EG_LOWER_ALLOF_CONFLICT", pointer, "anyOf", `only the first of ${unions.length} unions at this position was sent (${product} combinations)`);
    carried = [];
  }
  const structuralKeys = Object.keys(structural);
  const onlyType = structuralKeys.every((k) => k === "type");
  const branchesAreRefs = first.branches.every((b) => isObject(b.schema) && refTarget(b.schema["$ref"]) !== undefined);
  let branches: Branch[];
  if (carried.length === 0 && (structuralKeys.length === 0 || (onlyType && branchesAreRefs))) {
    // Keep `anyOf: [{$ref: A}, {$ref: B}]` as references: a sibling `type` is implied by them.
    branches = first.branches;
  } else {
    const carriedParts = carried.map((u) => ({ [u.exclusive ? "oneOf" : "anyOf"]: u.branches.map((b) => b.schema) }));
    branches = first.branches.map((b) => ({ schema: { allOf: [structural, ...carriedParts, b.schema] }, pointer: b.pointer }));
  }
  return { kind: "union", branches, exclusive: first.exclusive, annotations, inlined };
}

/** A `$ref` with nothing but annotations beside it (the annotations travel with the result). */
function pureRef(schema: JsonSchemaObject): Canonical | undefined {
  const target = refTarget(schema["$ref"]);
  if (target === undefined) return undefined;
  const siblings = Object.keys(schema).filter((k) => k !== "$ref" && k !== "$defs");
  if (siblings.some((k) => !ANNOTATION_KEYWORDS.has(k))) return undefined;
  return { kind: "ref", target, annotations: pickAnnotations(schema) };
}

/** `title` and `description` of a schema (the annotations worth keeping on the wire). */
export function pickAnnotations(schema: JsonSchemaObject): JsonSchemaObject {
  const out: JsonSchemaObject = {};
  if (typeof schema["title"] === "string") out["title"] = schema["title"];
  if (typeof schema["description"] === "string") out["description"] = schema["description"];
  return out;
}

const LOWER_BOUNDS = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"]);
const UPPER_BOUNDS = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"]);
const SUBSCHEMA_MAPS = new Set(["properties", "patternProperties", "dependentSchemas"]);
const SINGLE_SUBSCHEMAS = new Set(["items", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalProperties", "not"]);

/**
 * Merge the parts of an `allOf` into one schema (conjunction), or `false` when they contradict.
 * The first part's annotations win; a keyword whose values cannot be combined keeps the first value
 * and is reported.
 */
export function mergeParts(parts: JsonSchemaObject[], pointer: string, losses: LossLog): JsonSchemaObject | false {
  if (parts.length === 1) return parts[0]!;
  const out: JsonSchemaObject = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      if (!(k in out)) {
        out[k] = v;
        continue;
      }
      const merged = mergeKeyword(k, out[k], v);
      if (merged === CONTRADICTION) return false;
      if (merged === UNMERGEABLE) {
        losses.add("EG_LOWER_ALLOF_CONFLICT", pointer, k, `two different values of ${k}; the first was kept`);
        continue;
      }
      out[k] = merged;
    }
  }
  return out;
}

const CONTRADICTION = Symbol("contradiction");
const UNMERGEABLE = Symbol("unmergeable");

function mergeKeyword(key: string, a: unknown, b: unknown): unknown {
  if (ANNOTATION_KEYWORDS.has(key) || sameJson(a, b)) return a;
  if (key === "type") return intersectTypes(a, b);
  if (key === "required" && Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])];
  if (key === "enum" && Array.isArray(a) && Array.isArray(b)) {
    const both = a.filter((x) => b.some((y) => sameJson(x, y)));
    return both.length === 0 ? CONTRADICTION : both;
  }
  if (key === "const") return CONTRADICTION;
  if (LOWER_BOUNDS.has(key) && typeof a === "number" && typeof b === "number") return Math.max(a, b);
  if (UPPER_BOUNDS.has(key) && typeof a === "number" && typeof b === "number") return Math.min(a, b);
  if (key === "uniqueItems") return a === true || b === true;
  if (SUBSCHEMA_MAPS.has(key) && isObject(a) && isObject(b)) {
    const out: JsonSchemaObject = { ...a };
    for (const [name, s] of Object.entries(b)) out[name] = name in out ? conjoin(out[name], s) : s;
    return out;
  }
  if (key === "dependentRequired" && isObject(a) && isObject(b)) {
    const out: JsonSchemaObject = { ...a };
    for (const [name, list] of Object.entries(b)) {
      const prev = out[name];
      out[name] = Array.isArray(prev) && Array.isArray(list) ? [...new Set([...prev, ...list])] : list;
    }
    return out;
  }
  if (SINGLE_SUBSCHEMAS.has(key)) return key === "not" ? { anyOf: [a, b] } : conjoin(a, b);
  if (key === "prefixItems" && Array.isArray(a) && Array.isArray(b)) {
    const length = Math.max(a.length, b.length);
    return Array.from({ length }, (_, i) => (i < a.length && i < b.length ? conjoin(a[i], b[i]) : (a[i] ?? b[i])));
  }
  return UNMERGEABLE;
}

/** `a ∧ b` as a schema, keeping boolean schemas simple. */
function conjoin(a: unknown, b: unknown): unknown {
  if (a === true) return b;
  if (b === true) return a;
  if (a === false || b === false) return false;
  return { allOf: [a, b] };
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const list = (t: unknown): string[] => (typeof t === "string" ? [t] : Array.isArray(t) ? t.filter((x) => typeof x === "string") : []);
  const left = list(a);
  const right = list(b);
  const out = new Set<string>();
  for (const t of left) {
    if (right.includes(t)) out.add(t);
    else if (t === "integer" && right.includes("number")) out.add("integer");
    else if (t === "number" && right.includes("integer")) out.add("integer");
  }
  if (out.size === 0) return CONTRADICTION;
  const types = [...out];
  return types.length === 1 ? types[0] : types;
}

/** Structural equality of two JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as JsonSchemaObject)[k], (b as JsonSchemaObject)[k]));
}
