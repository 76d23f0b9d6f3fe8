import { createHash } from "node:crypto";
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import type { NormalisedUnit } from "./normalise.js";

/** One named unit as the bundler sees it. */
export interface BundleUnit {
  key: string;
  name: string;
  unit: NormalisedUnit;
}

/**
 * The self-contained schema of one extractor (project.ts `ExtractorSchema.schema`): the root,
 * plus `$defs` holding every other unit it reaches under its type name. References to the root
 * itself become `#`; everything else stays `#/$defs/<Name>`. Units that refer to the root are
 * copied for this, the shared named-type schemas are never changed.
 */
export function bundleExtractor(root: BundleUnit, reached: readonly BundleUnit[]): JsonSchemaObject {
  const selfRefs = (unit: BundleUnit) => unit.unit.refs.filter((ref) => ref.target === root.key);
  const withSelfRefs = (unit: BundleUnit): JsonSchema => {
    const refs = selfRefs(unit);
    if (refs.length === 0) return unit.unit.schema;
    for (const ref of refs) ref.holder.$ref = "#";
    const copy = structuredClone(unit.unit.schema);
    for (const ref of refs) ref.holder.$ref = `#/$defs/${root.name}`;
    return copy;
  };
  const rootSchema = withSelfRefs(root);
  const bundle: JsonSchemaObject = typeof rootSchema === "boolean" ? (rootSchema ? {} : { not: {} }) : { ...rootSchema };
  const others = reached.filter((unit) => unit.key !== root.key).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (others.length > 0) bundle.$defs = Object.fromEntries(others.map((unit) => [unit.name, withSelfRefs(unit)]));
  return bundle;
}

/**
 * sha256 (hex) over the files an extractor was built from, in the given order (its own file
 * first, then the others sorted): each as path, NUL, text, NUL, so neither a rename nor an edit
 * goes unnoticed and the hash does not depend on where the project is checked out.
 */
export function hashSources(sources: readonly { file: string; text: string }[]): string {
  const hash = createHash("sha256");
  for (const { file, text } of sources) hash.update(file).update("\0").update(text).update("\0");
  return hash.digest("hex");
}
