/**
 * Sample values for a schema: a JSON value valid under a bundled 2020-12 schema, the same for the
 * same seed. Used by the mock provider to answer every request and by property tests. It exercises
 * optional properties (present or absent), nulls, union branches, enums, `const`, tuples, bounded
 * recursion, string formats, simple patterns and min/max bounds.
 *
 * Generation is best effort by construction; every candidate is then checked with Ajv against the
 * schema. A failed candidate is regenerated with the next seed (a few times), then the schema's own
 * `examples` and `default` are tried; if nothing is valid the last candidate is returned and
 * `onApproximation` is told why. OpenAPI-flavoured wire schemas (Gemini `responseSchema`: upper-case
 * types, `nullable`) are read too.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import { setOwnKey } from "../own-key.js";
import type { WireSchema } from "../spec.js";
import { sampleFormat } from "./format-sample.js";
import { sampleFromPattern, UnsupportedPattern } from "./regex-sample.js";
import { seededRandom } from "./seeded-random.js";

export interface SampleOptions {
  /** Nesting depth after which optional parts are left out and non-recursive union branches preferred. Default 4. */
  maxDepth?: number;
  /** Chance (0..1) that an optional property is present. Default 0.5. */
  optionalRate?: number;
  /** Told when no valid value was found (the returned value is the closest attempt). */
  onApproximation?: (reason: string) => void;
}

/** Levels past `maxDepth` after which generation gives up on a branch (it cannot end otherwise). */
const HARD_DEPTH_MARGIN = 16;
/** Candidates generated before falling back to `examples`/`default`. */
const MAX_ATTEMPTS = 24;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = boolean | WireSchema;

const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv2020) => Ajv2020 }).default;
const validators = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: WireSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (validate === undefined) {
    const compile = (unicodeRegExp: boolean): ValidateFunction => {
      const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false, validateFormats: true, unicodeRegExp });
      addFormats(ajv);
      return ajv.compile(normalizeOpenApi(schema) as WireSchema);
    };
    // Patterns written for ECMA-262 without the `u` flag (`\-`) do not compile with it, as in the
    // generator's validators (generator/validate/ajv.ts).
    try {
      validate = compile(true);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      validate = compile(false);
    }
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * A value valid under `schema` (deterministic for `seed`).
 * @example
 * sampleValue({ type: "object", properties: { n: { type: "integer", minimum: 1 } }, required: ["n"] }, 7); // { n: 3 }
 */
export function sampleValue(schema: WireSchema, seed: number, options: SampleOptions = {}): unknown {
  const normalized = normalizeOpenApi(schema) as WireSchema;
  const validate = validatorFor(schema);
  let last: Json = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const sampler = new Sampler(normalized, mix(seed, attempt), options);
    last = sampler.value(normalized, 0);
    if (validate(last)) return last;
  }
  const fallbacks = [...(Array.isArray(schema["examples"]) ? schema["examples"] : []), ...("default" in schema ? [schema["default"]] : [])];
  for (const candidate of fallbacks) if (validate(candidate)) return candidate;
  const problem = validate.errors?.[0];
  options.onApproximation?.(`no valid sample after ${MAX_ATTEMPTS} attempts: ${problem?.instancePath || "/"} ${problem?.message ?? "invalid"}`);
  return last;
}

