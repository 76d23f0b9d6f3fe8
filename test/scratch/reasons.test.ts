import { test } from "vitest";
import { loadProject } from "../../generator/load/index.js";
import { lowerTargets } from "../../generator/lower/index.js";
import path from "node:path";
test("reasons", async () => {
  const { project } = await loadProject({ root: path.resolve("../shared/corpus/schemastore"), schemas: "schemas", refMap: { "https://json.schemastore.org/": "refs" } });
  const reasons: Record<string, number> = {};
  for (const x of project.extractors) {
    const t = lowerTargets(x);
    for (const [target, l] of [["openai", t.openai], ["anthropic", t.anthropic], ["gemini", t.gemini]] as const) {
      const fb = l.losses.find((q) => q.code === "EG_LOWER_MODE_FALLBACK");
      if (!fb) continue;
      for (const r of fb.message.replace(/^.*?: /, "").split("; ")) {
        const k = target + " " + r.replace(/\/[^:]*: /, "").replace(/\d+/g, "N").replace(/\(through [^)]*\)/, "").slice(0, 90);
        reasons[k] = (reasons[k] ?? 0) + 1;
      }
    }
  }
  console.log(Object.entries(reasons).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n}\t${k}`).join("\n"));
}, 600_000);
