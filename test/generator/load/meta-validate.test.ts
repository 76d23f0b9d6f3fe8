import { describe, expect, test } from "vitest";
import type { Draft } from "../../../generator/json-schema.js";
import { loadMetaDiagnostics } from "../../../generator/load/meta-validate.js";

type Case = [name: string, { given: unknown; draft?: Draft; want: { pointer: string; hint: string | RegExp }[] }];

const violations: Case[] = [
  ["a misspelt type suggests the closest type", { given: { type: "object", properties: { a: { type: "strin" } } }, want: [{ pointer: "/properties/a/type", hint: 'did you mean "string"?' }] }],
  ["a misspelt type in a type list", { given: { type: ["nul", "string"] }, want: [{ pointer: "/type/0", hint: 'did you mean "null"?' }] }],
  ["a type far from any lists the allowed ones", { given: { type: "text" }, want: [{ pointer: "/type", hint: /^allowed: "array", "boolean"/ }] }],
  ["draft-03 required: true explains the draft-04 form", { draft: "draft-04", given: { properties: { a: { required: true } } }, want: [{ pointer: "/properties/a/required", hint: /array of property names on the parent object/ }] }],
  ["draft-04 empty required", { draft: "draft-04", given: { type: "object", required: [] }, want: [{ pointer: "/required", hint: "draft-04 does not allow an empty \"required\" array: remove it" }] }],
  ["a type name where a schema belongs", { given: { properties: { a: "string" } }, want: [{ pointer: "/properties/a", hint: 'write {"type": "string"}' }] }],
  ["draft-04 exclusiveMaximum needs maximum", { draft: "draft-04", given: { type: "number", exclusiveMaximum: true }, want: [{ pointer: "", hint: '"exclusiveMaximum" needs "maximum" beside it' }] }],
  ["minLength must be a non-negative integer", { draft: "draft-07", given: { minLength: -1 }, want: [{ pointer: "/minLength", hint: /minLength/ }] }],
  ["an invalid regular expression", { given: { pattern: "([a-z]" }, want: [{ pointer: "/pattern", hint: /ECMA-262/ }] }],
  ["an invalid patternProperties key", { given: { patternProperties: { "*x": {} } }, want: [{ pointer: "/patternProperties/*x", hint: /ECMA-262/ }] }],
];

describe("meta-schema violations: pointer and hint", () => {
  for (const [name, { given, draft, want }] of violations) {
    test(name, () => {
      const diagnostics = loadMetaDiagnostics(given, draft ?? "2020-12", "a.json");
      expect(diagnostics.map((d) => d.code)).toEqual(want.map(() => "EG_SCHEMA_INVALID"));
      diagnostics.forEach((d, i) => {
        expect(d.pointer).toBe(want[i]!.pointer);
        expect(d.hint).toMatch(want[i]!.hint);
      });
    });
  }
});

const accepted: [string, unknown, Draft][] = [
  ["unknown keywords and formats", { type: "string", format: "my-format", "x-anything": { nested: true }, sortOrder: 3 }, "2020-12"],
  ["an $id that is not a URI", { $id: "my schema", type: "object" }, "draft-07"],
  ["definitions beside $ref in draft-07", { $ref: "#/definitions/a", definitions: { a: { type: "string" } } }, "draft-07"],
  ["draft-04 boolean exclusiveMaximum", { maximum: 3, exclusiveMaximum: true }, "draft-04"],
];

describe("valid schemas pass, however loose", () => {
  for (const [name, given, draft] of accepted) test(name, () => expect(loadMetaDiagnostics(given, draft, "a.json")).toEqual([]));
});

describe("huge enums (draft-04/06 demand unique values)", () => {
  test("a 200,000-value enum is checked without comparing every pair", () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `value-${i}`);
    expect(loadMetaDiagnostics({ type: "string", enum: values }, "draft-04", "a.json")).toEqual([]);
  });

  test("a repeated value in a large enum is reported at its pointer", () => {
    const values = [...Array.from({ length: 1000 }, (_, i) => i), 7];
    const [d] = loadMetaDiagnostics({ properties: { n: { enum: values } } }, "draft-06", "a.json");
    expect(d).toMatchObject({ code: "EG_SCHEMA_INVALID", pointer: "/properties/n/enum", message: '"enum" lists 7 twice' });
  });
});
