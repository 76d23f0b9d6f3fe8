/**
 * Lowering to a JSON Schema subset, driven by a target profile: OpenAI strict (wire-formats.md §3),
 * Anthropic native (§7) and Gemini `responseJsonSchema` (§5.2) differ in which keywords they take,
 * whether every property must be required, whether objects must be closed and what an unconstrained
 * value becomes; the walk is the same. Each position goes through the composition normal form
 * (composition.ts), so `allOf`, `$ref` siblings and unions beside other keywords are gone before a
 * profile sees them. Constraints a profile drops are recorded as losses and, where a phrase helps
 * the model, appended to the description. What a profile cannot express at all is a blocker: the
 * caller then falls back to a weaker mode.
 */
import type { WireSchema } from "../../runtime/spec.js";
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import { appendNotes, constraintPhrase } from "./constraint-notes.js";
import { canonicalize, type CompositionContext, pickAnnotations } from "./composition.js";
import type { LossLog } from "./losses.js";
import {
  admittedTypes,
  allowsNull,
  type Bundle,
  childPointer,
  declaredTypes,
  defPointer,
  isMapLike,
  isObject,
  type JsonType,
  JSON_TYPES,
  jsonTypeOf,
  refTo,
  resolveDef,
  ROOT_REF,
} from "./schema-facts.js";
import { setOwnKey } from "./own-key.js";
import { type Adjusted, GENERAL_CONSTRAINTS, nullable, STRUCTURAL, type SubsetProfile, TYPE_KEYWORDS, type ValueType } from "./subset-profile.js";
import { freshDefName, wrapRoot } from "./wire-root.js";

/** The values of `const`/`enum`: every one, and those the profile can send. */
interface EnumValues {
  all: unknown[];
  kept: unknown[];
}

/** The lowered schema with what the caller needs to choose a mode. */
export interface SubsetResult {
  schema: WireSchema;
  /** Constructs the profile cannot express (`pointer: reason`): the caller falls back. */
  blockers: string[];
  /** Pointer in the original bundle of every emitted node, for later conversions' losses. */
  origins: WeakMap<object, string>;
}

/** Lower a bundle for one profile; `wrap` puts the root in `{ "value": ... }`. */
export function lowerToSubset(bundle: Bundle, profile: SubsetProfile, losses: LossLog, wrap: boolean): SubsetResult {
  return new SubsetLowering(bundle, profile, losses).run(wrap);
}

class SubsetLowering {
  readonly blockers: string[] = [];
  readonly origins = new WeakMap<object, string>();
  readonly #defsOut = new Map<string, WireSchema>();
  readonly #queue: string[] = [];
  readonly #rootAlias: string;
  #rootIsAliased = false;
  #anyValueName: string | undefined;

  constructor(
    readonly bundle: Bundle,
    readonly profile: SubsetProfile,
    readonly losses: LossLog,
  ) {
    this.#rootAlias = freshDefName(bundle, "Root");
  }

  run(wrap: boolean): SubsetResult {
    this.#rootIsAliased = wrap;
    // `allOf: [root]` makes a root `$ref` merge in, so the root itself is an object schema.
    const root = this.node(wrap ? this.bundle.root : { allOf: [this.bundle.root] }, "", new Set([ROOT_REF])) ?? { not: {} };
    while (this.#queue.length > 0) {
      const name = this.#queue.shift()!;
      const def = resolveDef(this.bundle, name);
      const outName = this.#outName(name);
      this.#defsOut.set(outName, this.node(def ?? true, defPointer(name), new Set([name])) ?? { not: {} });
    }
    const defs = Object.fromEntries([...this.#defsOut].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (wrap) {
      // A referenced root already sits in `$defs`: point at it instead of repeating it.
      const inner = this.#defsOut.has(this.#rootAlias) ? { $ref: refTo(this.#rootAlias) } : root;
      return { schema: wrapRoot(inner, defs), blockers: this.blockers, origins: this.origins };
    }
    const schema: WireSchema = { ...root };
    if (Object.keys(defs).length > 0) schema["$defs"] = defs;
    return { schema, blockers: this.blockers, origins: this.origins };
  }

  #outName(target: string): string {
    return target === ROOT_REF ? this.#rootAlias : target;
  }

