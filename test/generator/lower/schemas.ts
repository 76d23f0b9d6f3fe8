/**
 * Hand-written bundles (already in the load stage's normal form: 2020-12, refs `#` or
 * `#/$defs/<Name>`) covering what lowering and restoring must get right. `wrapped` says whether the
 * root is not a plain object (OpenAI and Anthropic then wrap it).
 */
import type { JsonSchemaObject } from "../../../generator/json-schema.js";

export interface SchemaCase {
  name: string;
  schema: JsonSchemaObject;
  wrapped: boolean;
  /**
   * Some valid values cannot be produced under a lowered schema (an unconstrained value narrowed,
   * keys that are data): the round trip then skips values the wire schema rejects.
   */
  lossy?: true;
}

const str = { type: "string" };
const int = { type: "integer" };

export const SCHEMA_CASES: SchemaCase[] = [
  {
    name: "optional vs nullable",
    wrapped: false,
    schema: {
      type: "object",
      properties: { name: str, nickname: str, middle: { type: ["string", "null"] }, age: { ...int, minimum: 0, maximum: 150 } },
      required: ["name", "middle"],
    },
  },
  {
    name: "nested objects and arrays of objects",
    wrapped: false,
    schema: {
      type: "object",
      properties: {
        customer: { type: "object", properties: { name: str, email: { type: "string", format: "email" } }, required: ["name"] },
        lines: {
          type: "array",
          minItems: 1,
          items: { type: "object", properties: { sku: { ...str, pattern: "^[A-Z]{3}-[0-9]{2}$" }, qty: { ...int, minimum: 1 }, note: str }, required: ["sku", "qty"] },
        },
      },
      required: ["lines"],
    },
  },
  {
    name: "discriminated union through $defs",
    wrapped: false,
    schema: {
      type: "object",
      properties: { pet: { oneOf: [{ $ref: "#/$defs/Cat" }, { $ref: "#/$defs/Dog" }] }, owner: str },
      required: ["pet"],
      $defs: {
        Cat: { type: "object", properties: { kind: { const: "cat" }, lives: { ...int, minimum: 0, maximum: 9 } }, required: ["kind"] },
        Dog: { type: "object", properties: { kind: { const: "dog" }, breed: str, good: { type: "boolean" } }, required: ["kind"] },
      },
    },
  },
  {
    name: "union of overlapping shapes without discriminator",
    wrapped: false,
    schema: {
      type: "object",
      properties: {
        contact: {
          anyOf: [
            { type: "object", properties: { email: { type: "string", format: "email" }, label: str }, required: ["email"] },
            { type: "object", properties: { phone: { ...str, pattern: "^[0-9]{6,10}$" }, label: str }, required: ["phone"] },
            { type: "string", enum: ["none", "unknown"] },
          ],
        },
      },
    },
  },
  {
    name: "recursive tree through a definition",
    wrapped: false,
    schema: {
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" } },
      required: ["root"],
      $defs: {
        Node: {
          type: "object",
          properties: { label: str, weight: { type: "number" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } },
          required: ["label"],
        },
      },
    },
  },
  {
    name: "recursion through the root",
    wrapped: false,
    schema: {
      type: "object",
      properties: { title: str, sub: { type: "array", items: { $ref: "#" } }, parent: { $ref: "#" } },
      required: ["title"],
    },
  },
  {
    name: "tuple with prefixItems",
    wrapped: false,
    schema: {
      type: "object",
      properties: { point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }, str], items: false, minItems: 2 } },
      required: ["point"],
    },
  },
  {
    name: "array root",
    wrapped: true,
    schema: { type: "array", items: { type: "object", properties: { id: int, tag: str }, required: ["id"] } },
  },
  {
    name: "string enum root",
    wrapped: true,
    schema: { type: "string", enum: ["low", "medium", "high"] },
  },
  {
    name: "union root",
    wrapped: true,
    schema: { anyOf: [{ type: "object", properties: { ok: { const: true }, value: int }, required: ["ok"] }, { type: "null" }] },
  },
  {
    name: "allOf with a $ref base",
    wrapped: false,
    schema: {
      allOf: [{ $ref: "#/$defs/Base" }, { type: "object", properties: { extra: { type: "boolean" } } }],
      $defs: { Base: { type: "object", properties: { id: { ...str, format: "uuid" }, created: { type: "string", format: "date-time" } }, required: ["id"] } },
    },
  },
  {
    name: "$ref with sibling description and constraints",
    wrapped: false,
    schema: {
      type: "object",
      properties: {
        home: { $ref: "#/$defs/Address", description: "Where they live" },
        work: { $ref: "#/$defs/Address", required: ["zip"] },
      },
      $defs: { Address: { type: "object", properties: { city: str, zip: { ...str, maxLength: 10 } }, required: ["city"] } },
    },
  },
  {
    name: "root $ref to a definition",
    wrapped: false,
    schema: { $ref: "#/$defs/Invoice", $defs: { Invoice: { type: "object", properties: { total: { type: "number", exclusiveMinimum: 0 }, currency: { enum: ["EUR", "USD"] } }, required: ["total"] } } },
  },
  {
    name: "mixed type arrays, const and numeric enums",
    wrapped: false,
    schema: {
      type: "object",
      properties: { code: { type: ["string", "integer"] }, level: { enum: [1, 2, 3] }, version: { const: 2 }, flag: { enum: [true, null] } },
      required: ["code", "version", "flag"],
    },
  },
  {
    name: "map of objects (keys are data)",
    wrapped: false,
    schema: {
      type: "object",
      properties: { prices: { type: "object", additionalProperties: { type: "object", properties: { amount: { type: "number" }, note: str }, required: ["amount"] } } },
      required: ["prices"],
    },
  },
  {
    name: "maps by key pattern",
    wrapped: false,
    schema: {
      type: "object",
      properties: {
        labels: { type: "object", patternProperties: { "^[a-z]+$": { type: "string" }, "^x-[a-z]+$": { type: "object", properties: { n: { type: "integer" }, note: { type: "string" } }, required: ["n"] } } },
        counts: { type: ["object", "null"], additionalProperties: { type: "integer", minimum: 0 }, propertyNames: { maxLength: 12 } },
      },
      required: ["counts"],
    },
  },
  {
    name: "untyped values",
    wrapped: false,
    lossy: true,
    schema: { type: "object", properties: { anything: {}, list: { type: "array" } }, required: ["anything"] },
  },
];
