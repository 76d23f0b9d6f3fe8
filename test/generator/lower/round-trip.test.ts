/**
 * Property-based round trip: for values valid under the ORIGINAL schema (sampleValue over random
 * seeds), lift them to what each provider returns under its lowered schema, check the lifted value
 * is valid under that schema, apply the restore plan, and get back exactly the original value.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { lowerTargets } from "../../../generator/lower/index.js";
import { applyRestore } from "../../../runtime/restore.js";
import { normalizeOpenApi, sampleValue } from "../../../runtime/testing/sample-value.js";
import { newAjv } from "../../helpers/ajv.js";
import { strictRuleViolations } from "../../helpers/openai-strict-rules.js";
import { liftReply } from "../../helpers/provider-reply.js";
import { SCHEMA_CASES } from "./schemas.js";

const RUNS = 40;

describe.each(SCHEMA_CASES)("$name", ({ schema, wrapped, lossy }) => {
  const targets = lowerTargets({ schema, name: "Case" });
  const ajv = newAjv();
  const original = ajv.compile(schema);
  const openaiWire = ajv.compile(targets.openai.schema);
  const geminiWire = ajv.compile(normalizeOpenApi(targets.gemini.schema) as object);
  const anthropicWire = ajv.compile(targets.anthropic.schema);

  test("wraps the root exactly when it is not an object", () => {
    expect(targets.openai.restore.unwrap).toBe(wrapped ? "value" : undefined);
    expect(targets.anthropic.restore.unwrap).toBe(wrapped ? "value" : undefined);
    expect(targets.gemini.restore.unwrap).toBeUndefined();
  });

  test("a strict OpenAI schema passes every strict-mode rule", () => {
    if (targets.openai.mode === "strict") expect(strictRuleViolations(targets.openai.schema, targets.openai.name)).toEqual([]);
  });

  test("sampled values survive lift, wire validation and restore for every provider", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const value = sampleValue(schema, seed);
        expect(original(value), JSON.stringify(original.errors)).toBe(true);

        // OpenAI: absent optional -> null (strict), wrapped root.
        const openaiReply = liftReply(targets.openai.schema, value, wrapped);
        const fitsOpenAI = openaiWire(openaiReply);
        if (!lossy) expect(fitsOpenAI, `${JSON.stringify(openaiReply)} ${JSON.stringify(openaiWire.errors)}`).toBe(true);
        if (fitsOpenAI || targets.openai.mode !== "strict") {
          expect(applyRestore(targets.openai.restore, openaiReply)).toStrictEqual(value);
          checked++;
        }

        // Gemini: optional stays optional; a relay may still hand over OpenAI-style nulls.
        const fitsGemini = geminiWire(value);
        if (!lossy) expect(fitsGemini, JSON.stringify(geminiWire.errors)).toBe(true);
        expect(applyRestore(targets.gemini.restore, value)).toStrictEqual(value);
        const relayed = liftReply(targets.openai.schema, value, false);
        if (fitsOpenAI) expect(applyRestore(targets.gemini.restore, relayed)).toStrictEqual(value);

        // Anthropic: object root (wrapped otherwise), optional stays optional, maps as entries.
        const anthropicReply = liftReply(targets.anthropic.schema, value, wrapped);
        const fitsAnthropic = anthropicWire(anthropicReply);
        if (!lossy) expect(fitsAnthropic, JSON.stringify(anthropicWire.errors)).toBe(true);
        expect(applyRestore(targets.anthropic.restore, anthropicReply)).toStrictEqual(value);
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBeGreaterThan(0);
  });
});
