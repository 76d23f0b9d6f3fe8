import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect, test } from "vitest";
import { loadProject } from "../../../generator/load/index.js";
import { parsePointer, valueAt } from "../../../generator/load/json-pointer.js";
import { isPlainObject } from "../../../generator/load/keywords.js";

const CORPUS = path.resolve("../shared/corpus/schemastore");

/**
 * The SchemaStore sample (../shared/corpus/schemastore/README.md): remote references resolve to
 * refs/ through the ref map. Target: at least 98% of the schemas load without an error, and no
 * exported name was made unique by a number.
 */
test.skipIf(!existsSync(CORPUS))("SchemaStore sample: >= 98% load as valid 2020-12 bundles, no numbered names", { timeout: 180_000 }, async () => {
  const { project, diagnostics } = await loadProject({ root: CORPUS, schemas: "schemas", refMap: { "https://json.schemastore.org/": "refs/" } });
  const total = readdirSync(path.join(CORPUS, "schemas")).length;
  const loaded = project.extractors.length;
  const generated = new Set(project.extractors.map((x) => x.file));
  const failedBy = new Map<string, Set<string>>();
  for (const d of diagnostics) {
    if (d.severity !== "error" || d.file === undefined || generated.has(d.file)) continue;
    (failedBy.get(d.code) ?? failedBy.set(d.code, new Set()).get(d.code)!).add(path.basename(d.file));
  }
  const failures = [...failedBy].map(([code, files]) => `${code} ${files.size} (${[...files].join(", ")})`);
  console.log(`corpus load: ${loaded}/${total} schemas (${((100 * loaded) / total).toFixed(1)}%), ${project.types.size} named types; failed: ${failures.join("; ") || "none"}`);
  expect(loaded / total).toBeGreaterThanOrEqual(0.98);

  // Every bundle is a valid 2020-12 schema (what later stages compile).
  const ajv = new Ajv2020({ strict: false, logger: false });
  const invalid = project.extractors.filter((x) => !ajv.validateSchema(x.schema)).map((x) => `${x.file}: ${ajv.errorsText(ajv.errors)}`);
  expect(invalid).toEqual([]);

  // A trailing number must come from the schema itself: a key, title, file name or version.
  const versions = new Map(project.extractors.map((x) => [x.typeName, x.version]));
  const numbered: string[] = [];
  for (const type of project.types.values()) {
    const digits = /\D(\d+)$/.exec(type.name)?.[1];
    if (digits === undefined || type.name === `${type.name.slice(0, -digits.length - 1)}V${versions.get(type.name)}`) continue;
    if (/^https?:/.test(type.origin.file)) continue; // a built-in meta-schema
    const root = JSON.parse(readFileSync(path.join(CORPUS, type.origin.file), "utf8")) as unknown;
    const node = valueAt(root, parsePointer(type.origin.pointer) ?? []);
    const source = [type.origin.file, decodeURIComponent(type.origin.pointer), isPlainObject(node) ? node.title : "", isPlainObject(root) && isPlainObject(root["x-extractor"]) ? root["x-extractor"].name : ""].join(" ");
    if (!source.replace(/[^\p{L}\p{N}]+/gu, "").includes(digits) && !source.split(/\D+/).includes(digits)) numbered.push(`${type.name} (${type.origin.file}#${type.origin.pointer})`);
  }
  expect(numbered).toEqual([]);
});
