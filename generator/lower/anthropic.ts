/**
 * Anthropic lowering (wire-formats.md §6.2, §7). Native structured output (`output_config.format`,
 * grammar-constrained) when the schema fits the §7 subset after dropping what Anthropic cannot
 * enforce (numeric bounds, string lengths, `maxItems`, `minItems` above 1, complex patterns, formats
 * outside its list — all losses); else forced tool use (`mode: "tool"`), whose input is not
 * constrained. Maps (keys are data) go as `{ key, value }` entry lists; unconstrained values are
 * narrowed to scalars and flat arrays (Anthropic takes no arbitrary objects). Blockers for the
 * native form: recursion, more than 24 optional properties, more than 16 union-typed positions. Both forms get an object root: a
 * non-object root is wrapped in `{ "value": ... }` (tool `input_schema` must be an object).
 */
import type { AnthropicWire, WireSchema } from "../../runtime/spec.js";
import { type Lowered, type LowerContext, restoreFor, summarizeReasons } from "./context.js";
import { LossLog } from "./losses.js";
import { findCycleMember } from "./reference-graph.js";
import { isObject, refTarget } from "./schema-facts.js";
import { lowerToSubset } from "./subset-lowering.js";
import type { SubsetProfile } from "./subset-profile.js";
import { guidanceSchema, rootIsObject } from "./wire-root.js";

/** Complexity limits per request (wire-formats.md §7). */
export const ANTHROPIC_LIMITS = { maxOptionalProperties: 24, maxUnionPositions: 16 } as const;

/** The largest `{n,m}` bound taken as "simple". Anthropic only says large ranges are rejected. */
const MAX_SIMPLE_REPEAT = 256;

/** Why a pattern is outside Anthropic's simple-regex subset, or undefined when it is inside. */
export function anthropicPatternProblem(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return "uses a backreference";
  if (/\(\?[=!<]/.test(pattern)) return "uses look-around or a named group";
  if (/\\[bB]/.test(pattern)) return "uses a word boundary";
  if (/\\[pP]\{/.test(pattern)) return "uses a Unicode property escape";
  for (const m of pattern.matchAll(/\{(\d+)(?:,(\d*))?\}/g)) {
    if (Number(m[1]) > MAX_SIMPLE_REPEAT || (m[2] !== undefined && m[2] !== "" && Number(m[2]) > MAX_SIMPLE_REPEAT)) {
      return "uses a large {n,m} repetition";
    }
  }
  return undefined;
}

export const ANTHROPIC_PROFILE: SubsetProfile = {
  target: "Anthropic structured outputs",
  requireAll: false,
  closeObjects: true,
  keywords: {
    object: new Set(),
    array: new Set(["minItems"]),
    string: new Set(["pattern", "format"]),
    number: new Set(),
    boolean: new Set(),
  },
  adjust: (keyword, value) =>
    keyword === "minItems" && typeof value === "number" && value > 1
      ? { keyword, value: 1, loss: `minItems ${value} is not supported by Anthropic structured outputs (only 0 or 1); sent as 1` }
      : { keyword, value },
  patternProblem: anthropicPatternProblem,
  formats: new Set(["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]),
  tuples: false,
  anyValue: "narrow-flat",
  constKeyword: true,
  enumValueTypes: new Set(["string", "number", "boolean", "null"]),
  propertyOrdering: false,
};

export interface LoweredAnthropic extends Lowered<AnthropicWire["mode"]> {
  toolName: string;
}

/** Lower one extractor schema for Anthropic: native output format when it fits, else forced tool use. */
export function lowerAnthropic(ctx: LowerContext): LoweredAnthropic {
  const wrapped = !rootIsObject(ctx.bundle);
  const restore = restoreFor(ctx, wrapped);
  const nativeLosses = new LossLog();
  const native = lowerToSubset(ctx.bundle, ANTHROPIC_PROFILE, nativeLosses, wrapped);
  const reasons = [...native.blockers, ...complexityBreaches(native.schema)];
  if (reasons.length === 0) {
    return { mode: "output_format", toolName: ctx.wireName, schema: native.schema, restore, losses: nativeLosses.list };
  }
  const losses = new LossLog();
  losses.add("EG_LOWER_MODE_FALLBACK", "", "output_config", `Anthropic structured outputs cannot take this schema: ${summarizeReasons(reasons)}; forced tool use instead`);
  losses.add("EG_LOWER_NOT_ENFORCED", "", "schema", "forced tool use without strict: Anthropic does not enforce the schema");
  return { mode: "tool", toolName: ctx.wireName, schema: guidanceSchema(ctx.bundle, wrapped), restore, losses: losses.list };
}

/** Recursion, optional-property and union counts of a lowered schema (wire-formats.md §7). */
function complexityBreaches(schema: WireSchema): string[] {
  const defs = isObject(schema["$defs"]) ? schema["$defs"] : {};
  let optional = 0;
  let unions = 0;
  const refs = new Map<string, Set<string>>();
  const walk = (node: unknown, owner: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, owner));
    if (!isObject(node)) return;
    const target = refTarget(node["$ref"]);
    if (target !== undefined) refs.get(owner)!.add(target);
    if (Array.isArray(node["anyOf"]) || Array.isArray(node["type"])) unions++;
    if (isObject(node["properties"])) {
      const required = Array.isArray(node["required"]) ? node["required"] : [];
      optional += Object.keys(node["properties"]).filter((k) => !required.includes(k)).length;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$defs" || key === "enum" || key === "const") continue;
      walk(key === "properties" && isObject(value) ? Object.values(value) : value, owner);
    }
  };
  refs.set("#", new Set());
  walk(schema, "#");
  for (const [name, def] of Object.entries(defs)) {
    refs.set(name, new Set());
    walk(def, name);
  }
  const out: string[] = [];
  const cyclic = findCycleMember(refs);
  if (cyclic !== undefined) out.push(`recursive schema (through ${cyclic === "#" ? "the root" : cyclic})`);
  if (optional > ANTHROPIC_LIMITS.maxOptionalProperties) out.push(`${optional} optional properties exceed ${ANTHROPIC_LIMITS.maxOptionalProperties}`);
  if (unions > ANTHROPIC_LIMITS.maxUnionPositions) out.push(`${unions} union-typed positions exceed ${ANTHROPIC_LIMITS.maxUnionPositions}`);
  return out;
}
