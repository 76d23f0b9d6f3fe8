/**
 * The bridge to json-schema-to-typescript. Its public `compile()` clones the schema and runs
 * json-schema-ref-parser over it before anything else; the schemas given here hold no `$ref`
 * (they are `tsType` references already), so its later stages are called directly: link ->
 * normalize -> parse -> optimize -> generate, and about 40% of the time is saved (measured over the
 * SchemaStore sample). Prettier is never called (`format: false`); `format-declaration.ts` indents.
 */
import { DEFAULT_OPTIONS, type Options } from "json-schema-to-typescript";
import { generate } from "json-schema-to-typescript/dist/src/generator.js";
import { link } from "json-schema-to-typescript/dist/src/linker.js";
import { normalize } from "json-schema-to-typescript/dist/src/normalizer.js";
import { optimize } from "json-schema-to-typescript/dist/src/optimizer.js";
import { parse } from "json-schema-to-typescript/dist/src/parser.js";
import type { JsonSchemaObject } from "../json-schema.js";

/**
 * The name jsts declares; emit renames it. jsts passes every name through `toSafeString`
 * (`Foo_bar` -> `FooBar`), so the final name cannot be given to it directly.
 */
export const PLACEHOLDER_NAME = "ExtractgenDeclaredType";

const OPTIONS: Options = {
  ...DEFAULT_OPTIONS,
  bannerComment: "",
  format: false,
  // design.md §3: objects are closed for extraction unless the schema opens them.
  additionalProperties: false,
  // Only the declaration asked for; referenced types are declared by their own call.
  declareExternallyReferenced: false,
  unreachableDefinitions: false,
  enableConstEnums: false,
  inferStringEnumKeysFromValues: false,
  // Arrays stay `T[]` (jsts-schema.ts drops their bounds); tuples keep `minItems` for their prefixes.
  maxItems: -1,
  strictIndexSignatures: false,
  unknownAny: true,
};

/**
 * Run jsts on one prepared schema (see jsts-schema.ts) and return its unformatted declaration,
 * named {@link PLACEHOLDER_NAME}. The schema object is consumed (jsts annotates it in place).
 */
export function runJsts(schema: JsonSchemaObject): string {
  const root = { ...schema, $id: PLACEHOLDER_NAME };
  const linked = link(root);
  const normalized = normalize(linked, new WeakMap(), PLACEHOLDER_NAME, OPTIONS);
  const ast = parse(normalized, OPTIONS, undefined, new Map(), new Set());
  return generate(optimize(ast, OPTIONS), OPTIONS);
}
