import { describe, expect, test } from "vitest";
import { diffSchemas } from "../../../generator/diff/index.js";
import { INT, NUM, type PairCase, STR, line, obj, testPairs } from "./pair-cases.js";

const typeCases: PairCase[] = [
  ["a type is added to a type array", {
    old: { type: ["string", "integer"] },
    new: { type: ["string", "integer", "boolean"] },
    forward: ["breaking # type adds boolean"],
    backward: ["compatible # type removes boolean"],
  }],
  ["one type replaces another: breaking both ways", {
    old: STR,
    new: INT,
    forward: ["breaking # type string -> integer"],
    backward: ["breaking # type integer -> string"],
  }],
  ["null is allowed through a type array", {
    old: obj({ note: STR }),
    new: obj({ note: { type: ["string", "null"] } }),
    forward: ["breaking /properties/note now allows null"],
    backward: ["compatible /properties/note no longer allows null"],
  }],
  ["null is allowed through anyOf", {
    old: obj({ note: STR }),
    new: obj({ note: { anyOf: [STR, { type: "null" }] } }),
    forward: ["breaking /properties/note now allows null"],
    backward: ["compatible /properties/note no longer allows null"],
  }],
  ["a type array and an anyOf of the same types are equal", {
    old: { type: ["string", "null"], maxLength: 5 },
    new: { anyOf: [{ type: "string", maxLength: 5 }, { type: "null" }] },
    forward: [],
    backward: [],
  }],
  ["an untyped schema is restricted to a type", {
    old: { properties: { a: STR } },
    new: { type: "object", properties: { a: STR } },
    forward: ["compatible # type restricted to object"],
    backward: ["breaking # type is no longer restricted (was object)"],
  }],
  ["annotations change nothing", {
    old: { type: "string", title: "A", description: "x", examples: ["a"], default: "a" },
    new: { type: "string", title: "B", description: "y", deprecated: true },
    forward: [],
    backward: [],
  }],
  ["false allows nothing", {
    old: obj({ a: false }),
    new: obj({ a: STR }),
    forward: ["breaking /properties/a values are allowed where none were"],
    backward: ["compatible /properties/a no value is allowed any more"],
  }],
];

const PARTY = obj({ name: { type: "string", maxLength: 40 } }, { required: ["name"] });

