import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { lower } from "../../../generator/lower/index.js";
import { strictRuleViolations } from "../../helpers/openai-strict-rules.js";
import { type Case, lossKeys, obj, strictObj } from "./helpers.js";

const STR = { type: "string" };
const STR_OR_NULL = { type: ["string", "null"] };
const openai = (schema: JsonSchemaObject, name = "Test") => lower({ schema, name }, "openai");

const schemas: Case<JsonSchemaObject, JsonSchemaObject>[] = [
  ["optional string becomes required and nullable", { given: obj({ a: STR, b: STR }, ["a"]), want: strictObj({ a: STR, b: STR_OR_NULL }) }],
  ["an optional property that allows null stays as it is", { given: obj({ b: STR_OR_NULL }), want: strictObj({ b: STR_OR_NULL }) }],
  ["optional enum gets null in its values", { given: obj({ e: { enum: ["x", "y"] } }), want: strictObj({ e: { type: ["string", "null"], enum: ["x", "y", null] } }) }],
  ["const becomes a one-value enum", { given: obj({ k: { const: "cat" } }, ["k"]), want: strictObj({ k: { type: "string", enum: ["cat"] } }) }],
  ["properties without a type are an object", { given: { properties: { a: STR }, required: ["a"] }, want: strictObj({ a: STR }) }],
  [
    "oneOf becomes anyOf, optional refs become anyOf with null",
    {
      given: { ...obj({ pet: { oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }] } }), $defs: { A: obj({ a: STR }, ["a"]), B: obj({ b: STR }, ["b"]) } },
      want: {
        ...strictObj({ pet: { anyOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }, { type: "null" }] } }),
        $defs: { A: strictObj({ a: STR }), B: strictObj({ b: STR }) },
      },
    },
  ],
  [
    "allOf parts are merged into one object",
    { given: { allOf: [obj({ a: STR }, ["a"]), obj({ b: { type: "integer", minimum: 1 } }, ["b"])] }, want: strictObj({ a: STR, b: { type: "integer", minimum: 1 } }) },
  ],
  [
    "a $ref with a description becomes a one-branch anyOf (OpenAI takes no $ref siblings)",
    {
      given: { ...obj({ home: { $ref: "#/$defs/Addr", description: "where" } }, ["home"]), $defs: { Addr: obj({ city: STR }, ["city"]) } },
      want: { ...strictObj({ home: { description: "where", anyOf: [{ $ref: "#/$defs/Addr" }] } }), $defs: { Addr: strictObj({ city: STR }) } },
    },
  ],
  [
    "a $ref with constraints is merged with its target",
    { given: { ...obj({ w: { $ref: "#/$defs/Addr", required: ["zip"] } }, ["w"]), $defs: { Addr: obj({ city: STR, zip: STR }, ["city"]) } }, want: strictObj({ w: strictObj({ city: STR, zip: STR }) }) },
  ],
  [
    "unsupported keywords leave, phrased into the description",
    { given: obj({ s: { type: "string", maxLength: 5, format: "uri" } }, ["s"]), want: strictObj({ s: { type: "string", description: "Constraints: format: uri; at most 5 characters." } }) },
  ],
  [
    "supported constraints stay",
    {
      given: obj({ n: { type: "number", minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 }, d: { type: "string", format: "date", pattern: "^2" }, l: { type: "array", items: STR, minItems: 1, maxItems: 3 } }, ["n", "d", "l"]),
      want: strictObj({ n: { type: "number", minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 }, d: { type: "string", format: "date", pattern: "^2" }, l: { type: "array", items: STR, minItems: 1, maxItems: 3 } }),
    },
  ],
  ["a type list becomes anyOf", { given: obj({ c: { type: ["string", "integer"] } }, ["c"]), want: strictObj({ c: { anyOf: [STR, { type: "integer" }] } }) }],
  [
    "a map (keys are data) becomes a list of {key, value} entries",
    {
      given: obj({ m: { type: "object", additionalProperties: { type: "integer" } } }, ["m"]),
      want: strictObj({ m: { type: "array", items: strictObj({ key: STR, value: { type: "integer" } }) } }),
    },
  ],
  [
    "an open object with declared properties is closed",
    { given: obj({ o: obj({ a: STR }, ["a"], { additionalProperties: true }) }, ["o"]), want: strictObj({ o: strictObj({ a: STR }) }) },
  ],
  [
    "a tuple becomes an array of the union of its positions",
    { given: obj({ t: { type: "array", prefixItems: [STR, { type: "integer" }], items: false } }, ["t"]), want: strictObj({ t: { type: "array", items: { anyOf: [STR, { type: "integer" }] }, maxItems: 2 } }) },
  ],
];

