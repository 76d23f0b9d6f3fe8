/**
 * What every target lowering receives and returns (style.md rule 2: a pure function, by-products
 * returned, never thrown or printed).
 */
import type { RestorePlan, WireSchema } from "../../runtime/spec.js";
import type { Loss } from "./losses.js";
import type { Bundle } from "./schema-facts.js";
import { WRAP_KEY } from "./wire-root.js";

export interface LowerContext {
  /** The extractor's schema as a bundle view. */
  bundle: Bundle;
  /** `[a-zA-Z0-9_-]{1,64}` name for the OpenAI format and the Anthropic tool. */
  wireName: string;
  /** The provider-independent restore plan (restore-plan.ts); a lowering adds `unwrap`. */
  restore: RestorePlan;
}

/** One target's lowering. `mode`/`field` say which request form carries `schema`. */
export interface Lowered<Mode extends string> {
  mode: Mode;
  schema: WireSchema;
  restore: RestorePlan;
  /** What the target cannot enforce, with pointers into the original bundle. */
  losses: Loss[];
}

/** Up to `max` reasons in one sentence (`a; b; and 3 more`). */
export function summarizeReasons(reasons: readonly string[], max = 3): string {
  const shown = reasons.slice(0, max).join("; ");
  return reasons.length > max ? `${shown}; and ${reasons.length - max} more` : shown;
}

/** The restore plan with the root unwrapped when the lowering wrapped it. */
export function restoreFor(ctx: LowerContext, wrapped: boolean): RestorePlan {
  return wrapped ? { unwrap: WRAP_KEY, ...ctx.restore } : ctx.restore;
}
