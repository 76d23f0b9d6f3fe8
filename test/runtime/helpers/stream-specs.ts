/**
 * Hand-written extractor specs for the streaming tests: enum and const positions, a `$ref`, an
 * optional property that OpenAI strict mode makes nullable, and an array root that OpenAI wraps in
 * `{ value }`. The validator is Ajv-compiled from the original schema, as the generated one is.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ExtractorSpec, PrecompiledValidator, WireSchema } from "../../../runtime/spec.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });

export interface Order {
  id: string;
  status: "pending" | "shipped" | "delivered";
  note?: string;
  customer: { name: string; tier: "gold" | "silver" };
  lines: { kind: "line"; sku: string; qty: number }[];
}

const CUSTOMER: WireSchema = {
  type: "object",
  properties: { name: { type: "string" }, tier: { type: "string", enum: ["gold", "silver"] } },
  required: ["name", "tier"],
  additionalProperties: false,
};

const LINE: WireSchema = {
  type: "object",
  properties: { kind: { const: "line" }, sku: { type: "string" }, qty: { type: "integer", minimum: 1 } },
  required: ["kind", "sku", "qty"],
  additionalProperties: false,
};

export const ORDER_SCHEMA: WireSchema = {
  type: "object",
  properties: {
    id: { type: "string", pattern: "^O-" },
    status: { type: "string", enum: ["pending", "shipped", "delivered"] },
    note: { type: "string" },
    customer: { $ref: "#/$defs/Customer" },
    lines: { type: "array", items: LINE },
  },
  required: ["id", "status", "customer", "lines"],
  additionalProperties: false,
  $defs: { Customer: CUSTOMER },
};

const OPENAI_ORDER: WireSchema = {
  ...ORDER_SCHEMA,
  properties: { ...(ORDER_SCHEMA["properties"] as object), id: { type: "string" }, note: { type: ["string", "null"] } },
  required: ["id", "status", "note", "customer", "lines"],
};

/** The Order extractor; OpenAI strict mode gets `note` as required + nullable, restored to absent. */
export function orderSpec(overrides: Partial<ExtractorSpec<Order>> = {}): ExtractorSpec<Order> {
  return {
    name: "Order",
    version: 1,
    instructions: "Extract the order.",
    schema: ORDER_SCHEMA,
    wire: {
      openai: { mode: "strict", name: "Order", schema: OPENAI_ORDER, restore: { root: { kind: "object", props: { note: { nullToAbsent: true } } } } },
      gemini: { mode: "json", field: "responseJsonSchema", schema: ORDER_SCHEMA, restore: { root: { kind: "object", closedKeys: ["id", "status", "note", "customer", "lines"] } } },
      anthropic: { mode: "tool", toolName: "emit_order", schema: ORDER_SCHEMA, restore: {} },
    },
    validate: ajv.compile(ORDER_SCHEMA) as PrecompiledValidator<Order>,
    ...overrides,
  };
}

export type Tags = string[];

const TAGS_SCHEMA: WireSchema = { type: "array", items: { type: "string", minLength: 1 } };

/** An array root: OpenAI gets it wrapped in `{ value: [...] }`, the others as it is. */
export function tagsSpec(): ExtractorSpec<Tags> {
  const wrapped: WireSchema = { type: "object", properties: { value: TAGS_SCHEMA }, required: ["value"], additionalProperties: false };
  return {
    name: "Tags",
    version: 1,
    instructions: "List the tags.",
    schema: TAGS_SCHEMA,
    wire: {
      openai: { mode: "strict", name: "Tags", schema: wrapped, restore: { unwrap: "value" } },
      gemini: { mode: "json", field: "responseJsonSchema", schema: TAGS_SCHEMA, restore: {} },
      anthropic: { mode: "output_format", toolName: "emit_tags", schema: TAGS_SCHEMA, restore: {} },
    },
    validate: ajv.compile(TAGS_SCHEMA) as PrecompiledValidator<Tags>,
  };
}
