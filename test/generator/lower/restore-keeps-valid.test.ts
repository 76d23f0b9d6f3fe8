/**
 * The restore's safety rule (design.md §7): it undoes lowering artefacts and drops only keys that no
 * branch the value could match declares, so a value valid under the ORIGINAL schema stays valid
 * once restored. A valid reply must never be turned down by `extract` because the restore spoiled it.
 *
 * 1. given/want per known cause (the value is valid and must come back unchanged);
 * 2. property-based over every golden fixture schema: sampled valid values, with undeclared keys
 *    sprinkled in wherever the original schema still accepts them, stay valid after the restore.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { loadProject } from "../../../generator/load/index.js";
import { planRestore, readBundle } from "../../../generator/lower/index.js";
import { applyRestore } from "../../../runtime/restore.js";
import { sampleValue } from "../../../runtime/testing/sample-value.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import { CASES_DIR } from "../../helpers/golden-cases.js";
import { seededRandom } from "../../../runtime/testing/seeded-random.js";

const STR = { type: "string" };

const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv2020) => Ajv2020 }).default;

/**
 * Compiled as the generator compiles validators (generator/validate/ajv.ts): patterns without the
 * `u` flag when they need it, own-property lookups for names such as `__proto__`, no meta-schema
 * check (property names such as `type` are data here).
 */
function compileOriginal(schema: JsonSchemaObject): ReturnType<Ajv2020["compile"]> {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false, ownProperties: true, logger: false });
  addFormats(ajv);
  const { $id: _id, $schema: _schema, ...bundled } = schema;
  return ajv.compile(bundled);
}

interface KeepCase {
  schema: JsonSchemaObject;
  /** Valid values the restore must hand back unchanged. */
  values: unknown[];
}

const entity = { type: "object", required: ["kind"], properties: { kind: STR, spec: { type: "object" } } };
const CAUSES: [string, KeepCase][] = [
  [
    "union branches told apart by a discriminator merged from allOf parts (catalog-info)",
    {
      schema: {
        $defs: { Entity: entity },
        anyOf: [
          { allOf: [{ $ref: "#/$defs/Entity" }, { properties: { kind: { enum: ["API"] }, spec: { properties: { definition: STR } } } }] },
          { allOf: [{ $ref: "#/$defs/Entity" }, { properties: { kind: { enum: ["Group"] }, spec: { properties: { members: { type: "array" } } } } }] },
        ],
      },
      values: [
        { kind: "API", spec: { definition: "openapi: 3.0.0" } },
        { kind: "Group", spec: { members: ["ada"] } },
      ],
    },
  ],
  [
    "union branches with nothing to tell them apart but their nested keys",
    {
      schema: {
        anyOf: [
          { type: "object", properties: { spec: { type: "object", properties: { a: STR } } } },
          { type: "object", properties: { spec: { type: "object", properties: { b: STR } } } },
        ],
      },
      values: [{ spec: { a: "x" } }, { spec: { b: "y" } }],
    },
  ],
  [
    "several allOf members with their own if/then (cloudify, flatpak-manifest, minecraft-custom-main-menu-mod)",
    {
      schema: {
        type: "object",
        properties: { type: STR },
        required: ["type"],
        if: { properties: { type: { const: "file" } } },
        then: { properties: { path: STR } },
        allOf: [
          { if: { properties: { type: { const: "git" } } }, then: { properties: { url: STR, commit: STR } } },
          { if: { properties: { type: { const: "archive" } } }, then: { properties: { sha256: STR } }, else: { properties: { note: STR } } },
        ],
      },
      values: [
        { type: "file", path: "a.txt" },
        { type: "git", url: "https://example.org/x.git", commit: "abc" },
        { type: "archive", sha256: "00" },
        { type: "git", note: "n" },
      ],
    },
  ],
  [
    "a then that requires keys of a nested object (cloudify node templates)",
    {
      schema: {
        type: "object",
        properties: { type: STR, properties: { type: "object", properties: { name: STR } } },
        allOf: [
          { if: { properties: { type: { const: "vm" } } }, then: { properties: { properties: { required: ["resource_config"] } } } },
          { if: { properties: { type: { const: "db" } } }, then: { properties: { properties: { properties: { engine: STR } } } } },
        ],
      },
      values: [
        { type: "vm", properties: { name: "a", resource_config: { size: 1 } } },
        { type: "db", properties: { engine: "pg" } },
      ],
    },
  ],
  [
    "items that are an object only by if/then, through a $ref with patternProperties (flatpak-manifest modules)",
    {
      schema: {
        type: "array",
        items: { if: { type: "object" }, then: { $ref: "#/$defs/Module" }, else: STR },
        $defs: { Module: { type: "object", required: ["name"], properties: { name: STR }, patternProperties: { "^x-": {} }, additionalProperties: false } },
      },
      values: [["module.json", { name: "app", "x-note": 1 }]],
    },
  ],
  [
    "objects whose undeclared keys a constraint counts on (popxf-1.0)",
    {
      schema: {
        type: "object",
        properties: {
          misc: { type: "object", minProperties: 1 },
          monomial: { type: "object", minProperties: 1, maxProperties: 1, propertyNames: { pattern: "^\\(" } },
          paired: { type: "object", properties: { a: STR }, dependentRequired: { a: ["b"] } },
        },
      },
      values: [{ misc: { note: "kept" }, monomial: { "('', 'R')": 1 }, paired: { a: "x", b: 2 } }],
    },
  ],
];

