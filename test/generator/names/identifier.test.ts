import { describe, expect, test } from "vitest";
import { toPascalIdentifier, toUniqueIdentifier } from "../../../generator/names/identifier.js";

const cases: [given: string, want: string | undefined][] = [
  ["invoice", "Invoice"],
  ["invoice_line", "InvoiceLine"],
  ["line-item", "LineItem"],
  ["fooBar", "FooBar"],
  ["HTTPServer", "HTTPServer"],
  ["my schema.v2", "MySchemaV2"],
  ["Bob's config", "BobsConfig"],
  ["3d-model", "_3dModel"],
  ["2", "_2"],
  ["abc-supply-plan-11.1.0", "AbcSupplyPlan11_1_0"],
  ["schema-v1.1.0 85495", "SchemaV1_1_0_85495"],
  ["Überweisung", "Überweisung"],
  ["échéance", "Échéance"],
  ["日本語", "日本語"],
  ["class", "Class"],
  ["$$$", undefined],
  ["", undefined],
  ["🙂", undefined],
  ["a 🙂 b", "AB"],
  ["__proto__", "Proto"],
];

describe("PascalCase identifiers from free text", () => {
  for (const [given, want] of cases) test(`${JSON.stringify(given)} -> ${want}`, () => expect(toPascalIdentifier(given)).toBe(want));
});

test("unique identifiers differ whenever the parts differ", () => {
  const inputs = [["a.json", "/$defs/a b"], ["a.json", "/$defs/a_b"], ["a.json", "/$defs/a-b"], ["a.json/", "$defs/a b"], ["1.json", "/x"]];
  const names = inputs.map(toUniqueIdentifier);
  expect(new Set(names).size).toBe(inputs.length);
  for (const name of names) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9_$]*$/);
});