const refCases: PairCase[] = [
  ["a definition is renamed without changing its structure", {
    old: { ...obj({ buyer: { $ref: "#/$defs/Party" } }), $defs: { Party: PARTY } },
    new: { ...obj({ buyer: { $ref: "#/$defs/Counterparty" } }), $defs: { Counterparty: PARTY } },
    forward: [],
    backward: [],
  }],
  ["an inline object moves into a definition", {
    old: obj({ buyer: PARTY, seller: PARTY }),
    new: { ...obj({ buyer: { $ref: "#/$defs/Party" }, seller: { $ref: "#/$defs/Party" } }), $defs: { Party: PARTY } },
    forward: [],
    backward: [],
  }],
  ["a change inside a shared definition is reported once, where it is written", {
    old: { ...obj({ buyer: { $ref: "#/$defs/Party" }, seller: { $ref: "#/$defs/Party" } }), $defs: { Party: PARTY } },
    new: {
      ...obj({ buyer: { $ref: "#/$defs/Party" }, seller: { $ref: "#/$defs/Party" } }),
      $defs: { Party: obj({ name: { type: "string", maxLength: 80 } }, { required: ["name"] }) },
    },
    forward: ["breaking /$defs/Party/properties/name maxLength 40 -> 80"],
    backward: ["compatible /$defs/Party/properties/name maxLength 80 -> 40"],
  }],
  ["a recursive list compares structurally and ends", {
    old: { $ref: "#/$defs/Node", $defs: { Node: obj({ value: INT, next: { $ref: "#/$defs/Node" } }) } },
    new: obj({ value: NUM, next: { $ref: "#" } }),
    forward: ["breaking /properties/value type integer -> number"],
    backward: ["compatible /$defs/Node/properties/value type number -> integer"],
  }],
  ["mutually recursive definitions under new names", {
    old: {
      $ref: "#/$defs/A",
      $defs: { A: obj({ b: { $ref: "#/$defs/B" } }), B: obj({ a: { $ref: "#/$defs/A" }, n: STR }) },
    },
    new: {
      $ref: "#/$defs/X",
      $defs: { X: obj({ b: { $ref: "#/$defs/Y" } }), Y: obj({ a: { $ref: "#/$defs/X" }, n: { type: "string", minLength: 1 } }) },
    },
    forward: ["compatible /$defs/Y/properties/n minLength 1 added"],
    backward: ["breaking /$defs/B/properties/n minLength 1 removed"],
  }],
  ["a tree whose recursion goes through arrays", {
    old: { $defs: { T: obj({ kids: { type: "array", items: { $ref: "#/$defs/T" } }, id: STR }, { required: ["id"] }) }, $ref: "#/$defs/T" },
    new: { $defs: { T: obj({ kids: { type: "array", items: { $ref: "#/$defs/T" } }, id: STR }) }, $ref: "#/$defs/T" },
    forward: ['breaking /$defs/T/properties/id property "id" is no longer required'],
    backward: ['compatible /$defs/T/properties/id property "id" is now required'],
  }],
  ["allOf of a base and an extension equals the flat object", {
    old: obj({ id: STR, total: NUM }, { required: ["id", "total"] }),
    new: { $defs: { Base: obj({ id: STR }, { required: ["id"] }) }, allOf: [{ $ref: "#/$defs/Base" }, obj({ total: NUM }, { required: ["total"] })] },
    forward: [],
    backward: [],
  }],
  ["a $ref to another document is compared by its text", {
    old: obj({ a: { $ref: "https://example.com/a.json" } }),
    new: obj({ a: { $ref: "https://example.com/b.json" } }),
    forward: ['breaking /properties/a $ref "https://example.com/a.json" no longer applies', 'compatible /properties/a $ref "https://example.com/b.json" added'],
    backward: ['breaking /properties/a $ref "https://example.com/b.json" no longer applies', 'compatible /properties/a $ref "https://example.com/a.json" added'],
  }],
];

const kind = (k: string, extra: Record<string, unknown> = {}) => obj({ kind: { const: k }, ...extra }, { required: ["kind"] });

const unionCases: PairCase[] = [
  ["a variant is added to a tagged union", {
    old: { oneOf: [kind("card"), kind("cash")] },
    new: { oneOf: [kind("card"), kind("cash"), kind("voucher")] },
    forward: ['breaking /oneOf/2 oneOf adds a variant (object, kind "voucher")'],
    backward: ['compatible /oneOf/2 oneOf removes a variant (object, kind "voucher")'],
  }],
  ["variants are matched by structure, not position", {
    old: { anyOf: [kind("card", { last4: { type: "string", maxLength: 4 } }), kind("cash")] },
    new: { anyOf: [kind("cash"), kind("card", { last4: { type: "string", maxLength: 6 } })] },
    forward: ["breaking /anyOf/1/properties/last4 maxLength 4 -> 6"],
    backward: ["compatible /anyOf/0/properties/last4 maxLength 6 -> 4"],
  }],
  ["a variant of another type is added", {
    old: { anyOf: [obj({ a: STR })] },
    new: { anyOf: [obj({ a: STR }), STR] },
    forward: ["breaking /anyOf/1 anyOf adds a variant (string)"],
    backward: ["compatible /anyOf/1 anyOf removes a variant (string)"],
  }],
  ["a union collapses to one of its variants", {
    old: { anyOf: [STR, INT] },
    new: STR,
    forward: ["compatible /anyOf/1 anyOf removes a variant (integer)"],
    backward: ["breaking /anyOf/1 anyOf adds a variant (integer)"],
  }],
  ["a union of two types equals the type array", {
    old: { type: ["string", "integer"] },
    new: { oneOf: [STR, INT] },
    forward: [],
    backward: [],
  }],
  ["siblings of a union apply to every variant", {
    old: { type: "object", properties: { id: STR }, required: ["id"], oneOf: [kind("a"), kind("b")] },
    new: { oneOf: [kind("a", { id: STR }), kind("b", { id: STR })], required: ["id"] },
    forward: [],
    backward: [],
  }],
  ["a union inside a definition reached twice", {
    old: { ...obj({ x: { $ref: "#/$defs/U" }, y: { $ref: "#/$defs/U" } }), $defs: { U: { anyOf: [STR, INT] } } },
    new: { ...obj({ x: { $ref: "#/$defs/U" }, y: { $ref: "#/$defs/U" } }), $defs: { U: { anyOf: [STR, INT, { type: "boolean" }] } } },
    forward: ["breaking /$defs/U/anyOf/2 anyOf adds a variant (boolean)"],
    backward: ["compatible /$defs/U/anyOf/2 anyOf removes a variant (boolean)"],
  }],
];