  #ref(target: string, pointer: string): WireSchema {
    if (target === ROOT_REF && !this.#rootIsAliased) return this.#emit({ $ref: ROOT_REF }, pointer);
    const name = this.#outName(target);
    if (!this.#defsOut.has(name)) {
      this.#defsOut.set(name, {});
      this.#queue.push(target);
    }
    return this.#emit({ $ref: refTo(name) }, pointer);
  }

  #emit(node: WireSchema, pointer: string): WireSchema {
    this.origins.set(node, pointer);
    return node;
  }

  #block(pointer: string, reason: string): void {
    this.blockers.push(`${pointer || "/"}: ${reason}`);
  }

  /** One position; undefined when nothing is allowed there. */
  node(schema: JsonSchema, pointer: string, inlined: ReadonlySet<string>): WireSchema | undefined {
    const cctx: CompositionContext = { bundle: this.bundle, inlined, losses: this.losses };
    const c = canonicalize(schema, pointer, cctx);
    switch (c.kind) {
      case "never":
        return undefined;
      case "ref": {
        // No target takes keywords beside `$ref` (wire-formats.md §3, §5.2): a described reference
        // becomes a one-branch anyOf, which keeps the description without copying the definition.
        const ref = this.#ref(c.target, pointer);
        return Object.keys(c.annotations).length === 0 ? ref : this.#emit({ ...c.annotations, anyOf: [ref] }, pointer);
      }
      case "union": {
        if (c.exclusive) this.losses.add("EG_LOWER_ONEOF_AS_ANYOF", pointer, "oneOf", "oneOf sent as anyOf: a reply may match several branches");
        const branches = c.branches.map((b) => this.node(b.schema, b.pointer, c.inlined)).filter((b): b is WireSchema => b !== undefined);
        if (branches.length === 0) return undefined;
        const only = branches.length === 1 ? branches[0]! : undefined;
        if (only && !("$ref" in only)) return this.#emit({ ...only, ...c.annotations }, pointer);
        return this.#emit({ ...c.annotations, anyOf: branches }, pointer);
      }
      case "plain":
        return this.#plain(c.schema, pointer, c.inlined);
    }
  }

  #plain(s: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>): WireSchema | undefined {
    const notes: string[] = [];
    for (const k of GENERAL_CONSTRAINTS) {
      if (k in s) this.losses.add("EG_LOWER_KEYWORD_DROPPED", childPointer(pointer, k), k, `${k} is not supported by ${this.profile.target}`);
    }
    const values = this.#enumValues(s, pointer, notes);
    let types = admittedTypes(s);
    if (values) types = types.filter((t) => values.all.some((v) => fitsType(v, t)));
    if (types.includes("number")) types = types.filter((t) => t !== "integer");
    const hasNull = types.includes("null");
    const valueTypes = types.filter((t) => t !== "null");

    let out: WireSchema | undefined;
    if (!values && declaredTypes(s) === undefined && admittedTypes(s).length === JSON_TYPES.length) {
      out = this.#anyValue(pointer);
    } else if (valueTypes.length === 0) {
      out = hasNull ? { type: "null" } : undefined;
    } else {
      const typed = valueTypes.map((t) => this.#typed(t, s, pointer, inlined, values, notes));
      const branches = typed.filter((b): b is WireSchema => b !== undefined);
      if (branches.length === 0) out = hasNull ? { type: "null" } : undefined;
      else if (branches.length === 1) out = hasNull ? nullable(branches[0]!) : branches[0]!;
      else out = { anyOf: hasNull ? [...branches, { type: "null" }] : branches };
    }
    if (out === undefined) return undefined;
    const annotated: WireSchema = { ...pickAnnotations(s), ...out };
    if ("$ref" in out) return this.#emit(out, pointer);
    appendNotes(annotated, notes);
    return this.#emit(annotated, pointer);
  }

  /**
   * The allowed values (`const` or `enum`): all of them (they decide the types) and those this
   * profile can send (a type whose values cannot be sent is sent without a value list, a loss).
   */
  #enumValues(s: JsonSchemaObject, pointer: string, notes: string[]): EnumValues | undefined {
    const keyword = "const" in s ? "const" : Array.isArray(s["enum"]) ? "enum" : undefined;
    if (keyword === undefined) return undefined;
    const all: unknown[] = keyword === "const" ? [s["const"]] : (s["enum"] as unknown[]);
    const sendable = (v: unknown): boolean => v === null || this.profile.enumValueTypes.has(jsonTypeOf(v) === "integer" ? "number" : jsonTypeOf(v));
    const kept = all.filter(sendable);
    if (kept.length < all.length) {
      const types = [...this.profile.enumValueTypes].join("/");
      this.losses.add("EG_LOWER_ENUM_RELAXED", childPointer(pointer, keyword), keyword, `${keyword} values other than ${types} cannot be sent to ${this.profile.target}; their types are sent instead`);
      notes.push(constraintPhrase(keyword, s[keyword])!);
    }
    return { all, kept };
  }

  #anyValue(pointer: string): WireSchema | undefined {
    switch (this.profile.anyValue) {
      case "keep":
        return {};
      case "block":
        this.#block(pointer, "unconstrained value (no type)");
        return {};
      case "narrow":
      case "narrow-flat": {
        this.losses.add("EG_LOWER_ANY_NARROWED", pointer, "type", `unconstrained value sent to ${this.profile.target} as a string, number, boolean, null or array; objects cannot be returned here`);
        if (this.#anyValueName === undefined) {
          this.#anyValueName = freshDefName(this.bundle, "AnyValue");
          const scalar = { type: ["string", "number", "boolean", "null"] };
          const items = this.profile.anyValue === "narrow" ? { $ref: refTo(this.#anyValueName) } : scalar;
          this.#defsOut.set(this.#anyValueName, { anyOf: [scalar, { type: "array", items }] });
        }
        return { $ref: refTo(this.#anyValueName) };
      }
    }
  }

  #typed(t: ValueType | "integer", s: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, values: EnumValues | undefined, notes: string[]): WireSchema | undefined {
    const family: ValueType = t === "integer" ? "number" : t;
    const out: WireSchema = { type: t };
    if (values) {
      if (!values.all.some((v) => fitsType(v, t))) return undefined;
      const ofType = values.kept.filter((v) => fitsType(v, t));
      if (this.profile.constKeyword && "const" in s && ofType.length === 1) out["const"] = ofType[0];
      else if (ofType.length > 0) out["enum"] = ofType;
    }
    if (family === "object" && this.profile.closeObjects && isMapLike(s)) return this.#entries(s, pointer, inlined, values !== undefined);
    if (family === "object") this.#object(s, pointer, inlined, out);
    if (family === "array") this.#array(s, pointer, inlined, out);
    if (family === "string") this.#string(s, pointer, out, notes);
    const kept = this.profile.keywords[family];
    for (const k of TYPE_KEYWORDS[family]) {
      if (!(k in s) || STRUCTURAL[family].has(k)) continue;
      const at = childPointer(pointer, k);
      if (!kept.has(k)) {
        this.losses.add("EG_LOWER_KEYWORD_DROPPED", at, k, `${k} is not supported by ${this.profile.target}`);
        const phrase = constraintPhrase(k, s[k]);
        if (phrase) notes.push(phrase);
        continue;
      }
      const adjusted: Adjusted | undefined = this.profile.adjust ? this.profile.adjust(k, s[k]) : { keyword: k, value: s[k] };
      const loss = adjusted === undefined ? `${k} ${JSON.stringify(s[k])} is not supported by ${this.profile.target}` : adjusted.loss;
      if (loss !== undefined) {
        this.losses.add("EG_LOWER_KEYWORD_DROPPED", at, k, loss);
        const phrase = constraintPhrase(k, s[k]);
        if (phrase) notes.push(phrase);
      }
      if (adjusted !== undefined) out[adjusted.keyword] = adjusted.value;
    }
    return out;
  }

  #string(s: JsonSchemaObject, pointer: string, out: WireSchema, notes: string[]): void {
    const format = s["format"];
    if (typeof format === "string") {
      if (!this.profile.formats || this.profile.formats.has(format)) out["format"] = format;
      else {
        this.losses.add("EG_LOWER_FORMAT_DROPPED", childPointer(pointer, "format"), "format", `format ${format} is not supported by ${this.profile.target}`);
        notes.push(constraintPhrase("format", format)!);
      }
    }
    const pattern = s["pattern"];
    if (typeof pattern === "string") {
      const problem = this.profile.keywords.string.has("pattern") ? this.profile.patternProblem?.(pattern) : "not supported";
      if (problem === undefined) out["pattern"] = pattern;
      else {
        this.losses.add("EG_LOWER_KEYWORD_DROPPED", childPointer(pointer, "pattern"), "pattern", `pattern ${problem} for ${this.profile.target}`);
        notes.push(constraintPhrase("pattern", pattern)!);
      }
    }
  }

  #object(s: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, out: WireSchema): void {
    const declared = isObject(s["properties"]) ? s["properties"] : {};
    const required = new Set((Array.isArray(s["required"]) ? s["required"] : []).filter((k): k is string => typeof k === "string"));
    const extra = s["additionalProperties"];
    const patterns = isObject(s["patternProperties"]) && Object.keys(s["patternProperties"]).length > 0;
    const unevaluated = s["unevaluatedProperties"];
    const open = (extra !== undefined && extra !== false) || patterns || (unevaluated !== undefined && unevaluated !== false);

    const properties: Record<string, WireSchema> = {};
    const names = [...Object.keys(declared), ...[...required].filter((k) => !Object.hasOwn(declared, k))];
    for (const name of names) {
      const sub: JsonSchema = Object.hasOwn(declared, name) ? (declared[name] as JsonSchema) : true;
      const at = childPointer(pointer, "properties", name);
      let child = this.node(sub, at, inlined);
      if (child === undefined) continue;
      if (this.profile.requireAll && !required.has(name)) {
        if (allowsNull(this.bundle, sub)) {
          this.losses.add("EG_LOWER_ABSENT_AS_NULL", at, "required", `optional property ${name} also allows null: an absent value comes back as null`);
        } else child = nullable(child);
      }
      setOwnKey(properties, name, child);
    }
    const sentNames = Object.keys(properties);
    // Closed targets spell out even an empty object; Gemini's OBJECT with empty properties is noise.
    if (this.profile.closeObjects || sentNames.length > 0) {
      out["properties"] = properties;
      out["required"] = this.profile.requireAll ? sentNames : sentNames.filter((n) => required.has(n));
    }
    if (this.profile.propertyOrdering && sentNames.length > 1) out["propertyOrdering"] = sentNames;

    if (this.profile.closeObjects) {
      if (open) {
        const keyword = patterns ? "patternProperties" : extra !== undefined ? "additionalProperties" : "unevaluatedProperties";
        this.losses.add("EG_LOWER_OBJECT_CLOSED", childPointer(pointer, keyword), keyword, `${this.profile.target} only returns the declared properties here; undeclared keys are never extracted`);
      }
      out["additionalProperties"] = false;
      return;
    }
    if (patterns) {
      // Keys matching a pattern are allowed: their values become the undeclared keys' schema.
      this.losses.add("EG_LOWER_KEYWORD_DROPPED", childPointer(pointer, "patternProperties"), "patternProperties", `patternProperties is not supported by ${this.profile.target}: key patterns are not enforced`);
      const schemas = Object.entries(s["patternProperties"] as JsonSchemaObject).map(([p, sub]) => this.node(sub as JsonSchema, childPointer(pointer, "patternProperties", p), inlined));
      if (isObject(extra)) schemas.push(this.node(extra as JsonSchema, childPointer(pointer, "additionalProperties"), inlined));
      const kinds = schemas.filter((k): k is WireSchema => k !== undefined);
      out["additionalProperties"] = extra === true ? true : kinds.length === 1 ? kinds[0]! : kinds.length === 0 ? false : { anyOf: kinds };
      return;
    }
    if (extra === undefined || extra === false) out["additionalProperties"] = false;
    else if (extra === true) out["additionalProperties"] = true;
    else out["additionalProperties"] = this.node(extra as JsonSchema, childPointer(pointer, "additionalProperties"), inlined) ?? false;
  }

  /** A map (keys are data) as `[{ key, value }]`, one entry shape per key pattern. */
  #entries(s: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, hasValues: boolean): WireSchema | undefined {
    if (hasValues || admittedTypes(s).includes("array")) {
      // An array here could be the entries or a real array: the reply would be ambiguous.
      this.#block(pointer, "object whose keys are data, where an array is also allowed");
      return { type: "object", properties: {}, required: [], additionalProperties: false };
    }
    const shapes: { key: JsonSchema; value: JsonSchema; at: string }[] = [];
    const patterns = isObject(s["patternProperties"]) ? s["patternProperties"] : {};
    for (const [pattern, value] of Object.entries(patterns)) {
      shapes.push({ key: { type: "string", pattern }, value: value as JsonSchema, at: childPointer(pointer, "patternProperties", pattern) });
    }
    const extra = s["additionalProperties"] ?? s["unevaluatedProperties"];
    if (extra !== undefined && extra !== false) shapes.push({ key: { type: "string" }, value: extra as JsonSchema, at: childPointer(pointer, "additionalProperties") });
    const names = s["propertyNames"];
    const entries: WireSchema[] = [];
    for (const shape of shapes) {
      const keySchema: JsonSchema = isObject(names) ? { allOf: [shape.key, names] } : shape.key;
      const key = this.node(keySchema, childPointer(pointer, "propertyNames"), inlined);
      const value = this.node(shape.value, shape.at, inlined);
      if (key === undefined || value === undefined) continue;
      entries.push({ type: "object", properties: { key, value }, required: ["key", "value"], additionalProperties: false });
    }
    this.losses.add("EG_LOWER_MAP_AS_ENTRIES", pointer, "additionalProperties", `object whose keys are data sent to ${this.profile.target} as an array of {key, value} entries; the reply is turned back into an object`);
    const out: WireSchema = { type: "array", items: entries.length === 1 ? entries[0]! : { anyOf: entries } };
    if (entries.length === 0) out["maxItems"] = 0;
    for (const [from, to] of [["minProperties", "minItems"], ["maxProperties", "maxItems"]] as const) {
      if (typeof s[from] !== "number" || out[to] !== undefined) continue;
      const adjusted = this.profile.keywords.array.has(to) ? (this.profile.adjust?.(to, s[from]) ?? { keyword: to, value: s[from] }) : undefined;
      if (adjusted?.loss === undefined && adjusted !== undefined) out[adjusted.keyword] = adjusted.value;
      else this.losses.add("EG_LOWER_KEYWORD_DROPPED", childPointer(pointer, from), from, `${from} is not supported by ${this.profile.target}`);
    }
    return out;
  }

  #array(s: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, out: WireSchema): void {
    const items = s["items"];
    const prefix = Array.isArray(s["prefixItems"]) ? (s["prefixItems"] as JsonSchema[]) : undefined;
    const itemsAt = childPointer(pointer, "items");
    if (prefix && this.profile.tuples) {
      out["prefixItems"] = prefix.map((p, i) => this.node(p, childPointer(pointer, "prefixItems", i), inlined) ?? { not: {} });
      if (items === false || items === undefined) out["items"] = false;
      else if (isObject(items)) out["items"] = this.node(items, itemsAt, inlined) ?? false;
      return;
    }
    if (prefix) {
      this.losses.add("EG_LOWER_TUPLE_RELAXED", childPointer(pointer, "prefixItems"), "prefixItems", `${this.profile.target} does not take prefixItems: each position may hold any of the tuple's item types`);
      const members = prefix.map((p, i) => this.node(p, childPointer(pointer, "prefixItems", i), inlined));
      if (isObject(items)) members.push(this.node(items, itemsAt, inlined));
      const kinds = members.filter((m): m is WireSchema => m !== undefined);
      out["items"] = kinds.length === 1 ? kinds[0]! : { anyOf: kinds };
      // Only the tuple positions are asked for; a longer tuple is valid only when `items` allows it.
      if (!isObject(items)) out["maxItems"] = Math.min(prefix.length, typeof s["maxItems"] === "number" ? s["maxItems"] : Infinity);
      return;
    }
    if (items === false) {
      out["maxItems"] = 0;
      return;
    }
    const lowered = isObject(items) ? this.node(items, itemsAt, inlined) : this.#anyValue(itemsAt);
    if (lowered === undefined) out["maxItems"] = 0;
    else if (Object.keys(lowered).length > 0) out["items"] = lowered;
  }
}

function fitsType(value: unknown, t: JsonType): boolean {
  const actual = jsonTypeOf(value);
  return actual === t || (t === "number" && actual === "integer");
}
