import { describe, expect, test } from "vitest";
import { sampleFromPattern, UnsupportedPattern } from "../../runtime/testing/regex-sample.js";
import { sampleValue } from "../../runtime/testing/sample-value.js";
import type { WireSchema } from "../../runtime/spec.js";
import { schemaErrors } from "../helpers/ajv.js";

const SCHEMAS: [string, WireSchema][] = [
  ["formats", { type: "object", properties: Object.fromEntries(["date", "date-time", "time", "email", "uuid", "uri", "hostname", "ipv4", "ipv6", "duration"].map((f) => [f, { type: "string", format: f }])), required: ["date", "date-time", "time", "email", "uuid", "uri", "hostname", "ipv4", "ipv6", "duration"] }],
  ["bounds", { type: "object", properties: { n: { type: "integer", minimum: 5, maximum: 7 }, x: { type: "number", exclusiveMinimum: 0, multipleOf: 0.25 }, s: { type: "string", minLength: 30 }, a: { type: "array", minItems: 2, maxItems: 2, uniqueItems: true, items: { enum: [1, 2, 3] } } }, required: ["n", "x", "s", "a"] }],
  ["patterns", { type: "array", items: { type: "string", pattern: "^[A-Z]{2}-\\d{3}(x|y)?$" }, minItems: 3 }],
  ["recursion", { $ref: "#/$defs/Node", $defs: { Node: { type: "object", properties: { kids: { type: "array", items: { $ref: "#/$defs/Node" } } }, required: ["kids"] } } }],
  ["unions, const, tuples, nulls", { type: "object", properties: { u: { oneOf: [{ type: "string" }, { type: "integer" }] }, c: { const: { deep: [1] } }, t: { type: "array", prefixItems: [{ type: "boolean" }, { type: "null" }], items: false }, n: { type: ["string", "null"] } }, required: ["u", "c", "t", "n"] }],
  ["OpenAPI-flavoured (Gemini responseSchema)", { type: "OBJECT", properties: { a: { type: "STRING", nullable: true }, b: { type: "INTEGER", enum: ["1", "2"] } }, required: ["a"], propertyOrdering: ["a", "b"] }],
];

describe("sampleValue", () => {
  for (const [name, schema] of SCHEMAS) {
    test(`${name}: valid for many seeds`, () => {
      for (let seed = 0; seed < 40; seed++) {
        const approximations: string[] = [];
        const value = sampleValue(schema, seed, { onApproximation: (r) => approximations.push(r) });
        if (name.startsWith("OpenAPI")) continue;
        expect(approximations).toEqual([]);
        expect(schemaErrors(schema, value)).toBeUndefined();
      }
    });
  }

  test("deterministic for a seed, different across seeds", () => {
    const schema = SCHEMAS[1]![1];
    expect(sampleValue(schema, 42)).toEqual(sampleValue(schema, 42));
    const distinct = new Set(Array.from({ length: 10 }, (_, i) => JSON.stringify(sampleValue(schema, i))));
    expect(distinct.size).toBeGreaterThan(5);
  });

  test("optional properties are sometimes present, sometimes absent", () => {
    const schema = { type: "object", properties: { o: { type: "string" } } };
    const present = Array.from({ length: 40 }, (_, i) => "o" in (sampleValue(schema, i) as object));
    expect(present).toContain(true);
    expect(present).toContain(false);
  });

  test("a schema without finite values ends with an approximation, not a stack overflow", () => {
    const endless = { $ref: "#/$defs/N", $defs: { N: { type: "object", properties: { n: { $ref: "#/$defs/N" } }, required: ["n"] } } };
    const reasons: string[] = [];
    sampleValue(endless, 1, { onApproximation: (r) => reasons.push(r) });
    expect(reasons).toHaveLength(1);
  });

  test("an impossible schema falls back to a valid example, else reports the approximation", () => {
    const contradictory = { type: "string", pattern: "^a$", not: { const: "a" }, examples: ["b", "a"] };
    expect(sampleValue({ ...contradictory, examples: [] }, 1, { onApproximation: () => undefined })).toBeDefined();
    const reasons: string[] = [];
    sampleValue({ ...contradictory, examples: ["a"] }, 1, { onApproximation: (r) => reasons.push(r) });
    expect(reasons[0]).toMatch(/no valid sample/);
    expect(sampleValue({ type: "string", not: { enum: ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"] }, examples: ["zulu"] }, 3)).toBe("zulu");
  });
});

describe("sampleFromPattern", () => {
  const pick = (n: number) => n - 1;
  test.each([["^[a-c]{2}\\.(x|yz)+$"], ["\\d{3}-\\w?"], ["[^a-z]+"], ["(?:ab|cd){2,3}"]])("%s", (pattern) => {
    expect(sampleFromPattern(pattern, pick)).toMatch(new RegExp(pattern));
  });
  test("look-around is not supported", () => expect(() => sampleFromPattern("(?=a)b", pick)).toThrow(UnsupportedPattern));
});
