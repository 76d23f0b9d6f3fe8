import { describe } from "vitest";
import { type PairCase, STR, obj, testPairs } from "./pair-cases.js";

const cases: PairCase[] = [
  ["not is added", {
    old: STR,
    new: { type: "string", not: { const: "" } },
    forward: ["compatible /not not added"],
    backward: ["breaking # not removed"],
  }],
  ["not excludes more, then less", {
    old: { type: "string", not: { const: "" } },
    new: { type: "string", not: { enum: ["", "n/a"] } },
    forward: ["compatible /not not changed: it excludes more"],
    backward: ["breaking /not not changed: it excludes less"],
  }],
  ["if/then/else is added", {
    old: obj({ kind: STR, vat: STR }),
    new: obj({ kind: STR, vat: STR }, { if: obj({ kind: { const: "b2b" } }, { required: ["kind"] }), then: { required: ["vat"] } }),
    forward: ["compatible /if if/then/else added"],
    backward: ["breaking # if/then/else removed"],
  }],
  ["then loosens under the same condition", {
    old: obj({ kind: STR, vat: STR }, { if: obj({ kind: { const: "b2b" } }), then: { required: ["vat"] } }),
    new: obj({ kind: STR, vat: STR }, { if: obj({ kind: { const: "b2b" } }), then: {} }),
    forward: ['breaking /then property "vat" is no longer required'],
    backward: ['compatible /then property "vat" is now required'],
  }],
  ["a changed condition is breaking both ways", {
    old: obj({ kind: STR }, { if: obj({ kind: { const: "a" } }), then: { required: ["kind"] } }),
    new: obj({ kind: STR }, { if: obj({ kind: { const: "b" } }), then: { required: ["kind"] } }),
    forward: ["breaking # if condition changed", "compatible /if if/then/else added"],
    backward: ["breaking # if condition changed", "compatible /if if/then/else added"],
  }],
  ["an if with neither then nor else constrains nothing", {
    old: obj({ kind: STR }, { if: obj({ kind: { const: "a" } }) }),
    new: obj({ kind: STR }),
    forward: [],
    backward: [],
  }],
];

describe("not and if/then/else", () => testPairs(cases));
