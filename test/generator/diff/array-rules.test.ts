import { describe } from "vitest";
import { INT, NUM, type PairCase, STR, obj, testPairs } from "./pair-cases.js";

const arrayOf = (items: unknown, rest: Record<string, unknown> = {}) => ({ type: "array", items, ...rest });

const cases: PairCase[] = [
  ["maxItems goes up", {
    old: arrayOf(STR, { maxItems: 3 }),
    new: arrayOf(STR, { maxItems: 10 }),
    forward: ["breaking # maxItems 3 -> 10"],
    backward: ["compatible # maxItems 10 -> 3"],
  }],
  ["minItems is removed", {
    old: arrayOf(STR, { minItems: 1 }),
    new: arrayOf(STR),
    forward: ["breaking # minItems 1 removed"],
    backward: ["compatible # minItems 1 added"],
  }],
  ["uniqueItems is removed", {
    old: arrayOf(STR, { uniqueItems: true }),
    new: arrayOf(STR),
    forward: ["breaking # uniqueItems removed"],
    backward: ["compatible # uniqueItems added"],
  }],
  ["the item type widens", {
    old: arrayOf(INT),
    new: arrayOf(NUM),
    forward: ["breaking /items type integer -> number"],
    backward: ["compatible /items type number -> integer"],
  }],
  ["items are no longer constrained", {
    old: arrayOf(STR),
    new: { type: "array" },
    forward: ["breaking /items type is no longer restricted (was string)"],
    backward: ["compatible /items type restricted to string"],
  }],
  ["a tuple position changes type", {
    old: { type: "array", prefixItems: [STR, INT], items: false },
    new: { type: "array", prefixItems: [STR, NUM], items: false },
    forward: ["breaking /prefixItems/1 type integer -> number"],
    backward: ["compatible /prefixItems/1 type number -> integer"],
  }],
  ["a closed tuple opens to more items", {
    old: { type: "array", prefixItems: [STR], items: false },
    new: { type: "array", prefixItems: [STR], items: STR },
    forward: ["breaking /items items after position 1 now allowed"],
    backward: ["compatible /items items after position 1 no longer allowed"],
  }],
  ["a list of strings becomes a pair of strings", {
    old: arrayOf(STR),
    new: { type: "array", prefixItems: [STR, STR], items: false },
    forward: ["compatible /items items after position 2 no longer allowed"],
    backward: ["breaking /items items after position 2 now allowed"],
  }],
  ["positions past the new maxItems are not compared", {
    old: { type: "array", prefixItems: [STR, STR], items: false },
    new: { type: "array", prefixItems: [STR], items: INT, maxItems: 1 },
    forward: ["compatible # maxItems 1 added"],
    backward: ["breaking # maxItems 1 removed", "breaking /prefixItems/1 type integer -> string"],
  }],
  ["contains is added", {
    old: arrayOf(STR),
    new: arrayOf(STR, { contains: { const: "x" } }),
    forward: ["compatible /contains contains added"],
    backward: ["breaking # contains removed"],
  }],
  ["minContains goes down", {
    old: arrayOf(STR, { contains: { const: "x" }, minContains: 2 }),
    new: arrayOf(STR, { contains: { const: "x" }, minContains: 1 }),
    forward: ["breaking # minContains 2 -> 1"],
    backward: ["compatible # minContains 1 -> 2"],
  }],
  ["an object inside array items gains a nullable field", {
    old: arrayOf(obj({ sku: STR })),
    new: arrayOf(obj({ sku: { type: ["string", "null"] } })),
    forward: ["breaking /items/properties/sku now allows null"],
    backward: ["compatible /items/properties/sku no longer allows null"],
  }],
];

describe("array keywords", () => testPairs(cases));
