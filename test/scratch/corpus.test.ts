import { test } from "vitest";
import { loadProject } from "../../generator/load/index.js";
import { lowerTargets } from "../../generator/lower/index.js";
import { strictRuleViolations } from "../helpers/openai-strict-rules.js";
import path from "node:path";
test("corpus", async () => {
  const t0 = Date.now();
  const { project, diagnostics } = await loadProject({ root: path.resolve("../shared/corpus/schemastore"), schemas: "schemas", refMap: { "https://json.schemastore.org/": "refs" } });
  console.log("loaded", project.extractors.length, "in", Date.now() - t0, "ms; errors", diagnostics.filter((d) => d.severity === "error").length);
  const counts: Record<string, number> = {};
  const bump = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const t1 = Date.now();
  for (const x of project.extractors) {
    const s = Date.now();
    try {
      const t = lowerTargets(x);
      bump("openai:" + t.openai.mode); bump("gemini:" + t.gemini.field); bump("anthropic:" + t.anthropic.mode);
      if (t.openai.mode === "strict") {
        const v = strictRuleViolations(t.openai.schema, t.openai.name);
        if (v.length) { bump("strict-violations"); console.log("VIOLATION", x.file, v.slice(0, 3)); }
      } else console.log("NONSTRICT", x.file, t.openai.losses[0]?.message.slice(0, 250));
    } catch (e) {
      bump("crash"); console.log("CRASH", x.file, (e as Error).stack?.slice(0, 600));
    }
    const ms = Date.now() - s;
    if (ms > 500) console.log("SLOW", x.file, ms);
  }
  console.log(JSON.stringify(counts), "lowering ms", Date.now() - t1);
}, 600_000);
