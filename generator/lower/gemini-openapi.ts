/**
 * Gemini `responseSchema`: the Google `Schema` object, an OpenAPI 3.0 subset (wire-formats.md §5.1).
 * Converts a JSON Schema already lowered with GEMINI_OPENAPI_PROFILE: types in upper case, `null`
 * as `nullable: true`, every `$ref` inlined, recursion unrolled at most GEMINI_UNROLL_DEPTH times
 * per definition on a path (deeper positions are left out, a loss), and none of `$ref`, `$defs`,
 * `additionalProperties`, `oneOf`, `allOf`, `const`, `$schema`, `default` (a 400 "Unknown name").
 */
import type { WireSchema } from "../../runtime/spec.js";
import type { LossLog } from "./losses.js";
import { setOwnKey } from "./own-key.js";
import { childPointer, isObject, refTarget, ROOT_REF } from "./schema-facts.js";
import type { SubsetResult } from "./subset-lowering.js";

/** How many times one definition may be inlined inside itself on a path. */
export const GEMINI_UNROLL_DEPTH = 3;
/** Upper bound on emitted schema nodes: inlining a shared definition everywhere can explode. */
const MAX_INLINED_NODES = 20_000;

/** Keys of the Google `Schema` message this conversion copies unchanged. */
const COPIED = new Set([
  "format",
  "title",
  "description",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "minProperties",
  "maxProperties",
]);

/** Position left out (recursion cut or budget spent). */
const CUT = Symbol("cut");

/** Convert a lowered JSON Schema (with `$defs`) into a Gemini `responseSchema`. */
export function toGeminiOpenApi(lowered: SubsetResult, losses: LossLog): WireSchema {
  const { $defs: rawDefs, ...root } = lowered.schema;
  const defs = isObject(rawDefs) ? (rawDefs as Record<string, WireSchema>) : {};
  let budget = MAX_INLINED_NODES;
  const where = (node: WireSchema, fallback: string): string => lowered.origins.get(node) ?? fallback;

  const convert = (node: WireSchema, path: readonly string[], at: string): WireSchema | typeof CUT => {
    if (--budget < 0) {
      losses.add("EG_LOWER_RECURSION_CUT", where(node, at), "$ref", `Gemini responseSchema size budget (${MAX_INLINED_NODES} nodes) spent: this position is not sent`);
      return CUT;
    }
    const target = refTarget(node["$ref"]);
    if (target !== undefined) {
      const depth = path.filter((p) => p === target).length;
      if (depth >= GEMINI_UNROLL_DEPTH) {
        losses.add("EG_LOWER_RECURSION_CUT", where(node, at), "$ref", `recursion unrolled ${GEMINI_UNROLL_DEPTH} times for Gemini responseSchema: deeper levels cannot be returned`);
        return CUT;
      }
      const def = target === ROOT_REF ? root : defs[target];
      return def === undefined ? CUT : convert(def, [...path, target], at);
    }
    if (Array.isArray(node["anyOf"])) return convertUnion(node, path, at);
    const out: WireSchema = {};
    const types = (Array.isArray(node["type"]) ? node["type"] : node["type"] === undefined ? [] : [node["type"]]) as string[];
    const nonNull = types.filter((t) => t !== "null");
    if (types.length === 0) return anyValue(node, at);
    out["type"] = (nonNull[0] ?? "null").toUpperCase();
    if (nonNull.length < types.length && nonNull.length > 0) out["nullable"] = true;
    for (const [key, value] of Object.entries(node)) if (COPIED.has(key)) out[key] = value;
    if (Array.isArray(node["enum"])) {
      const values = node["enum"].filter((v) => v !== null);
      if (values.length < node["enum"].length) out["nullable"] = true;
      out["enum"] = values.map(String);
    }
    if (isObject(node["properties"])) {
      const properties: Record<string, WireSchema> = {};
      const kept: string[] = [];
      for (const [name, sub] of Object.entries(node["properties"])) {
        const child = convert(sub as WireSchema, path, childPointer(at, "properties", name));
        if (child === CUT) continue;
        setOwnKey(properties, name, child);
        kept.push(name);
      }
      out["properties"] = properties;
      const required = Array.isArray(node["required"]) ? node["required"].filter((r) => kept.includes(r as string)) : [];
      if (required.length > 0) out["required"] = required;
      if (kept.length > 1) out["propertyOrdering"] = kept;
    }
    const extra = node["additionalProperties"];
    if (extra !== undefined && extra !== false) {
      losses.add("EG_LOWER_OBJECT_CLOSED", childPointer(where(node, at), "additionalProperties"), "additionalProperties", "Gemini responseSchema has no additionalProperties: undeclared keys are never extracted");
    }
    if (isObject(node["items"])) {
      const items = convert(node["items"], path, childPointer(at, "items"));
      if (items === CUT) return CUT;
      out["items"] = items;
    } else if (nonNull[0] === "array") {
      out["items"] = narrowedAny(node, at);
    }
    return out;
  };

  const convertUnion = (node: WireSchema, path: readonly string[], at: string): WireSchema | typeof CUT => {
    const branches = node["anyOf"] as WireSchema[];
    const converted: WireSchema[] = [];
    let isNullable = false;
    branches.forEach((b, i) => {
      if (b["type"] === "null") {
        isNullable = true;
        return;
      }
      const c = convert(b, path, childPointer(at, "anyOf", i));
      if (c !== CUT) converted.push(c);
    });
    if (converted.length === 0) return isNullable ? { type: "NULL" } : CUT;
    const out: WireSchema = converted.length === 1 ? { ...converted[0]! } : { anyOf: converted };
    for (const key of ["title", "description"]) if (typeof node[key] === "string") out[key] = node[key];
    if (isNullable) out["nullable"] = true;
    return out;
  };

  const narrowedAny = (node: WireSchema, at: string): WireSchema => {
    losses.add("EG_LOWER_ANY_NARROWED", where(node, at), "type", "unconstrained value sent to Gemini responseSchema as string, number or boolean");
    return { anyOf: [{ type: "STRING" }, { type: "NUMBER" }, { type: "BOOLEAN" }], nullable: true };
  };

  const anyValue = (node: WireSchema, at: string): WireSchema => {
    const out = narrowedAny(node, at);
    for (const key of ["title", "description"]) if (typeof node[key] === "string") out[key] = node[key];
    return out;
  };

  const result = convert(root, [ROOT_REF], "");
  return result === CUT ? narrowedAny(root, "") : result;
}
