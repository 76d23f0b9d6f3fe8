import { test } from "vitest";
import { loadProject } from "../../generator/load/index.js";
import { lowerContextOf, lowerOpenAI, lowerGemini, lowerAnthropic, planRestore, readBundle } from "../../generator/lower/index.js";
import path from "node:path";
test("prof", async () => {
  const { project } = await loadProject({ root: path.resolve("../shared/corpus/schemastore"), schemas: "schemas", refMap: { "https://json.schemastore.org/": "refs" } });
  for (const f of ["podman-desktop-extension.json", "eslintrc.json", "apollo-router-2.9.0.json"]) {
    const x = project.extractors.find((e) => e.file.endsWith(f))!;
    let t = Date.now();
    const b = readBundle(x.schema); const tb = Date.now() - t; t = Date.now();
    const plan = planRestore(b); const tp = Date.now() - t; t = Date.now();
    const ctx = lowerContextOf(x); t = Date.now();
    const o = lowerOpenAI(ctx); const to = Date.now() - t; t = Date.now();
    const g = lowerGemini(ctx); const tg = Date.now() - t; t = Date.now();
    const a = lowerAnthropic(ctx); const ta = Date.now() - t;
    console.log(f, JSON.stringify(x.schema).length, { tb, tp, to, tg, ta }, JSON.stringify(plan).length, JSON.stringify(o.schema).length, JSON.stringify(g.schema).length, JSON.stringify(a.schema).length, o.mode, g.field, a.mode);
  }
}, 600_000);
