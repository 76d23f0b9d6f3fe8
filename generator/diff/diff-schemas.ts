import type { JsonSchema } from "../json-schema.js";
import type { Change } from "./change.js";
import { createDiffContext } from "./context.js";

/**
 * Every change from `oldSchema` to `newSchema`, each breaking or compatible by the rule in
 * change.ts. Both are bundled 2020-12 schemas (every `$ref` local, as load produces them); `$ref`s
 * are followed and compared structurally, so renaming or moving a definition changes nothing.
 * @example
 * const changes = diffSchemas(
 *   { type: "object", properties: { note: { type: "string", maxLength: 40 } } },
 *   { type: "object", properties: { note: { type: "string", maxLength: 80 } } },
 * );
 * // [{ kind: "breaking", pointer: "/properties/note", what: "maxLength 40 -> 80" }]
 */
export function diffSchemas(oldSchema: JsonSchema, newSchema: JsonSchema): Change[] {
  const ctx = createDiffContext(oldSchema, newSchema);
  const changes = ctx.compare([{ schema: oldSchema, pointer: "" }], [{ schema: newSchema, pointer: "" }]);
  // One definition reached from several places reports its changes once.
  const seen = new Set<string>();
  return changes.filter((c) => {
    const key = `${c.kind} ${c.pointer} ${c.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
