/**
 * What a JSON Schema subset target accepts (a `SubsetProfile`), the keyword tables the subset
 * lowering reads, and `nullable`, which OpenAI strict needs for optional properties.
 */
import type { WireSchema } from "../../runtime/spec.js";
import type { JsonType } from "./schema-facts.js";

export type ValueType = Exclude<JsonType, "null" | "integer">;

/** What one target accepts. */
export interface SubsetProfile {
  /** Target name used in messages. */
  target: string;
  /** Every property in `required`; optional ones made nullable (OpenAI strict rule 3). */
  requireAll: boolean;
  /**
   * `additionalProperties: false` on every object: an open object with declared properties is closed
   * (a loss); an object whose keys are data is sent as an array of `{ key, value }` entries (the
   * restore plan turns it back) or, where that is ambiguous, blocks.
   */
  closeObjects: boolean;
  /** Keywords kept, by the type they apply to; other keywords of that type are dropped with a loss. */
  keywords: Record<ValueType, ReadonlySet<string>>;
  /** String formats kept; undefined keeps every format. */
  formats?: ReadonlySet<string>;
  /** `prefixItems` is sent as is (else tuples become arrays of the union of their positions). */
  tuples: boolean;
  /**
   * An unconstrained value (`{}`, `true`): narrowed to a union of scalars and arrays (`narrow`:
   * arrays nest through a recursive definition; `narrow-flat`: one level of arrays, for targets
   * without recursion), kept as `{}`, or a blocker. Objects are never in the narrowed union: an
   * object with no declared keys cannot be closed (wire-formats.md §3, §7).
   */
  anyValue: "narrow" | "narrow-flat" | "keep" | "block";
  /** `const` sent as `const` (else as a one-value `enum`). */
  constKeyword: boolean;
  /** Enum values of these types are kept; others are dropped with a loss. */
  enumValueTypes: ReadonlySet<JsonType>;
  /**
   * Rewrite a kept keyword (clamp a value, or send `exclusiveMinimum` as `minimum`); return undefined
   * to drop it. A rewrite with a `loss` is recorded as one.
   */
  adjust?(keyword: string, value: unknown): Adjusted | undefined;
  /** Why a `pattern` is too complex for the target, or undefined when it is fine. */
  patternProblem?(pattern: string): string | undefined;
  /** Add the non-standard `propertyOrdering` to objects (Gemini 2.0 needs it for a defined order). */
  propertyOrdering: boolean;
}

/** A keyword as a profile rewrites it. */
export interface Adjusted {
  keyword: string;
  value: unknown;
  /** What the rewrite gives up, when it gives up something. */
  loss?: string;
}

/** Keywords lowered by dedicated code, per type (the rest go through the profile's keyword list). */
export const STRUCTURAL: Record<ValueType, ReadonlySet<string>> = {
  object: new Set(["properties", "required", "additionalProperties", "patternProperties", "unevaluatedProperties"]),
  array: new Set(["items", "prefixItems"]),
  string: new Set(["format", "pattern"]),
  number: new Set(),
  boolean: new Set(),
};
export const TYPE_KEYWORDS: Record<ValueType, readonly string[]> = {
  object: ["properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "unevaluatedProperties"],
  array: ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains", "minContains", "maxContains", "unevaluatedItems"],
  string: ["minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType", "contentSchema"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  boolean: [],
};
/** Constraints that apply to any type and no target takes. */
export const GENERAL_CONSTRAINTS = ["not", "if", "then", "else"];

/** `node` that also admits null (optional property under "every property required"). */
export function nullable(node: WireSchema): WireSchema {
  if ("$ref" in node || !("type" in node)) {
    if (Array.isArray(node["anyOf"])) {
      const branches = node["anyOf"] as WireSchema[];
      return branches.some((b) => b["type"] === "null") ? node : { ...node, anyOf: [...branches, { type: "null" }] };
    }
    const { description, title, ...rest } = node;
    const outer: WireSchema = {};
    if (title !== undefined) outer["title"] = title;
    if (description !== undefined) outer["description"] = description;
    return { ...outer, anyOf: [rest, { type: "null" }] };
  }
  const type = node["type"];
  const types = Array.isArray(type) ? type : [type];
  if (types.includes("null")) return node;
  const out: WireSchema = { ...node, type: [...types, "null"] };
  if (Array.isArray(node["enum"])) out["enum"] = [...node["enum"], null];
  if ("const" in node) {
    out["enum"] = [node["const"], null];
    delete out["const"];
  }
  return out;
}
