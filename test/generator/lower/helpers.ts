/** Builders for lowering test tables. */
import type { JsonSchemaObject } from "../../../generator/json-schema.js";

export type Case<Given, Want> = [name: string, { given: Given; want: Want }];

/** An object schema with these properties; `required` lists the required ones. */
export function obj(properties: Record<string, unknown>, required: string[] = [], extra: JsonSchemaObject = {}): JsonSchemaObject {
  return { type: "object", properties, required, ...extra };
}

/** The strict (closed, all-required) form of an object with these (already lowered) properties. */
export function strictObj(properties: Record<string, unknown>): JsonSchemaObject {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

/** Loss codes with their pointers, for compact assertions. */
export function lossKeys(losses: readonly { code: string; pointer: string }[]): string[] {
  return losses.map((l) => `${l.code} ${l.pointer}`);
}
