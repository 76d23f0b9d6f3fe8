import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import { childPointer, localRefPointer, valueAtPointer } from "./json-pointer.js";
import { type JsonType, type TypeGroup, TYPE_GROUPS, groupOfValue, jsonEqual } from "./json-values.js";

/**
 * A schema in disjunctive normal form, split by type: the shape the diff compares.
 *
 * Two schemas can describe the same values in different words: `{"type": ["string", "null"]}` and
 * `{"anyOf": [{"type": "string"}, {"type": "null"}]}`, an inline object and a `$ref` to the same
 * object under another name, `allOf` of a base and an extension versus the flattened object. So
 * before comparing, each side is rewritten as a list of branches: `$ref`s followed, `allOf`
 * conjoined, `anyOf`/`oneOf` distributed over their siblings, and every alternative split by type
 * group. A value is valid when it fits one branch of its type group; the diff then compares the
 * branches of one group with each other, one keyword family at a time.
 */

/** A schema node and where it sits in its (bundled) document. */
export interface Located {
  schema: JsonSchema;
  /** RFC 6901 pointer of the node in its document. */
  pointer: string;
  /** Identity for memoisation when it differs from `pointer` (a node synthesised by the diff). */
  key?: string;
}

/** A schema object whose keywords (other than `$ref`/`allOf`/`anyOf`/`oneOf`) hold for a branch. */
export interface Part {
  schema: JsonSchemaObject;
  pointer: string;
  key: string;
}

/** One value of a finite value set, with the node that allows it. */
export interface FiniteValue {
  value: unknown;
  pointer: string;
  /** `enum`/`const` when listed; `type` for the values a `null` or `boolean` type implies. */
  source: "enum" | "const" | "type";
}

/** The `anyOf`/`oneOf` alternative a branch comes from. */
export interface Variant {
  keyword: "anyOf" | "oneOf";
  pointer: string;
}

/** One alternative of a schema restricted to one type group: the conjunction of its parts. */
export interface Branch {
  group: TypeGroup;
  /** The JSON types of the group this branch allows (`number` implies `integer`). */
  types: ReadonlySet<JsonType>;
  /** Whether some part states a `type`: an untyped schema allows every group. */
  typed: boolean;
  parts: readonly Part[];
  /** The finite set of values the branch allows (`enum`, `const`, a `null` or `boolean` type). */
  values: readonly FiniteValue[] | undefined;
  variant: Variant | undefined;
  /** Where changes to the branch as a whole are reported. */
  home: string;
  /** `$ref`s to other documents or anchors: they cannot be followed, so they are compared as text. */
  opaqueRefs: readonly string[];
  /** Subschemas kept whole because distributing them would pass MAX_ALTERNATIVES. */
  deferred: readonly Located[];
  /** Identity for memoisation: the group and every part's key. */
  key: string;
}

/**
 * The most alternatives a schema is distributed into. `allOf: [anyOf(5), anyOf(5), anyOf(5)]` would
 * be 125 branches and a quadratic comparison; past the cap a union stays whole and is compared as a
 * subschema of its own (sound, less precise about which variant changed).
 */
const MAX_ALTERNATIVES = 64;

/** Keywords that never change which values are valid (2020-12 Validation §9, Core §8). */
const ANNOTATIONS = new Set([
  "$schema", "$id", "$anchor", "$dynamicAnchor", "$comment", "$defs", "definitions", "$vocabulary",
  "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
  "contentEncoding", "contentMediaType", "contentSchema",
]);

/** Keywords the normal form consumes: they never reach a family rule. */
const DISTRIBUTED = new Set(["$ref", "allOf", "anyOf", "oneOf"]);

interface Alternative {
  parts: Part[];
  opaqueRefs: string[];
  deferred: Located[];
  variant?: Variant;
}

const ANYTHING: Alternative = { parts: [], opaqueRefs: [], deferred: [] };

/**
 * The branches of the conjunction of `nodes`, in document order of their type groups.
 * `root` resolves local `$ref`s; an empty result means no value is valid.
 */
export function expandBranches(nodes: readonly Located[], root: JsonSchema): Branch[] {
  let alternatives: Alternative[] = [ANYTHING];
  for (const node of nodes) {
    alternatives = conjoinCapped(alternatives, expandNode(node, root, new Set(), "anything"), node);
  }
  const fallbackHome = nodeHome(nodes[0] ?? { schema: true, pointer: "" }, root);
  return alternatives.flatMap((alt) => splitByGroup(alt, fallbackHome));
}

/**
 * Where changes to the node itself are reported: the node, or the definition it merely refers to
 * (`{"$ref": "#/$defs/Party"}` is edited at `/$defs/Party`).
 */
