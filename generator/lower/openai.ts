/**
 * OpenAI lowering (wire-formats.md §3; the Responses API takes the same schema). A capability
 * ladder (design.md §7):
 * 1. `strict`: the schema made to fit strict mode — every property required, optional ones
 *    nullable, `additionalProperties: false` everywhere, `oneOf` -> `anyOf`, `allOf` merged, `const`
 *    as a one-value `enum`, non-object roots wrapped in `{ "value": ... }`, unsupported keywords
 *    removed (and phrased into the description), `$ref`/`$defs` kept — when nothing blocks that and
 *    the size limits hold.
 * 2. `non-strict`: the original schema as `json_schema` guidance (nothing enforced).
 * 3. `json_object`: the schema goes into the prompt, when even the original exceeds the limits.
 *
 * Open objects: an object with declared properties is closed (a loss: extra keys are never
 * extracted); an object whose keys are data (only `additionalProperties`/`patternProperties`)
 * cannot be closed without losing all its content, so it blocks strict mode.
 */
import type { OpenAIWire } from "../../runtime/spec.js";
import { type Lowered, type LowerContext, restoreFor, summarizeReasons } from "./context.js";
import { LossLog } from "./losses.js";
import { measureSchema, strictLimitBreaches } from "./strict-limits.js";
import { lowerToSubset } from "./subset-lowering.js";
import type { SubsetProfile } from "./subset-profile.js";
import { guidanceSchema, rootIsObject } from "./wire-root.js";

/** OpenAI strict mode (wire-formats.md §3 tables). */
export const OPENAI_STRICT_PROFILE: SubsetProfile = {
  target: "OpenAI strict mode",
  requireAll: true,
  closeObjects: true,
  keywords: {
    object: new Set(),
    array: new Set(["minItems", "maxItems"]),
    string: new Set(["pattern", "format"]),
    number: new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    boolean: new Set(),
  },
  formats: new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]),
  tuples: false,
  anyValue: "narrow",
  constKeyword: false,
  enumValueTypes: new Set(["string", "number", "boolean", "null"]),
  propertyOrdering: false,
};

export interface LoweredOpenAI extends Lowered<OpenAIWire["mode"]> {
  name: string;
}

/** Lower one extractor schema for OpenAI: strict when it can be made to fit, else the weaker modes. */
export function lowerOpenAI(ctx: LowerContext): LoweredOpenAI {
  const wrapped = !rootIsObject(ctx.bundle);
  const restore = restoreFor(ctx, wrapped);
  const strictLosses = new LossLog();
  const strict = lowerToSubset(ctx.bundle, OPENAI_STRICT_PROFILE, strictLosses, wrapped);
  const reasons = [...strict.blockers, ...strictLimitBreaches(measureSchema(strict.schema))];
  if (reasons.length === 0) {
    return { mode: "strict", name: ctx.wireName, schema: strict.schema, restore, losses: strictLosses.list };
  }

  const losses = new LossLog();
  losses.add("EG_LOWER_MODE_FALLBACK", "", "strict", `OpenAI strict mode cannot take this schema: ${summarizeReasons(reasons)}`);
  const guidance = guidanceSchema(ctx.bundle, wrapped);
  const breaches = strictLimitBreaches(measureSchema(guidance));
  if (breaches.length === 0) {
    losses.add("EG_LOWER_NOT_ENFORCED", "", "schema", "sent as non-strict json_schema: OpenAI does not enforce it");
    return { mode: "non-strict", name: ctx.wireName, schema: guidance, restore, losses: losses.list };
  }
  losses.add("EG_LOWER_NOT_ENFORCED", "", "schema", `sent in the prompt with json_object mode (${summarizeReasons(breaches)})`);
  return { mode: "json_object", name: ctx.wireName, schema: guidance, restore, losses: losses.list };
}
