import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { anthropicPatternProblem } from "../../../generator/lower/anthropic.js";
import { lower } from "../../../generator/lower/index.js";
import { lossKeys, obj } from "./helpers.js";

const STR = { type: "string" };
const anthropic = (schema: JsonSchemaObject) => lower({ schema, name: "Test" }, "anthropic");

describe("lowerAnthropic: output_config.format", () => {
  test("closed objects, optional kept, numeric bounds and lengths dropped, minItems clamped", () => {
    const out = anthropic(
      obj({
        n: { type: "number", minimum: 1, maximum: 9 },
        s: { type: "string", maxLength: 3, format: "uri" },
        l: { type: "array", items: STR, minItems: 3, maxItems: 5 },
      }, ["n"]),
    );
    expect(out.mode).toBe("output_format");
    expect(out.schema).toEqual({
      type: "object",
      properties: {
        n: { type: "number", description: "Constraints: >= 1; <= 9." },
        s: { type: "string", format: "uri", description: "Constraints: at most 3 characters." },
        l: { type: "array", items: STR, minItems: 1, description: "Constraints: at least 3 items; at most 5 items." },
      },
      required: ["n"],
      additionalProperties: false,
    });
    expect(lossKeys(out.losses)).toEqual([
      "EG_LOWER_KEYWORD_DROPPED /properties/n/minimum",
      "EG_LOWER_KEYWORD_DROPPED /properties/n/maximum",
      "EG_LOWER_KEYWORD_DROPPED /properties/s/maxLength",
      "EG_LOWER_KEYWORD_DROPPED /properties/l/minItems",
      "EG_LOWER_KEYWORD_DROPPED /properties/l/maxItems",
    ]);
  });

  test("a complex pattern is dropped, a simple one kept", () => {
    const out = anthropic(obj({ a: { type: "string", pattern: "^(?=x)\\w+$" }, b: { type: "string", pattern: "^[a-z]{2,5}$" } }, ["a", "b"]));
    const props = out.schema["properties"] as Record<string, JsonSchemaObject>;
    expect(props["a"]!["pattern"]).toBeUndefined();
    expect(props["b"]!["pattern"]).toBe("^[a-z]{2,5}$");
  });

  test("a non-object root is wrapped in value", () => {
    const out = anthropic({ type: "array", items: STR });
    expect(out.schema).toEqual({ type: "object", properties: { value: { type: "array", items: STR } }, required: ["value"], additionalProperties: false });
    expect(out.restore.unwrap).toBe("value");
  });
});

describe("lowerAnthropic: forced tool use", () => {
  test("a recursive schema goes to tool use with the original schema", () => {
    const given = obj({ label: STR, children: { type: "array", items: { $ref: "#" } } }, ["label"]);
    const out = anthropic(given);
    expect(out.mode).toBe("tool");
    expect(out.toolName).toBe("Test");
    expect(out.schema).toEqual(given);
    expect(out.losses[0]?.message).toMatch(/recursive schema/);
  });

  test("more than 24 optional properties go to tool use", () => {
    const props = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`p${i}`, STR]));
    expect(anthropic(obj(props)).mode).toBe("tool");
    expect(anthropic(obj(props, ["p0"])).mode).toBe("output_format");
  });

  test("a recursive non-object root is wrapped and its self-references move with it", () => {
    const out = anthropic({ type: "array", items: { anyOf: [STR, { $ref: "#" }] } });
    expect(out.mode).toBe("tool");
    expect(out.schema).toEqual({
      type: "object",
      properties: { value: { $ref: "#/$defs/Root" } },
      required: ["value"],
      additionalProperties: false,
      $defs: { Root: { type: "array", items: { anyOf: [STR, { $ref: "#/$defs/Root" }] } } },
    });
  });
});

describe("anthropicPatternProblem", () => {
  const cases: [string, string | undefined][] = [
    ["^[A-Z]{3}-\\d+$", undefined],
    ["^(a|b)?c*$", undefined],
    ["(a)\\1", "uses a backreference"],
    ["^(?!x)", "uses look-around or a named group"],
    ["\\bword\\b", "uses a word boundary"],
    ["\\p{L}+", "uses a Unicode property escape"],
    ["^a{1,1000}$", "uses a large {n,m} repetition"],
  ];
  for (const [pattern, want] of cases) test(pattern, () => expect(anthropicPatternProblem(pattern)).toBe(want));
});
