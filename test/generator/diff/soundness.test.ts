import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { countBreaking, diffSchemas } from "../../../generator/diff/index.js";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";

/**
 * The rule itself, checked on random schema pairs: when the diff finds no breaking change, every
 * value the new schema accepts is accepted by the old one (extra object properties aside). Ajv is
 * the judge. The schemas come from a small space so that pairs are often close or equal.
 */

const KEYS = ["a", "b"] as const;
const STRINGS = ["", "a", "ab", "abcd", "b", "c", "x1"];

const stringSchema = fc.record(
  { type: fc.constant("string"), minLength: fc.constantFrom(1, 2), maxLength: fc.constantFrom(2, 4), pattern: fc.constantFrom("^a", "^[a-c]*$"), enum: fc.subarray(["a", "ab", "b", "c"], { minLength: 1 }) },
  { requiredKeys: ["type"] },
);
const numberSchema = fc.record(
  { type: fc.constantFrom("integer", "number"), minimum: fc.constantFrom(0, 1), exclusiveMaximum: fc.constantFrom(3, 10), multipleOf: fc.constantFrom(0.5, 1, 2), enum: fc.subarray([0, 1, 1.5, 2, 3], { minLength: 1 }) },
  { requiredKeys: ["type"] },
);
const scalarSchema: fc.Arbitrary<JsonSchemaObject> = fc.oneof(
  stringSchema,
  numberSchema,
  fc.constantFrom<JsonSchemaObject>({ type: "boolean" }, { type: "null" }, { const: "a" }, { enum: ["a", null] }, { type: ["string", "null"] }, {}),
);

const { schema } = fc.letrec<{ schema: JsonSchemaObject; object: JsonSchemaObject; array: JsonSchemaObject; union: JsonSchemaObject }>((tie) => ({
  schema: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalarSchema, tie("object"), tie("array"), tie("union")),
  object: fc.record(
    {
      type: fc.constant("object"),
      properties: fc.dictionary(fc.constantFrom(...KEYS), tie("schema"), { maxKeys: 2 }),
      required: fc.subarray([...KEYS]),
      additionalProperties: fc.constantFrom(true, false),
    },
    { requiredKeys: ["type", "properties"] },
  ),
  array: fc.record(
    { type: fc.constant("array"), items: tie("schema"), maxItems: fc.constantFrom(1, 2), minItems: fc.constant(1), uniqueItems: fc.constant(true) },
    { requiredKeys: ["type"] },
  ),
  union: fc.record({ anyOf: fc.array(tie("schema"), { minLength: 1, maxLength: 3 }) }),
}));

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom(...STRINGS),
    fc.constantFrom(0, 1, 1.5, 2, 3, -1, 10),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "x"), tie("value"), { maxKeys: 3 }),
  ),
}));

/**
 * The schema as extractgen reads it (design.md §3): an object without additionalProperties is
 * closed. For the old side, extra properties are set aside: closed objects are opened. Every node
 * counts, typed or not, since an untyped schema accepts objects too.
 */
function asValidated(schemaNode: JsonSchemaObject, side: "old" | "new"): JsonSchemaObject {
  const copy = structuredClone(schemaNode);
  for (const node of nodes(copy)) {
    const extra = node.additionalProperties;
    if (side === "new" && extra === undefined) node.additionalProperties = false;
    if (side === "old" && (extra === undefined || extra === false)) delete node.additionalProperties;
  }
  return copy;
}

/** Every schema node of a generated schema, to edit one of them. */
function nodes(node: JsonSchemaObject, out: JsonSchemaObject[] = []): JsonSchemaObject[] {
  out.push(node);
  const children = [
    ...Object.values((node.properties ?? {}) as Record<string, unknown>),
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    ...(node.items !== undefined ? [node.items] : []),
  ];
  for (const child of children) if (typeof child === "object" && child !== null) nodes(child as JsonSchemaObject, out);
  return out;
}

/** Small edits of the kind people make: one keyword set, changed or dropped somewhere. */
const EDITS: readonly [string, unknown][] = [
  ["maxLength", 2], ["maxLength", 4], ["minLength", 1], ["minimum", 0], ["minimum", 1], ["exclusiveMaximum", 3],
  ["multipleOf", 1], ["required", ["a"]], ["required", []], ["additionalProperties", true], ["additionalProperties", false],
  ["enum", ["a", "b"]], ["enum", ["a", null]], ["type", "integer"], ["type", "number"], ["type", ["string", "null"]],
  ["pattern", "^a"], ["maxItems", 2], ["uniqueItems", true],
];

