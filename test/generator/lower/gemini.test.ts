import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { lower } from "../../../generator/lower/index.js";
import { forbiddenGeminiKeys } from "./gemini-forbidden.js";
import { lossKeys, obj } from "./helpers.js";

const STR = { type: "string" };
const gemini = (schema: JsonSchemaObject) => lower({ schema, name: "Test" }, "gemini");

/** A tree whose children are required: recursion only through required properties. */
const REQUIRED_RECURSION: JsonSchemaObject = {
  ...obj({ root: { $ref: "#/$defs/Node" } }, ["root"]),
  $defs: { Node: obj({ label: STR, kind: { const: "node" }, next: { $ref: "#/$defs/Node" } }, ["label", "next"]) },
};

describe("lowerGemini: responseJsonSchema", () => {
  test("optional stays optional; unsupported keywords leave with losses; ordering is explicit", () => {
    const out = gemini(obj({ name: { type: "string", pattern: "^[A-Z]", minLength: 2 }, age: { type: "integer", exclusiveMinimum: 0 } }, ["name"]));
    expect(out.field).toBe("responseJsonSchema");
    expect(out.schema).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "Constraints: matches the regular expression ^[A-Z]; at least 2 characters." },
        age: { type: "integer", minimum: 0, description: "Constraints: > 0." },
      },
      required: ["name"],
      propertyOrdering: ["name", "age"],
      additionalProperties: false,
    });
    expect(lossKeys(out.losses)).toEqual([
      "EG_LOWER_KEYWORD_DROPPED /properties/name/pattern",
      "EG_LOWER_KEYWORD_DROPPED /properties/name/minLength",
      "EG_LOWER_KEYWORD_DROPPED /properties/age/exclusiveMinimum",
    ]);
  });

  test("a non-object root is sent as is (no wrapping)", () => {
    const out = gemini({ type: "array", items: STR });
    expect(out.schema).toEqual({ type: "array", items: STR });
    expect(out.restore.unwrap).toBeUndefined();
  });

  test("recursion through an optional property keeps $ref", () => {
    const out = gemini({ ...obj({ label: STR, parent: { $ref: "#" } }, ["label"]) });
    expect(out.field).toBe("responseJsonSchema");
    expect((out.schema["properties"] as JsonSchemaObject)["parent"]).toEqual({ $ref: "#" });
  });

  test("maps keep additionalProperties", () => {
    const out = gemini(obj({ m: { type: "object", additionalProperties: { type: "integer" } } }, ["m"]));
    expect((out.schema["properties"] as JsonSchemaObject)["m"]).toEqual({ type: "object", additionalProperties: { type: "integer" } });
  });
});

describe("lowerGemini: responseSchema", () => {
  test("recursion through required properties falls back to responseSchema", () => {
    const out = gemini(REQUIRED_RECURSION);
    expect(out.field).toBe("responseSchema");
    expect(lossKeys(out.losses)).toContain("EG_LOWER_MODE_FALLBACK ");
    expect(lossKeys(out.losses)).toContain("EG_LOWER_RECURSION_CUT /$defs/Node/properties/next");
  });

  test("upper-case types, nullable, string enums, property ordering, refs inlined", () => {
    const out = gemini({
      ...REQUIRED_RECURSION,
      properties: { root: { $ref: "#/$defs/Node" }, note: { type: ["string", "null"] }, level: { enum: [1, 2] } },
    });
    const props = out.schema["properties"] as Record<string, JsonSchemaObject>;
    expect(out.schema["type"]).toBe("OBJECT");
    expect(out.schema["propertyOrdering"]).toEqual(["root", "note", "level"]);
    expect(props["note"]).toEqual({ type: "STRING", nullable: true });
    expect(props["level"]).toEqual({ type: "INTEGER", description: "Constraints: one of 1, 2." });
    expect((props["root"]!["properties"] as Record<string, JsonSchemaObject>)["kind"]).toEqual({ type: "STRING", enum: ["node"] });
  });

  test("no key Gemini rejects anywhere in the tree", () => {
    const out = gemini({
      ...REQUIRED_RECURSION,
      properties: {
        root: { $ref: "#/$defs/Node" },
        u: { oneOf: [{ allOf: [obj({ a: STR })] }, { const: "x" }] },
        open: { type: "object", additionalProperties: true, properties: { a: STR }, default: {} },
      },
      $schema: "https://json-schema.org/draft/2020-12/schema",
    });
    expect(out.field).toBe("responseSchema");
    expect(forbiddenGeminiKeys(out.schema)).toEqual([]);
  });
});