/** A 32-bit seed from a seed and an attempt number. */
function mix(seed: number, attempt: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

const TYPES = ["string", "number", "integer", "boolean", "null", "object", "array"] as const;
type TypeName = (typeof TYPES)[number];
const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

class Sampler {
  readonly #root: WireSchema;
  readonly #next: () => number;
  readonly #maxDepth: number;
  readonly #optionalRate: number;

  constructor(root: WireSchema, seed: number, options: SampleOptions) {
    this.#root = root;
    this.#next = seededRandom(seed);
    this.#maxDepth = options.maxDepth ?? 4;
    this.#optionalRate = options.optionalRate ?? 0.5;
  }

  #int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  #chance(p: number): boolean {
    return this.#next() < p;
  }

  #pickOne<T>(xs: readonly T[]): T {
    return xs[this.#int(xs.length)]!;
  }

  #resolve(ref: unknown): Schema {
    if (ref === "#") return this.#root;
    if (typeof ref !== "string" || !ref.startsWith("#/")) return true;
    let node: unknown = this.#root;
    for (const raw of ref.slice(2).split("/")) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[token] : undefined;
    }
    return isObject(node) || typeof node === "boolean" ? (node as Schema) : true;
  }

  /** Merge `$ref` and `allOf` into one schema (shallow; good enough to aim, Ajv checks the result). */
  #flatten(schema: WireSchema, depth: number): WireSchema {
    if (!("$ref" in schema) && !Array.isArray(schema["allOf"])) return schema;
    const { $ref, allOf, ...rest } = schema;
    let out: WireSchema = { ...rest };
    const parts: Schema[] = [...($ref !== undefined ? [this.#resolve($ref)] : []), ...(Array.isArray(allOf) ? (allOf as Schema[]) : [])];
    for (const part of parts) {
      if (!isObject(part) || depth > 32) continue;
      out = mergeShallow(out, this.#flatten(part, depth + 1));
    }
    return out;
  }

  value(schema: Schema, depth: number): Json {
    // A schema with no finite value (required recursion) must not exhaust the stack.
    if (depth > this.#maxDepth + HARD_DEPTH_MARGIN) return null;
    if (schema === true) return this.#anyValue(depth);
    if (schema === false || !isObject(schema)) return null;
    const s = this.#flatten(schema, 0);
    if ("const" in s) return s["const"] as Json;
    if (Array.isArray(s["enum"]) && s["enum"].length > 0) return this.#pickOne(s["enum"] as Json[]);
    const union = (Array.isArray(s["anyOf"]) ? s["anyOf"] : Array.isArray(s["oneOf"]) ? s["oneOf"] : undefined) as Schema[] | undefined;
    if (union && union.length > 0) {
      const { anyOf: _a, oneOf: _o, ...base } = s;
      const branch = this.#branch(union, depth);
      const merged = isObject(branch) ? mergeShallow(base, this.#flatten(branch, 0)) : base;
      return this.value(merged, depth);
    }
    const type = this.#type(s, depth);
    switch (type) {
      case "null":
        return null;
      case "boolean":
        return this.#chance(0.5);
      case "integer":
      case "number":
        return this.#number(s, type === "integer");
      case "string":
        return this.#string(s);
      case "array":
        return this.#array(s, depth);
      case "object":
        return this.#object(s, depth);
    }
  }

  #branch(branches: Schema[], depth: number): Schema {
    if (depth < this.#maxDepth) return this.#pickOne(branches);
    // Deep down, prefer branches that do not nest further, so recursion ends.
    const flat = branches.filter((b) => b === true || (isObject(b) && !("$ref" in b) && !nests(b)));
    return this.#pickOne(flat.length > 0 ? flat : branches);
  }

  #type(s: WireSchema, depth: number): TypeName {
    const declared = typeof s["type"] === "string" ? [s["type"]] : Array.isArray(s["type"]) ? (s["type"] as string[]) : undefined;
    let types = (declared ?? impliedTypes(s)).filter((t): t is TypeName => (TYPES as readonly string[]).includes(t));
    if (types.length === 0) types = ["string"];
    const nonNull = types.filter((t) => t !== "null");
    if (types.includes("null") && (nonNull.length === 0 || this.#chance(0.25))) return "null";
    const pool = depth >= this.#maxDepth ? nonNull.filter((t) => t !== "object" && t !== "array") : nonNull;
    return this.#pickOne(pool.length > 0 ? pool : nonNull);
  }

  #anyValue(depth: number): Json {
    const kinds = depth >= this.#maxDepth ? ["string", "number", "boolean", "null"] : ["string", "number", "boolean", "null", "array", "object"];
    switch (this.#pickOne(kinds)) {
      case "string":
        return this.#pickOne(WORDS);
      case "number":
        return this.#int(1000);
      case "boolean":
        return this.#chance(0.5);
      case "array":
        return [this.#anyValue(depth + 1)];
      case "object":
        return { [this.#pickOne(WORDS)]: this.#anyValue(depth + 1) };
      default:
        return null;
    }
  }

  #number(s: WireSchema, integer: boolean): number {
    const num = (k: string): number | undefined => (typeof s[k] === "number" ? (s[k] as number) : undefined);
    let low = num("minimum") ?? -1000;
    let high = num("maximum") ?? low + 2000;
    if (num("minimum") === undefined && num("maximum") !== undefined) low = high - 2000;
    const exMin = num("exclusiveMinimum");
    const exMax = num("exclusiveMaximum");
    if (exMin !== undefined) low = Math.max(low, exMin + (integer ? 1 : 1e-6));
    if (exMax !== undefined) high = Math.min(high, exMax - (integer ? 1 : 1e-6));
    if (num("minimum") === undefined && exMin === undefined && high < low) low = high - 2000;
    if (num("maximum") === undefined && exMax === undefined && high < low) high = low + 2000;
    const step = num("multipleOf");
    if (step !== undefined && step > 0) {
      const first = Math.ceil(low / step);
      const last = Math.floor(high / step);
      const k = last >= first ? first + this.#int(Math.min(last - first + 1, 1000)) : first;
      return Number((k * step).toPrecision(12));
    }
    if (integer) {
      const a = Math.ceil(low);
      const b = Math.floor(high);
      return b >= a ? a + this.#int(Math.min(b - a + 1, 1_000_000)) : a;
    }
    return Math.round((low + this.#next() * (high - low)) * 100) / 100;
  }

  #string(s: WireSchema): string {
    const min = typeof s["minLength"] === "number" ? s["minLength"] : 0;
    const max = typeof s["maxLength"] === "number" ? s["maxLength"] : Math.max(min, 24);
    if (typeof s["format"] === "string") {
      const formatted = sampleFormat(s["format"], (n) => this.#int(n), () => this.#pickOne(WORDS));
      if (formatted !== undefined) return formatted;
    }
    if (typeof s["pattern"] === "string") {
      try {
        return sampleFromPattern(s["pattern"], (n) => this.#int(n));
      } catch (e) {
        if (!(e instanceof UnsupportedPattern)) throw e;
      }
    }
    let text = this.#pickOne(WORDS);
    while (text.length < min) text += " " + this.#pickOne(WORDS);
    return text.slice(0, Math.max(min, Math.min(max, text.length)));
  }

  #array(s: WireSchema, depth: number): Json[] {
    const prefix = Array.isArray(s["prefixItems"]) ? (s["prefixItems"] as Schema[]) : [];
    const items = s["items"] as Schema | undefined;
    const min = typeof s["minItems"] === "number" ? s["minItems"] : 0;
    let max = typeof s["maxItems"] === "number" ? s["maxItems"] : min + 3;
    if (items === false) max = Math.min(max, prefix.length);
    const deep = depth >= this.#maxDepth;
    const span = Math.max(0, max - min);
    const length = deep ? Math.max(min, Math.min(prefix.length, max)) : min + this.#int(span + 1);
    const out: Json[] = [];
    const unique = s["uniqueItems"] === true;
    for (let i = 0; i < length; i++) {
      const itemSchema = i < prefix.length ? prefix[i]! : (items ?? true);
      let item = this.value(itemSchema, depth + 1);
      for (let retry = 0; unique && retry < 8 && out.some((x) => sameJson(x, item)); retry++) item = this.value(itemSchema, depth + 1);
      out.push(item);
    }
    if (isObject(s["contains"])) {
      const needed = typeof s["minContains"] === "number" ? s["minContains"] : 1;
      for (let i = 0; i < needed && out.length < max; i++) out.push(this.value(s["contains"] as Schema, depth + 1));
    }
    return out;
  }

  #object(s: WireSchema, depth: number): { [key: string]: Json } {
    const properties = isObject(s["properties"]) ? (s["properties"] as Record<string, Schema>) : {};
    const required = new Set(Array.isArray(s["required"]) ? (s["required"] as string[]) : []);
    const out: { [key: string]: Json } = {};
    const put = (key: string, value: Json): void => setOwnKey(out, key, value);
    const deep = depth >= this.#maxDepth;
    for (const [key, sub] of Object.entries(properties)) {
      if (sub === false) continue;
      if (required.has(key) || (!deep && this.#chance(this.#optionalRate))) put(key, this.value(sub, depth + 1));
    }
    for (const key of required) if (!Object.hasOwn(out, key)) put(key, this.value(properties[key] ?? true, depth + 1));
    const dependent = isObject(s["dependentRequired"]) ? (s["dependentRequired"] as Record<string, string[]>) : {};
    for (const [key, needs] of Object.entries(dependent)) {
      if (!Object.hasOwn(out, key) || !Array.isArray(needs)) continue;
      for (const need of needs) if (!Object.hasOwn(out, need)) put(need, this.value(properties[need] ?? true, depth + 1));
    }
    const minProps = typeof s["minProperties"] === "number" ? s["minProperties"] : 0;
    for (const [key, sub] of Object.entries(properties)) {
      if (Object.keys(out).length >= minProps) break;
      if (!Object.hasOwn(out, key) && sub !== false) put(key, this.value(sub, depth + 1));
    }
    const patterns = isObject(s["patternProperties"]) ? (s["patternProperties"] as Record<string, Schema>) : {};
    for (const [pattern, sub] of Object.entries(patterns)) {
      const wanted = deep ? 0 : this.#int(3);
      for (let i = 0; i < wanted; i++) {
        try {
          const key = sampleFromPattern(pattern, (n) => this.#int(n));
          if (!Object.hasOwn(out, key)) put(key, this.value(sub, depth + 1));
        } catch (e) {
          if (!(e instanceof UnsupportedPattern)) throw e;
        }
      }
    }
    const extra = s["additionalProperties"];
    if (extra !== undefined && extra !== false && Object.keys(patterns).length === 0) {
      const wanted = Math.max(minProps - Object.keys(out).length, deep || Object.keys(properties).length > 0 ? 0 : this.#int(3));
      for (let i = 0; i < wanted; i++) put(`${this.#pickOne(WORDS)}${i}`, this.value(extra as Schema, depth + 1));
    }
    return out;
  }
}

function isObject(value: unknown): value is WireSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nests(s: WireSchema): boolean {
  const t = s["type"];
  const types = typeof t === "string" ? [t] : Array.isArray(t) ? t : [];
  return types.includes("object") || types.includes("array") || "properties" in s || "items" in s || "anyOf" in s || "oneOf" in s || "allOf" in s;
}

function impliedTypes(s: WireSchema): string[] {
  if ("properties" in s || "additionalProperties" in s || "required" in s) return ["object"];
  if ("items" in s || "prefixItems" in s) return ["array"];
  if ("pattern" in s || "format" in s || "minLength" in s || "maxLength" in s) return ["string"];
  if ("minimum" in s || "maximum" in s || "multipleOf" in s) return ["number"];
  return ["string", "integer", "boolean"];
}

/** Conjunction of two schemas, shallow: properties and required are combined, else the first wins. */
function mergeShallow(a: WireSchema, b: WireSchema): WireSchema {
  const out: WireSchema = { ...b, ...a };
  if (isObject(a["properties"]) || isObject(b["properties"])) out["properties"] = { ...(b["properties"] as object), ...(a["properties"] as object) };
  if (Array.isArray(a["required"]) || Array.isArray(b["required"])) {
    out["required"] = [...new Set([...((b["required"] as string[]) ?? []), ...((a["required"] as string[]) ?? [])])];
  }
  if (a["type"] !== undefined && b["type"] !== undefined) {
    const left = ([] as unknown[]).concat(a["type"]);
    const right = ([] as unknown[]).concat(b["type"]);
    const both = left.filter((t) => right.includes(t) || (t === "integer" && right.includes("number")));
    if (both.length > 0) out["type"] = both.length === 1 ? both[0] : both;
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Read an OpenAPI-flavoured schema (Gemini `responseSchema`) as JSON Schema: upper-case types in
 * lower case, `nullable: true` as a `null` type; a JSON Schema passes through unchanged.
 */
export function normalizeOpenApi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeOpenApi);
  if (!isObject(node)) return node;
  const out: WireSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "nullable" || k === "propertyOrdering") continue;
    if (k === "enum" || k === "const" || k === "default" || k === "examples") out[k] = v;
    else if (k === "type" && typeof v === "string") out[k] = v.toLowerCase();
    else if (k === "properties" && isObject(v)) {
      const props: WireSchema = {};
      for (const [name, sub] of Object.entries(v)) setOwnKey(props, name, normalizeOpenApi(sub));
      out[k] = props;
    } else out[k] = normalizeOpenApi(v);
  }
  if (node["nullable"] === true) {
    if (typeof out["type"] === "string") out["type"] = [out["type"], "null"];
    else if (Array.isArray(out["anyOf"])) out["anyOf"] = [...out["anyOf"], { type: "null" }];
    if (Array.isArray(out["enum"])) out["enum"] = [...out["enum"], null];
  }
  return out;
}
