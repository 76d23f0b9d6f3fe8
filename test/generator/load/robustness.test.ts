import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { expect, test } from "vitest";
import { loadProject } from "../../../generator/load/index.js";

const KEYWORDS = ["type", "properties", "items", "additionalItems", "additionalProperties", "$ref", "$defs", "definitions", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "enum", "const", "required", "dependencies", "$id", "id", "$anchor", "prefixItems", "minimum", "exclusiveMinimum", "title", "deprecated", "$recursiveRef", "$dynamicRef", "x-extractor"];
const REFS = ["#", "#/$defs/a", "#/definitions/a", "#/properties/a", "#/properties/a/items", "#a", "other.json", "other.json#/$defs/a", "_shared.json#/definitions/b", "https://acme.dev/x.json", "#/$defs/%61", "#/$defs/a~1b"];
const DRAFTS = ["http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2020-12/schema", "urn:unknown"];

/** Schema-shaped values: mostly keywords with plausible values, sometimes nonsense. */
const schema = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.boolean(),
    fc.dictionary(fc.constantFrom(...KEYWORDS), tie("value"), { maxKeys: 5 }),
  ),
  value: fc.oneof(
    { depthSize: "small" },
    tie("node"),
    fc.constantFrom(...REFS, "string", "object", "array", "strin", 3, true, null),
    fc.array(tie("node"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "a/b", "A", "x-1"), tie("node"), { maxKeys: 3 }),
  ),
})).node;

const project = fc.record({
  main: schema,
  other: schema,
  shared: schema,
  draft: fc.constantFrom(...DRAFTS),
});

test("any schema-shaped input: no exception, and every bundle is a valid 2020-12 schema", async () => {
  const ajv = new Ajv2020({ strict: false, logger: false });
  await fc.assert(
    fc.asyncProperty(project, async ({ main, other, shared, draft }) => {
      const withDraft = (s: unknown) => (typeof s === "object" && s !== null ? { $schema: draft, ...s } : s);
      const files: Record<string, string> = {
        "/p/schemas/main.json": JSON.stringify(withDraft(main)),
        "/p/schemas/other.json": JSON.stringify(withDraft(other)),
        "/p/schemas/_shared.json": JSON.stringify(withDraft(shared)),
      };
      const { project, diagnostics } = await loadProject({
        root: "/p",
        schemas: "schemas",
        listFiles: async () => Object.keys(files),
        readFile: async (file) => {
          const text = files[file];
          if (text === undefined) throw Object.assign(new Error(`no ${file}`), { code: "ENOENT" });
          return text;
        },
      });
      for (const d of diagnostics) expect(d.message.length).toBeGreaterThan(0);
      for (const x of project.extractors) {
        expect(ajv.validateSchema(x.schema), `${x.file}: ${ajv.errorsText(ajv.errors)}\n${JSON.stringify(x.schema)}`).toBe(true);
        for (const ref of refsOutsideData(x.schema)) expect(typeof ref === "string" && (ref === "#" || ref.startsWith("#/$defs/")), String(ref)).toBe(true);
      }
    }),
    { numRuns: 300 },
  );
});

/** Every `$ref` value in a schema, except inside instance data (`enum`, `const`, `default`, `examples`). */
function refsOutsideData(schema: unknown): unknown[] {
  const refs: unknown[] = [];
  const stack = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && !Array.isArray(node)) refs.push(value);
      else if (!["enum", "const", "default", "examples"].includes(key)) stack.push(value);
    }
  }
  return refs;
}
