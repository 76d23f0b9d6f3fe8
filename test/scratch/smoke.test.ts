import { test } from "vitest";
import { lowerTargets } from "../../generator/lower/index.js";
import { applyRestore } from "../../runtime/restore.js";
test("smoke", () => {
  const schema = {
    type: "object",
    properties: {
      name: { type: "string", maxLength: 20 },
      age: { type: "integer", minimum: 0 },
      tags: { type: "array", items: { type: "string" } },
      kind: { oneOf: [{ $ref: "#/$defs/Cat" }, { $ref: "#/$defs/Dog" }] },
      parent: { $ref: "#" },
    },
    required: ["name"],
    $defs: {
      Cat: { type: "object", properties: { kind: { const: "cat" }, lives: { type: "integer" } }, required: ["kind"] },
      Dog: { type: "object", properties: { kind: { const: "dog" }, bark: { type: "string", format: "uri" } }, required: ["kind"] },
    },
  };
  const t = lowerTargets({ schema, name: "Person" });
  console.log(JSON.stringify(t, null, 1));
  console.log(JSON.stringify(applyRestore(t.openai.restore, { name: "a", age: null, tags: null, kind: { kind: "dog", bark: null, extra: 1 }, parent: null })));
});
