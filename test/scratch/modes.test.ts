import { test } from "vitest";
import { lowerTargets } from "../../generator/lower/index.js";
import { SCHEMA_CASES } from "../generator/lower/schemas.js";
import { sampleValue } from "../../runtime/testing/sample-value.js";
test("modes", () => {
  for (const c of SCHEMA_CASES) {
    const t = lowerTargets({ schema: c.schema, name: "Case" });
    console.log(c.name.padEnd(50), t.openai.mode, t.gemini.field, t.anthropic.mode, t.anthropic.losses.map((l) => l.message).join(" | ").slice(0, 200));
    console.log("   ", JSON.stringify(sampleValue(c.schema, 1)), JSON.stringify(sampleValue(c.schema, 2)));
  }
});