describe("restore keeps valid values valid: known causes", () => {
  for (const [name, { schema, values }] of CAUSES) {
    test(name, () => {
      const validate = compileOriginal(schema);
      const plan = planRestore(readBundle(schema));
      for (const value of values) {
        expect(validate(value), `fixture value ${JSON.stringify(value)} must be valid`).toBe(true);
        expect(applyRestore(plan, value)).toEqual(value);
      }
    });
  }
});

/** A copy of `value` with an undeclared key added to some of its objects (chosen by `next`). */
function sprinkleKeys(value: unknown, next: () => number): unknown {
  if (Array.isArray(value)) return value.map((item) => sprinkleKeys(item, next));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = sprinkleKeys(item, next);
  if (next() < 0.5) out[`undeclared_${Math.floor(next() * 1000)}`] = next() < 0.5 ? "text" : { nested: 1 };
  return out;
}

const GOLDEN_CASES = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith("_") && e.name !== "invalid-schemas")
  .map((e) => e.name)
  .sort();

describe.each(GOLDEN_CASES)("restore keeps valid values valid: golden %s", (caseName) => {
  test("sampled values, with undeclared keys where the schema allows them, stay valid", async () => {
    const root = path.join(CASES_DIR, caseName);
    const config = path.join(root, "extractgen.config.json");
    const refMap = existsSync(config) ? ((JSON.parse(readFileSync(config, "utf8")) as { refMap?: Record<string, string> }).refMap ?? {}) : {};
    const { project } = await loadProject({ root, schemas: "schemas", refMap });
    expect(project.extractors.length).toBeGreaterThan(0);
    for (const extractor of project.extractors) {
      const validate = compileOriginal(extractor.schema);
      const plan = planRestore(readBundle(extractor.schema));
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
          const sampled = sampleValue(extractor.schema, seed);
          if (!validate(sampled)) return; // an approximation sampleValue could not make valid
          const sprinkled = sprinkleKeys(sampled, seededRandom(seed));
          for (const value of validate(sprinkled) ? [sampled, sprinkled] : [sampled]) {
            const restored = applyRestore(plan, value);
            expect(validate(restored), `${extractor.file}: ${JSON.stringify(value)} -> ${JSON.stringify(restored)}: ${JSON.stringify(validate.errors)}`).toBe(
              true,
            );
          }
        }),
        { numRuns: 15 },
      );
    }
  });
});
