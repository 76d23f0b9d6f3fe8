/**
 * Gemini lowering (wire-formats.md §5). `responseJsonSchema` (JSON Schema, §5.2) whenever the schema
 * fits it: keywords outside its list are dropped with a loss (`pattern`, string lengths,
 * `multipleOf`, ...), exclusive bounds are sent inclusive, `$ref` siblings are merged in, and
 * recursion must pass through a non-required property. When it does not, `responseSchema` (the
 * OpenAPI subset, §5.1, gemini-openapi.ts): every `$ref` inlined, recursion unrolled to a fixed
 * depth. Gemini keeps optional properties optional and takes any root type: nothing is wrapped.
 */
import type { GeminiWire, WireSchema } from "../../runtime/spec.js";
import { type Lowered, type LowerContext, restoreFor } from "./context.js";
import { toGeminiOpenApi } from "./gemini-openapi.js";
import { LossLog } from "./losses.js";
import { findCycleMember } from "./reference-graph.js";
import { isObject, refTarget, ROOT_REF } from "./schema-facts.js";
import { lowerToSubset } from "./subset-lowering.js";
import type { Adjusted, SubsetProfile } from "./subset-profile.js";

const EXCLUSIVE_AS_INCLUSIVE: Record<string, string> = { exclusiveMinimum: "minimum", exclusiveMaximum: "maximum" };

function sendExclusiveAsInclusive(keyword: string, value: unknown): Adjusted {
  const inclusive = EXCLUSIVE_AS_INCLUSIVE[keyword];
  return inclusive === undefined ? { keyword, value } : { keyword: inclusive, value, loss: `${keyword} sent as ${inclusive}: Gemini may return the bound itself` };
}

/** Gemini `responseJsonSchema` (wire-formats.md §5.2 keyword list). */
export const GEMINI_JSON_PROFILE: SubsetProfile = {
  target: "Gemini responseJsonSchema",
  requireAll: false,
  closeObjects: false,
  keywords: {
    object: new Set(),
    array: new Set(["minItems", "maxItems"]),
    string: new Set(["format"]),
    number: new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
    boolean: new Set(),
  },
  adjust: sendExclusiveAsInclusive,
  tuples: true,
  anyValue: "keep",
  constKeyword: false,
  enumValueTypes: new Set(["string", "number"]),
  propertyOrdering: true,
};

/** The JSON Schema stage of the `responseSchema` path; gemini-openapi.ts converts its output. */
export const GEMINI_OPENAPI_PROFILE: SubsetProfile = {
  target: "Gemini responseSchema",
  requireAll: false,
  closeObjects: false,
  keywords: {
    object: new Set(["minProperties", "maxProperties"]),
    array: new Set(["minItems", "maxItems"]),
    string: new Set(["format", "pattern", "minLength", "maxLength"]),
    number: new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
    boolean: new Set(),
  },
  adjust: sendExclusiveAsInclusive,
  // The Gemini Developer API historically honoured only these string formats (§5.1).
  formats: new Set(["date-time", "enum"]),
  tuples: false,
  anyValue: "keep",
  constKeyword: false,
  enumValueTypes: new Set(["string"]),
  propertyOrdering: true,
};

export interface LoweredGemini extends Lowered<GeminiWire["mode"]> {
  field: GeminiWire["field"];
}

/** Lower one extractor schema for Gemini: `responseJsonSchema` when it fits, else `responseSchema`. */
export function lowerGemini(ctx: LowerContext): LoweredGemini {
  const restore = restoreFor(ctx, false);
  const jsonLosses = new LossLog();
  const json = lowerToSubset(ctx.bundle, GEMINI_JSON_PROFILE, jsonLosses, false);
  const cycle = requiredOnlyCycle(json.schema);
  if (cycle === undefined) return { mode: "json", field: "responseJsonSchema", schema: json.schema, restore, losses: jsonLosses.list };

  const losses = new LossLog();
  losses.add("EG_LOWER_MODE_FALLBACK", "", "responseJsonSchema", `Gemini responseJsonSchema allows recursion only through non-required properties; ${cycle} recurses through required ones: sent as responseSchema`);
  const base = lowerToSubset(ctx.bundle, GEMINI_OPENAPI_PROFILE, losses, false);
  return { mode: "json", field: "responseSchema", schema: toGeminiOpenApi(base, losses), restore, losses: losses.list };
}

/**
 * A definition on a reference cycle whose every step is required (not through an optional
 * property), or undefined when there is none (wire-formats.md §5.2: "Cycles ... are allowed only
 * through non-required properties").
 */
function requiredOnlyCycle(schema: WireSchema): string | undefined {
  const defs = isObject(schema["$defs"]) ? schema["$defs"] : {};
  const hard = new Map<string, Set<string>>();
  const walk = (node: unknown, owner: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, owner));
    if (!isObject(node)) return;
    const target = refTarget(node["$ref"]);
    if (target !== undefined) hard.get(owner)!.add(target);
    for (const [key, value] of Object.entries(node)) {
      if (key === "$defs" || key === "enum" || key === "const" || key === "$ref") continue;
      if (key === "properties" && isObject(value)) {
        const required = Array.isArray(node["required"]) ? node["required"] : [];
        // Through an optional property the model can stop: such references are not hard.
        for (const [name, sub] of Object.entries(value)) if (required.includes(name)) walk(sub, owner);
      } else walk(value, owner);
    }
  };
  hard.set(ROOT_REF, new Set());
  walk(schema, ROOT_REF);
  for (const [name, def] of Object.entries(defs)) {
    hard.set(name, new Set());
    walk(def, name);
  }
  const member = findCycleMember(hard);
  if (member === undefined) return undefined;
  return member === ROOT_REF ? "the root" : `definition ${member}`;
}
