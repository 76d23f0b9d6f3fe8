import { describe } from "vitest";
import { type PairCase, testPairs } from "./pair-cases.js";

const cases: PairCase[] = [
  ["integer widens to number", {
    old: { type: "integer" },
    new: { type: "number" },
    forward: ["breaking # type integer -> number"],
    backward: ["compatible # type number -> integer"],
  }],
  ["minimum goes down", {
    old: { type: "number", minimum: 0 },
    new: { type: "number", minimum: -1 },
    forward: ["breaking # minimum 0 -> -1"],
    backward: ["compatible # minimum -1 -> 0"],
  }],
  ["maximum is removed", {
    old: { type: "number", maximum: 100 },
    new: { type: "number" },
    forward: ["breaking # maximum 100 removed"],
    backward: ["compatible # maximum 100 added"],
  }],
  ["exclusiveMinimum becomes the same inclusive minimum", {
    old: { type: "number", exclusiveMinimum: 0 },
    new: { type: "number", minimum: 0 },
    forward: ["breaking # exclusiveMinimum 0 -> minimum 0"],
    backward: ["compatible # minimum 0 -> exclusiveMinimum 0"],
  }],
  ["over integers exclusiveMinimum 0 is minimum 1", {
    old: { type: "integer", exclusiveMinimum: 0 },
    new: { type: "integer", minimum: 1 },
    forward: [],
    backward: [],
  }],
  ["exclusiveMaximum goes up", {
    old: { type: "number", exclusiveMaximum: 1 },
    new: { type: "number", exclusiveMaximum: 2 },
    forward: ["breaking # exclusiveMaximum 1 -> 2"],
    backward: ["compatible # exclusiveMaximum 2 -> 1"],
  }],
  ["multipleOf 2 becomes 4", {
    old: { type: "integer", multipleOf: 2 },
    new: { type: "integer", multipleOf: 4 },
    forward: ["compatible # multipleOf 2 -> 4"],
    backward: ["breaking # multipleOf 4 -> 2"],
  }],
  ["multipleOf 0.01 becomes 0.05 (float steps)", {
    old: { type: "number", multipleOf: 0.01 },
    new: { type: "number", multipleOf: 0.05 },
    forward: ["compatible # multipleOf 0.01 -> 0.05"],
    backward: ["breaking # multipleOf 0.05 -> 0.01"],
  }],
  ["multipleOf is removed", {
    old: { type: "number", multipleOf: 0.5 },
    new: { type: "number" },
    forward: ["breaking # multipleOf 0.5 removed"],
    backward: ["compatible # multipleOf 0.5 added"],
  }],
  ["a number that is a multiple of 1 is an integer", {
    old: { type: "number", multipleOf: 1 },
    new: { type: "integer" },
    forward: [],
    backward: ["compatible # multipleOf 1 added"],
  }],
];

describe("numeric keywords", () => testPairs(cases));