const emptyCases: PairCase[] = [
  ["a variant whose listed value fails its own pattern allows nothing", {
    old: { anyOf: [{ type: "string", const: "a", pattern: "^b" }, { const: "c" }] },
    new: { const: "c" },
    forward: [],
    backward: [],
  }],
  ["a variant whose required item allows nothing is no variant", {
    old: { anyOf: [{ type: "array", minItems: 1, items: { allOf: [{ const: "a" }, { const: "b" }] } }, STR] },
    new: STR,
    forward: [],
    backward: [],
  }],
  ["an object variant whose required property allows nothing is no variant", {
    old: { anyOf: [obj({ k: { type: "string", maxLength: 1, minLength: 2, enum: ["ab"] } }, { required: ["k"] }), INT] },
    new: INT,
    forward: [],
    backward: [],
  }],
];

describe("types", () => testPairs(typeCases));
describe("branches that allow nothing", () => testPairs(emptyCases));
describe("$ref and recursion", () => testPairs(refCases));
describe("anyOf / oneOf", () => testPairs(unionCases));

describe("large unions", () => {
  // Three 5-way unions over different properties: 125 alternatives, past the cap, so the last
  // union stays whole and is compared as a subschema of its own.
  const union = (property: string, n: number) => ({
    anyOf: Array.from({ length: n }, (_, k) => ({ type: "object", properties: { [property]: { const: k } }, required: [property] })),
  });
  const schema = (last: number) => ({ allOf: [union("a", 5), union("b", 5), union("c", last)] });

  test("an unchanged schema past the alternatives cap has no changes", () => {
    expect(diffSchemas(schema(5), schema(5))).toEqual([]);
  });
  test("a variant added to a union kept whole is breaking", () => {
    expect(diffSchemas(schema(5), schema(6)).map(line)).toEqual(["breaking /allOf/2/anyOf/5 anyOf adds a variant (object, c 5)"]);
  });
  test("a variant removed from a union kept whole is compatible", () => {
    expect(diffSchemas(schema(5), schema(4)).map(line)).toEqual(["compatible /allOf/2/anyOf/4 anyOf removes a variant (object, c 4)"]);
  });
});

describe("deep schemas", () => {
  const nested = (depth: number, leaf: Record<string, unknown>): Record<string, unknown> =>
    depth === 0 ? leaf : { type: "object", properties: { child: nested(depth - 1, leaf) } };

  test("a change 150 levels down is found", () => {
    const changes = diffSchemas(nested(150, { type: "string", maxLength: 1 }), nested(150, { type: "string", maxLength: 2 }));
    expect(changes.map((c) => c.what)).toEqual(["maxLength 1 -> 2"]);
  });
  test("identical subtrees without $ref are not walked, however deep", () => {
    expect(diffSchemas(nested(400, { type: "string" }), nested(400, { type: "string" }))).toEqual([]);
  });
  test("past 200 levels the comparison stops with a breaking change instead of overflowing", () => {
    const changes = diffSchemas(nested(400, { type: "string" }), nested(400, { type: "integer" }));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.kind).toBe("breaking");
    expect(changes[0]!.what).toBe("nested more than 200 levels deep: not compared");
  });
});
