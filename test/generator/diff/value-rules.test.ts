import { describe } from "vitest";
import { type PairCase, obj, testPairs } from "./pair-cases.js";

const cases: PairCase[] = [
  ["an enum value is added", {
    old: obj({ status: { enum: ["paid", "open"] } }),
    new: obj({ status: { enum: ["paid", "open", "refunded"] } }),
    forward: ['breaking /properties/status enum adds "refunded"'],
    backward: ['compatible /properties/status enum removes "refunded"'],
  }],
  ["a const changes", {
    old: { const: "v1" },
    new: { const: "v2" },
    forward: ['breaking # const "v1" -> "v2"'],
    backward: ['breaking # const "v2" -> "v1"'],
  }],
  ["a const becomes an enum around it", {
    old: { type: "string", const: "a" },
    new: { type: "string", enum: ["a", "b"] },
    forward: ['breaking # enum adds "b"'],
    backward: ['compatible # enum removes "b"'],
  }],
  ["an enum is removed", {
    old: { type: "string", enum: ["a", "b"] },
    new: { type: "string" },
    forward: ['breaking # enum removed (was "a", "b")'],
    backward: ['compatible # values restricted to "a", "b"'],
  }],
  ["a const is removed", {
    old: { type: "string", const: "a" },
    new: { type: "string" },
    forward: ['breaking # const "a" removed'],
    backward: ['compatible # values restricted to "a"'],
  }],
  ["enum values are checked against the old keywords exactly", {
    old: { type: "string", maxLength: 3 },
    new: { type: "string", enum: ["ab", "abcd"] },
    forward: ['breaking # value "abcd" is not allowed by the old schema (maxLength 3)'],
    backward: ['breaking # enum removed (was "ab", "abcd")'],
  }],
  ["an enum that fits the old pattern is a restriction", {
    old: { type: "string", pattern: "^[A-Z]{3}$" },
    new: { type: "string", enum: ["EUR", "USD"] },
    forward: ['compatible # values restricted to "EUR", "USD"'],
    backward: ['breaking # enum removed (was "EUR", "USD")'],
  }],
  ["a null in the enum allows null", {
    old: { enum: ["a", "b"] },
    new: { enum: ["a", "b", null] },
    forward: ["breaking # now allows null"],
    backward: ["compatible # no longer allows null"],
  }],
  ["an enum and an anyOf of consts are the same set", {
    old: { enum: ["a", "b"] },
    new: { anyOf: [{ const: "a" }, { const: "b" }] },
    forward: [],
    backward: [],
  }],
  ["an anyOf of consts gains one", {
    old: { enum: ["a", "b"] },
    new: { anyOf: [{ const: "a" }, { const: "b" }, { const: "c", description: "new" }] },
    forward: ['breaking /anyOf/2 enum adds "c"'],
    backward: ['compatible # enum removes "c"'],
  }],
  ["a boolean becomes a const true", {
    old: { type: "boolean" },
    new: { const: true },
    forward: ["compatible # value false is no longer allowed"],
    backward: ["breaking # enum adds false"],
  }],
  ["integer enum values fit an integer range", {
    old: { type: "integer", minimum: 1, maximum: 5 },
    new: { enum: [1, 2, 3] },
    forward: ["compatible # values restricted to 1, 2, 3"],
    backward: ["breaking # enum removed (was 1, 2, 3)"],
  }],
  ["an object const is checked against the old object schema", {
    old: obj({ a: { type: "string", maxLength: 1 } }, { required: ["a"] }),
    new: { const: { a: "xy" } },
    forward: ['breaking # value {"a":"xy"} is not allowed by the old schema (property "a": maxLength 1)'],
    backward: ['breaking # const {"a":"xy"} removed'],
  }],
];

describe("enum and const", () => testPairs(cases));
