/**
 * Every SchemaStore corpus schema (../shared/corpus/schemastore) lowers for every provider without
 * a crash; every OpenAI strict claim passes the strict-mode rule checker; every Gemini
 * responseSchema is free of the keys Gemini rejects; every Anthropic tool schema has an object root.
 * Prints the mode figures.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadProject } from "../../../generator/load/index.js";
import type { ExtractorSchema } from "../../../generator/load/project.js";
import { lowerTargets, type LoweredTargets } from "../../../generator/lower/index.js";
import { strictRuleViolations } from "../../helpers/openai-strict-rules.js";
import { forbiddenGeminiKeys } from "./gemini-forbidden.js";

const CORPUS = path.resolve("../shared/corpus/schemastore");

describe.skipIf(!existsSync(CORPUS))("SchemaStore corpus", () => {
  const lowered: { extractor: ExtractorSchema; targets: LoweredTargets }[] = [];
  const crashes: string[] = [];

  beforeAll(async () => {
    const { project } = await loadProject({ root: CORPUS, schemas: "schemas", refMap: { "https://json.schemastore.org/": "refs" } });
    for (const extractor of project.extractors) {
      try {
        lowered.push({ extractor, targets: lowerTargets(extractor) });
      } catch (e) {
        crashes.push(`${extractor.file}: ${(e as Error).stack ?? String(e)}`);
      }
    }
  }, 600_000);

  test("every loaded schema lowers for every provider", () => {
    expect(crashes).toEqual([]);
    expect(lowered.length).toBeGreaterThan(250);
  });

  test("every OpenAI strict claim passes the strict-mode rules", () => {
    const broken = lowered
      .filter(({ targets }) => targets.openai.mode === "strict")
      .map(({ extractor, targets }) => [extractor.file, strictRuleViolations(targets.openai.schema, targets.openai.name).slice(0, 3)] as const)
      .filter(([, v]) => v.length > 0);
    expect(broken).toEqual([]);
  });

  test("Gemini responseSchema outputs hold no key Gemini rejects; tool schemas have object roots", () => {
    for (const { extractor, targets } of lowered) {
      if (targets.gemini.field === "responseSchema") expect([extractor.file, forbiddenGeminiKeys(targets.gemini.schema)]).toEqual([extractor.file, []]);
      if (targets.anthropic.mode === "tool") expect([extractor.file, targets.anthropic.schema["type"]]).toEqual([extractor.file, "object"]);
    }
  });

  test("figures", () => {
    const count = (pick: (t: LoweredTargets) => string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const { targets } of lowered) out[pick(targets)] = (out[pick(targets)] ?? 0) + 1;
      return out;
    };
    const figures = {
      schemas: lowered.length,
      openai: count((t) => t.openai.mode),
      gemini: count((t) => t.gemini.field),
      anthropic: count((t) => t.anthropic.mode),
    };
    console.log(`lowering figures over the SchemaStore corpus: ${JSON.stringify(figures)}`);
    expect(figures.openai["strict"] ?? 0).toBeGreaterThan(lowered.length / 2);
  });
});