export function nodeHome(node: Located, root: JsonSchema): string {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    const { schema } = current;
    if (typeof schema !== "object" || schema === null || typeof schema.$ref !== "string") break;
    if (Object.keys(schema).some((k) => k !== "$ref" && !ANNOTATIONS.has(k))) break;
    const target = localRefPointer(schema.$ref);
    const resolved = target === undefined ? undefined : valueAtPointer(root, target);
    if (target === undefined || resolved === undefined) break;
    current = { schema: resolved as JsonSchema, pointer: target };
  }
  return current.pointer;
}

/**
 * The alternatives of one node. `path` holds the nodes being expanded: a node reached again
 * through `$ref`/`allOf` without passing a property or item adds nothing to a conjunction
 * (`anything`) and nothing to a union (`nothing`), the least fixpoint of such a definition.
 */
function expandNode(
  node: Located,
  root: JsonSchema,
  path: ReadonlySet<string>,
  onCycle: "anything" | "nothing",
): Alternative[] {
  const { schema, pointer } = node;
  if (schema === false) return [];
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return [ANYTHING];
  // `{"not": {}}` is how a bundle spells `false` at its root.
  if (schema.not === true || (isSchema(schema.not) && typeof schema.not === "object" && Object.keys(schema.not).length === 0)) return [];
  const key = node.key ?? pointer;
  if (path.has(key)) return onCycle === "anything" ? [ANYTHING] : [];
  const inner = new Set(path).add(key);

  let alternatives: Alternative[] = [{ parts: [{ schema, pointer, key }], opaqueRefs: [], deferred: [] }];
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    const target = localRefPointer(ref);
    const resolved = target === undefined ? undefined : valueAtPointer(root, target);
    if (target === undefined || resolved === undefined) {
      alternatives = alternatives.map((alt) => ({ ...alt, opaqueRefs: [...alt.opaqueRefs, ref] }));
    } else {
      const targetNode = { schema: resolved as JsonSchema, pointer: target };
      alternatives = conjoinCapped(alternatives, expandNode(targetNode, root, inner, "anything"), targetNode);
    }
  }
  if (Array.isArray(schema.allOf)) {
    schema.allOf.forEach((sub: JsonSchema, i) => {
      const subNode = { schema: sub, pointer: childPointer(childPointer(pointer, "allOf"), i) };
      alternatives = conjoinCapped(alternatives, expandNode(subNode, root, inner, "anything"), subNode);
    });
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const variants = schema[keyword];
    if (!Array.isArray(variants)) continue;
    const base = childPointer(pointer, keyword);
    const union = variants.flatMap((sub: JsonSchema, i) => {
      const variantPointer = childPointer(base, i);
      return expandNode({ schema: sub, pointer: variantPointer }, root, inner, "nothing").map((alt) => ({
        ...alt,
        variant: alt.variant ?? { keyword, pointer: variantPointer },
      }));
    });
    // The union alone, synthesised at the node's pointer so its variants keep their real pointers.
    const unionNode = { schema: { [keyword]: variants }, pointer, key: `${key}|${keyword}` };
    alternatives = conjoinCapped(alternatives, union, unionNode);
  }
  return alternatives;
}

/** Every combination of one alternative of `a` with one of `b`, or `b` kept whole past the cap. */
function conjoinCapped(a: Alternative[], b: Alternative[], bNode: Located): Alternative[] {
  if (a.length > 1 && b.length > 1 && a.length * b.length > MAX_ALTERNATIVES) {
    return a.map((alt) => ({ ...alt, deferred: [...alt.deferred, bNode] }));
  }
  const out: Alternative[] = [];
  for (const x of a) {
    for (const y of b) {
      const variant = y.variant ?? x.variant;
      out.push({
        parts: [...x.parts, ...y.parts.filter((p) => !x.parts.some((q) => q.key === p.key))],
        opaqueRefs: [...x.opaqueRefs, ...y.opaqueRefs],
        deferred: [...x.deferred, ...y.deferred],
        ...(variant ? { variant } : {}),
      });
    }
  }
  return out;
}

const GROUP_TYPES: Record<TypeGroup, readonly JsonType[]> = {
  null: ["null"],
  boolean: ["boolean"],
  object: ["object"],
  array: ["array"],
  string: ["string"],
  number: ["number", "integer"],
};

const ALL_TYPES: ReadonlySet<JsonType> = new Set(["null", "boolean", "object", "array", "string", "number", "integer"]);