describe("lowerOpenAI: strict schemas", () => {
  for (const [name, { given, want }] of schemas) {
    test(name, () => {
      const out = openai(given);
      expect(out.mode).toBe("strict");
      expect(out.schema).toEqual(want);
      expect(strictRuleViolations(out.schema)).toEqual([]);
    });
  }

  test("a non-object root is wrapped in value and `#` points at the moved root", () => {
    const out = openai({ type: "array", items: { anyOf: [STR, { $ref: "#" }] } });
    expect(out.restore.unwrap).toBe("value");
    expect(out.schema).toEqual({
      ...strictObj({ value: { $ref: "#/$defs/Root" } }),
      $defs: { Root: { type: "array", items: { anyOf: [STR, { $ref: "#/$defs/Root" }] } } },
    });
    expect(strictRuleViolations(out.schema)).toEqual([]);
  });

  test("losses name the keyword in the original bundle", () => {
    const out = openai({ ...obj({ s: { type: "string", maxLength: 5 }, u: { oneOf: [STR, { type: "integer" }] } }), $defs: {} });
    expect(lossKeys(out.losses)).toEqual(["EG_LOWER_KEYWORD_DROPPED /properties/s/maxLength", "EG_LOWER_ONEOF_AS_ANYOF /properties/u"]);
  });

  test("an unconstrained value is narrowed through a recursive AnyValue definition", () => {
    const out = openai(obj({ x: {} }, ["x"]));
    expect(out.schema["$defs"]).toEqual({ AnyValue: { anyOf: [{ type: ["string", "number", "boolean", "null"] }, { type: "array", items: { $ref: "#/$defs/AnyValue" } }] } });
    expect(lossKeys(out.losses)).toEqual(["EG_LOWER_ANY_NARROWED /properties/x"]);
  });

  test("the format name is sanitised to [a-zA-Z0-9_-]{1,64}", () => {
    expect(openai(obj({}), "Ünïcode name!").name).toBe("_n_code_name_");
    expect(openai(obj({}), "x".repeat(80)).name).toHaveLength(64);
  });
});

describe("lowerOpenAI: the capability ladder", () => {
  test("a map where arrays are also allowed cannot be strict: non-strict with the original schema", () => {
    const given = obj({ m: { type: ["object", "array"], additionalProperties: STR } });
    const out = openai(given);
    expect(out.mode).toBe("non-strict");
    expect(out.schema).toEqual(given);
    expect(lossKeys(out.losses)).toEqual(["EG_LOWER_MODE_FALLBACK ", "EG_LOWER_NOT_ENFORCED "]);
  });

  test("beyond the size limits: json_object, the reason in the losses", () => {
    const values = Array.from({ length: 1001 }, (_, i) => `v${i}`);
    const out = openai(obj({ e: { enum: values } }, ["e"]));
    expect(out.mode).toBe("json_object");
    expect(out.losses[0]?.message).toMatch(/1001 enum values exceed 1000/);
  });

  test("eleven nested objects exceed the ten levels", () => {
    let schema: JsonSchemaObject = obj({ leaf: STR }, ["leaf"]);
    for (let i = 0; i < 10; i++) schema = obj({ n: schema }, ["n"]);
    const out = openai(schema);
    expect(out.mode).not.toBe("strict");
    expect(out.losses[0]?.message).toMatch(/nesting depth 11 exceeds 10 levels/);
  });
});
