import { expect, test } from "vitest";
import { type Change, diffSchemas } from "../../../generator/diff/index.js";
import type { JsonSchema, JsonSchemaObject } from "../../../generator/json-schema.js";

/**
 * A pair of schemas and the changes expected both ways: `forward` from `old` to `new`, `backward`
 * from `new` to `old`. Changes are written as the CLI prints them: `breaking /pointer what`.
 */
export type PairCase = [
  name: string,
  pair: { old: JsonSchema; new: JsonSchema; forward: string[]; backward: string[] },
];

/** A change as one line: `kind pointer what` (the root pointer shown as `#`). */
export function line(c: Change): string {
  return `${c.kind} ${c.pointer || "#"} ${c.what}`;
}

/** One test per direction of every case. */
export function testPairs(cases: readonly PairCase[]): void {
  for (const [name, pair] of cases) {
    test(`${name} (old -> new)`, () => expect(diffSchemas(pair.old, pair.new).map(line)).toEqual(pair.forward));
    test(`${name} (new -> old)`, () => expect(diffSchemas(pair.new, pair.old).map(line)).toEqual(pair.backward));
  }
}

/** `{ type: "object", properties, ...rest }`. */
export function obj(properties: Record<string, JsonSchema>, rest: Record<string, unknown> = {}): JsonSchemaObject {
  return { type: "object", properties, ...rest };
}

export const STR: JsonSchema = { type: "string" };
export const INT: JsonSchema = { type: "integer" };
export const NUM: JsonSchema = { type: "number" };