/** The types a part's `type` keyword allows; undefined when it has none (or a malformed one). */
function typesOf(part: Part): Set<JsonType> | undefined {
  const declared = part.schema.type;
  const list = typeof declared === "string" ? [declared] : Array.isArray(declared) ? declared : undefined;
  if (!list) return undefined;
  const types = new Set<JsonType>();
  for (const t of list) if (typeof t === "string" && ALL_TYPES.has(t as JsonType)) types.add(t as JsonType);
  // `number` allows every integer too (2020-12 Validation §6.1.1).
  if (types.has("number")) types.add("integer");
  return types;
}

/** The branch's finite value set before the type split: `enum` and `const` of every part, intersected. */
function listedValues(parts: readonly Part[]): FiniteValue[] | undefined {
  let values: FiniteValue[] | undefined;
  for (const part of parts) {
    const listed: FiniteValue[] = [];
    if (Object.hasOwn(part.schema, "const")) listed.push({ value: part.schema.const, pointer: part.pointer, source: "const" });
    else if (Array.isArray(part.schema.enum)) {
      for (const value of part.schema.enum) listed.push({ value, pointer: part.pointer, source: "enum" });
    } else continue;
    values = values === undefined ? listed : values.filter((v) => listed.some((w) => jsonEqual(v.value, w.value)));
  }
  return values;
}

function splitByGroup(alt: Alternative, fallbackHome: string): Branch[] {
  let types: Set<JsonType> = new Set(ALL_TYPES);
  let typed = false;
  for (const part of alt.parts) {
    const own = typesOf(part);
    if (!own) continue;
    typed = true;
    types = new Set([...types].filter((t) => own.has(t)));
  }
  const listed = listedValues(alt.parts);
  const home = alt.variant?.pointer ?? alt.parts.find(isSubstantive)?.pointer ?? alt.parts[0]?.pointer ?? fallbackHome;
  const keys = [...alt.parts.map((p) => p.key)].sort();
  const branches: Branch[] = [];
  for (const group of TYPE_GROUPS) {
    const groupTypes = new Set(GROUP_TYPES[group].filter((t) => types.has(t)));
    if (groupTypes.size === 0) continue;
    let values = listed?.filter((v) => fitsGroup(v.value, group, groupTypes));
    if (values?.length === 0) continue;
    if (values === undefined && group === "null") values = [{ value: null, pointer: home, source: "type" }];
    if (values === undefined && group === "boolean") {
      values = [true, false].map((value) => ({ value, pointer: home, source: "type" as const }));
    }
    branches.push({
      group,
      types: groupTypes,
      typed,
      parts: alt.parts,
      values,
      variant: alt.variant,
      home,
      opaqueRefs: alt.opaqueRefs,
      deferred: alt.deferred,
      key: `${group}:${keys.join(",")}${alt.deferred.map((d) => `+${d.key ?? d.pointer}`).join("")}`,
    });
  }
  return branches;
}

function fitsGroup(value: unknown, group: TypeGroup, types: ReadonlySet<JsonType>): boolean {
  if (groupOfValue(value) !== group) return false;
  return group !== "number" || types.has("number") || Number.isInteger(value);
}

function isSubstantive(part: Part): boolean {
  return Object.keys(part.schema).some((k) => !ANNOTATIONS.has(k) && !DISTRIBUTED.has(k));
}

/** The name of a branch's type for phrases: `integer` for an integer-only number branch. */
export function typeName(branch: Branch): string {
  return branch.group === "number" && !branch.types.has("number") ? "integer" : branch.group;
}

/** Every value of `keyword` across the branch's parts that passes `accept`, with its part's pointer. */
export function keywordValues<T>(
  branch: Branch,
  keyword: string,
  accept: (value: unknown) => value is T,
): { value: T; pointer: string }[] {
  const out: { value: T; pointer: string }[] = [];
  for (const part of branch.parts) {
    const value = part.schema[keyword];
    if (accept(value)) out.push({ value, pointer: part.pointer });
  }
  return out;
}

/** Every subschema under `keyword` across the branch's parts, located. */
export function subschemas(branch: Branch, keyword: string): Located[] {
  const out: Located[] = [];
  for (const part of branch.parts) {
    const value = part.schema[keyword];
    if (isSchema(value)) out.push({ schema: value, pointer: childPointer(part.pointer, keyword) });
  }
  return out;
}

/** The nodes, or one `true` schema standing for "anything" at `pointer` when there are none. */
export function orAnything(nodes: readonly Located[], pointer: string): readonly Located[] {
  return nodes.length > 0 ? nodes : [{ schema: true, pointer }];
}

/** Whether `value` can be a JSON Schema (a boolean or an object). */
export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "boolean" || (typeof value === "object" && value !== null && !Array.isArray(value));
}

export function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function isString(value: unknown): value is string {
  return typeof value === "string";
}
