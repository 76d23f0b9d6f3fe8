/**
 * The types stage (generator/types/): one schema in, one TypeScript declaration out. Cases found in
 * the SchemaStore corpus (`npm run corpus`) name the schema they come from.
 */
import { describe, expect, test } from "vitest";
import type { Diagnostic } from "../../../generator/diagnostics.js";
import type { JsonSchema } from "../../../generator/json-schema.js";
import { declareType } from "../../../generator/types/declare-type.js";

interface Case {
  given: JsonSchema;
  /** The declaration text. */
  want: string;
  /** Named types `#/$defs/<Name>` may refer to. */
  typeNames?: string[];
}

const declare = (given: JsonSchema, typeNames: string[] = []): { text: string; diagnostics: Diagnostic[] } => {
  const diagnostics: Diagnostic[] = [];
  const { text } = declareType({ name: "Thing", module: "thing", schema: given, origin: { file: "thing.json", pointer: "" } }, { typeNames: new Set(typeNames), report: (d) => diagnostics.push(d) });
  return { text, diagnostics };
};

const conditionalCases: [string, Case][] = [
  [
    "a property declared by `then` is an optional property of a closed object (bigquery-table field.fields)",
    {
      given: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string" } },
        if: { properties: { type: { enum: ["RECORD"] } } },
        then: { required: ["fields"], properties: { fields: { type: "array", items: { $ref: "#/$defs/Field" } } } },
      },
      typeNames: ["Field"],
      want: "export interface Thing {\n  name: string;\n  fields?: Field[];\n}",
    },
  ],
  [
    "`then` and `else` declaring one key give it the union of both types (minecraft-dimension generator.settings)",
    {
      given: { type: "object", properties: { kind: { type: "string" } }, if: { properties: { kind: { const: "a" } } }, then: { properties: { settings: { type: "string" } } }, else: { properties: { settings: { type: "number" } } } },
      want: "export interface Thing {\n  kind?: string;\n  settings?: string | number;\n}",
    },
  ],
  [
    "an own declaration wins over a conditional one",
    {
      given: { type: "object", properties: { size: { type: "integer" } }, then: { properties: { size: { minimum: 3 } } } },
      want: "export interface Thing {\n  size?: number;\n}",
    },
  ],
  [
    "an allOf member holding only if/then declares its properties beside the owner's (minecraft-custom-main-menu-mod buttonAction.link)",
    {
      given: { type: "object", properties: { action: { type: "string" } }, allOf: [{ if: { properties: { action: { const: "openLink" } } }, then: { properties: { link: { type: "string" } } } }] },
      want: "export interface Thing {\n  action?: string;\n  link?: string;\n}",
    },
  ],
  [
    "if/then pairs in separate allOf members are alternatives: a union, never an intersection (abc-supply-plan metrics)",
    {
      given: {
        type: "object",
        properties: { kind: { type: "string" } },
        allOf: [
          { if: { properties: { kind: { const: "a" } } }, then: { properties: { showAs: { type: "null" } } } },
          { if: { properties: { kind: { const: "b" } } }, then: { properties: { showAs: { enum: ["Units", "Lots"] } } } },
        ],
      },
      want: 'export interface Thing {\n  kind?: string;\n  showAs?: null | ("Units" | "Lots");\n}',
    },
  ],
  [
    "dependentSchemas declare their key (any value) and their properties",
    {
      given: { type: "object", properties: { a: { type: "string" } }, dependentSchemas: { b: { properties: { c: { type: "boolean" } } } } },
      want: "export interface Thing {\n  a?: string;\n  b?: unknown;\n  c?: boolean;\n}",
    },
  ],
  [
    "an object closed by additionalProperties: false does not take them (the validator rejects them)",
    {
      given: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false, then: { properties: { b: { type: "string" } } } },
      want: "export interface Thing {\n  a?: string;\n}",
    },
  ],
  [
    "an open object types them through its index signature",
    {
      given: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true, then: { properties: { b: { type: "string" } } } },
      want: "export interface Thing {\n  a?: string;\n  [k: string]: unknown;\n}",
    },
  ],
  [
    "`if` alone declares nothing: its properties are conditions",
    {
      given: { type: "object", properties: { a: { type: "string" } }, if: { properties: { b: { const: 1 } } } },
      want: "export interface Thing {\n  a?: string;\n}",
    },
  ],
];

const patternCases: [string, Case][] = [
  [
    "with additionalProperties unspecified, a key no pattern matches may hold anything",
    { given: { type: "object", patternProperties: { "^x-": { type: "string" } } }, want: "export interface Thing {\n  [k: string]: unknown;\n}" },
  ],
  [
    "a pattern excluding a sibling's property leaves it its own type (web-types html-contributions-host)",
    {
      given: { type: "object", properties: { events: { type: "array", items: { type: "string" } } }, patternProperties: { "^(?!pattern$).*$": { type: "boolean" } } },
      want: "export interface Thing {\n  events?: string[];\n  [k: string]: unknown;\n}",
    },
  ],
  [
    "a pattern that matches every key types every extra key",
    { given: { type: "object", patternProperties: { ".*": { type: "string" } } }, want: "export interface Thing {\n  [k: string]: string;\n}" },
  ],
  [
    "with additionalProperties: false only pattern keys are valid: their types",
    { given: { type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: false }, want: "export interface Thing {\n  [k: string]: string;\n}" },
  ],
  [
    "with an additionalProperties schema, patterns and extras share the index signature",
    {
      given: { type: "object", patternProperties: { "^x-": { type: "string" } }, additionalProperties: { type: "number" } },
      want: "export interface Thing {\n  [k: string]: string | number;\n}",
    },
  ],
];

describe("declareType: patternProperties", () => {
  for (const [name, { given, want, typeNames }] of patternCases) {
    test(name, () => expect(declare(given, typeNames).text).toBe(want));
  }
});

describe("declareType: then / else / dependentSchemas", () => {
  for (const [name, { given, want, typeNames }] of conditionalCases) {
    test(name, () => {
      const { text, diagnostics } = declare(given, typeNames);
      expect(text).toBe(want);
      expect(diagnostics).toEqual([]);
    });
  }
});