/** A pair: a random schema and an edited copy (often compatible one way or the other). */
const editedPair = schema.chain((old) =>
  fc.tuple(fc.nat(), fc.nat({ max: EDITS.length }), fc.boolean()).map(([at, edit, swap]) => {
    const next = structuredClone(old);
    const all = nodes(next);
    const target = all[at % all.length]!;
    const keys = Object.keys(target);
    if (edit === EDITS.length) delete target[keys[at % Math.max(1, keys.length)] ?? ""];
    else target[EDITS[edit]![0]] = structuredClone(EDITS[edit]![1]);
    return swap ? ([next, old] as const) : ([old, next] as const);
  }),
);

describe("soundness", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: false });

  test("no breaking change means every new value is an old value", () => {
    let compatiblePairs = 0;
    fc.assert(
      fc.property(fc.oneof(editedPair, fc.tuple(schema, schema)), fc.array(value, { minLength: 12, maxLength: 12 }), ([old, next], values) => {
        const changes = diffSchemas(old, next);
        if (countBreaking(changes) > 0) return;
        compatiblePairs++;
        const acceptsNew = ajv.compile(asValidated(next, "new"));
        const acceptsOld = ajv.compile(asValidated(old, "old"));
        for (const v of [...values, ...witnesses(next)]) {
          if (acceptsNew(v)) expect({ old, next, v, oldAccepts: acceptsOld(v) }).toMatchObject({ oldAccepts: true });
        }
      }),
      { numRuns: 300, seed: 6 },
    );
    // A good share of the pairs is compatible, so the property is exercised.
    expect(compatiblePairs).toBeGreaterThan(100);
  });
});

/** Values the new schema lists itself: enum and const members, which random values rarely hit. */
function witnesses(node: unknown): unknown[] {
  if (typeof node !== "object" || node === null) return [];
  const out: unknown[] = [];
  const record = node as Record<string, unknown>;
  if (Array.isArray(record.enum)) out.push(...record.enum);
  if ("const" in record) out.push(record.const);
  for (const [k, v] of Object.entries(record)) if (k !== "enum" && k !== "const") out.push(...(Array.isArray(v) ? v.flatMap(witnesses) : witnesses(v)));
  return out;
}

/**
 * Rewrites that keep the values a schema allows: move a node into `$defs` behind a `$ref`, wrap it
 * in `allOf`, reorder `anyOf` or `enum`, write a `const` as a one-value `enum`.
 */
function rewrite(original: JsonSchemaObject, picks: readonly [number, number][]): JsonSchemaObject {
  const root = structuredClone(original);
  const defs: Record<string, unknown> = {};
  picks.forEach(([at, op], i) => {
    const all = nodes(root);
    const node = all[at % all.length]!;
    const content: JsonSchemaObject = { ...node };
    if (op === 0 && node !== root) {
      for (const k of Object.keys(node)) delete node[k];
      defs[`D${i}`] = content;
      node.$ref = `#/$defs/D${i}`;
    } else if (op === 1) {
      for (const k of Object.keys(node)) delete node[k];
      node.allOf = [content];
    } else if (op === 2) {
      if (Array.isArray(node.anyOf)) node.anyOf = [...node.anyOf].reverse();
      if (Array.isArray(node.enum)) node.enum = [...node.enum].reverse();
    } else if (op === 3 && "const" in node) {
      node.enum = [node.const];
      delete node.const;
    }
  });
  return Object.keys(defs).length > 0 ? { ...root, $defs: defs } : root;
}

describe("precision", () => {
  // Redundant union variants can still show up as compatible lines; never as breaking ones.
  test("rewrites that keep the allowed values report no breaking change either way", () => {
    fc.assert(
      fc.property(schema, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 })), { minLength: 1, maxLength: 4 }), (original, picks) => {
        const rewritten = rewrite(original, picks);
        expect(diffSchemas(original, rewritten).filter((c) => c.kind === "breaking")).toEqual([]);
        expect(diffSchemas(rewritten, original).filter((c) => c.kind === "breaking")).toEqual([]);
      }),
      { numRuns: 300, seed: 6 },
    );
  });
});
