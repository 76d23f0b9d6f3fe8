/**
 * Lower one extractor for every target at once: the wires embedded in `<name>Spec` (design.md §4)
 * and the losses as info diagnostics of the extractor's file.
 */
import type { AnthropicWire, GeminiWire, LoweringTarget, OpenAIWire } from "../../runtime/spec.js";
import type { Diagnostic } from "../diagnostics.js";
import type { ExtractorSchema } from "../load/project.js";
import { lowerAnthropic, type LoweredAnthropic } from "./anthropic.js";
import type { LowerContext } from "./context.js";
import { lowerGemini, type LoweredGemini } from "./gemini.js";
import { lossDiagnostics } from "./losses.js";
import { lowerOpenAI, type LoweredOpenAI } from "./openai.js";
import { planRestore } from "./restore-plan.js";
import { readBundle } from "./schema-facts.js";
import { wireNameOf } from "./wire-name.js";

/** Every target's wire for one extractor. */
export interface ExtractorWires {
  openai: OpenAIWire;
  gemini: GeminiWire;
  anthropic: AnthropicWire;
}

/** The per-target lowerings with their losses, before they become wires. */
export interface LoweredTargets {
  openai: LoweredOpenAI;
  gemini: LoweredGemini;
  anthropic: LoweredAnthropic;
}

/** The lowering context of one extractor: bundle view, wire name, restore plan. */
export function lowerContextOf(extractor: Pick<ExtractorSchema, "schema" | "name">): LowerContext {
  const bundle = readBundle(extractor.schema);
  return { bundle, wireName: wireNameOf(extractor.name), restore: planRestore(bundle) };
}

/** Run the three lowerings of one extractor. */
export function lowerTargets(extractor: Pick<ExtractorSchema, "schema" | "name">): LoweredTargets {
  const ctx = lowerContextOf(extractor);
  return { openai: lowerOpenAI(ctx), gemini: lowerGemini(ctx), anthropic: lowerAnthropic(ctx) };
}

/**
 * Lower one extractor for one target (the programmatic `lower(schema, provider)` of design.md §2).
 * @example
 * const { mode, schema, losses } = lower({ name: "Invoice", schema: invoiceSchema }, "openai");
 */
export function lower<T extends LoweringTarget>(extractor: Pick<ExtractorSchema, "schema" | "name">, target: T): LoweredTargets[T] {
  const ctx = lowerContextOf(extractor);
  const lowerings: { [K in LoweringTarget]: (c: LowerContext) => LoweredTargets[K] } = { openai: lowerOpenAI, gemini: lowerGemini, anthropic: lowerAnthropic };
  return lowerings[target](ctx);
}

/**
 * Lower an extractor for OpenAI, Gemini and Anthropic; the losses come back as info diagnostics.
 * @example
 * const { wire, diagnostics } = lowerExtractor(project.extractors[0]);
 * wire.openai.mode; // "strict"
 */
export function lowerExtractor(extractor: ExtractorSchema): { wire: ExtractorWires; diagnostics: Diagnostic[] } {
  const { openai, gemini, anthropic } = lowerTargets(extractor);
  return {
    wire: {
      openai: { mode: openai.mode, name: openai.name, schema: openai.schema, restore: openai.restore },
      gemini: { mode: gemini.mode, field: gemini.field, schema: gemini.schema, restore: gemini.restore },
      anthropic: { mode: anthropic.mode, toolName: anthropic.toolName, schema: anthropic.schema, restore: anthropic.restore },
    },
    diagnostics: [
      ...lossDiagnostics(extractor.file, "openai", openai.losses),
      ...lossDiagnostics(extractor.file, "gemini", gemini.losses),
      ...lossDiagnostics(extractor.file, "anthropic", anthropic.losses),
    ],
  };
}
