import { describe } from "vitest";
import { type PairCase, testPairs } from "./pair-cases.js";

const cases: PairCase[] = [
  ["maxLength goes up", {
    old: { type: "string", maxLength: 40 },
    new: { type: "string", maxLength: 80 },
    forward: ["breaking # maxLength 40 -> 80"],
    backward: ["compatible # maxLength 80 -> 40"],
  }],
  ["maxLength is removed", {
    old: { type: "string", maxLength: 40 },
    new: { type: "string" },
    forward: ["breaking # maxLength 40 removed"],
    backward: ["compatible # maxLength 40 added"],
  }],
  ["minLength goes down", {
    old: { type: "string", minLength: 2 },
    new: { type: "string", minLength: 1 },
    forward: ["breaking # minLength 2 -> 1"],
    backward: ["compatible # minLength 1 -> 2"],
  }],
  ["the tightest of several maxLength (allOf) counts", {
    old: { type: "string", allOf: [{ maxLength: 10 }, { maxLength: 5 }] },
    new: { type: "string", maxLength: 5 },
    forward: [],
    backward: [],
  }],
  ["a pattern is removed", {
    old: { type: "string", pattern: "^[A-Z]{3}$" },
    new: { type: "string" },
    forward: ['breaking # pattern "^[A-Z]{3}$" removed'],
    backward: ['compatible # pattern "^[A-Z]{3}$" added'],
  }],
  ["a changed pattern is breaking both ways (regex inclusion is not decided)", {
    old: { type: "string", pattern: "^[A-Z]+$" },
    new: { type: "string", pattern: "^[A-Z0-9]+$" },
    forward: ['breaking # pattern "^[A-Z]+$" -> "^[A-Z0-9]+$"'],
    backward: ['breaking # pattern "^[A-Z0-9]+$" -> "^[A-Z]+$"'],
  }],
  ["a format is removed", {
    old: { type: "string", format: "date" },
    new: { type: "string" },
    forward: ['breaking # format "date" removed'],
    backward: ['compatible # format "date" added'],
  }],
  ["a format widens from uri to iri", {
    old: { type: "string", format: "uri" },
    new: { type: "string", format: "iri" },
    forward: ['breaking # format "uri" -> "iri"'],
    backward: ['compatible # format "iri" -> "uri"'],
  }],
  ["an unrelated format is breaking both ways", {
    old: { type: "string", format: "date" },
    new: { type: "string", format: "date-time" },
    forward: ['breaking # format "date" -> "date-time"'],
    backward: ['breaking # format "date-time" -> "date"'],
  }],
  ["string keywords on a number-only schema do not matter", {
    old: { type: "integer", maxLength: 3 },
    new: { type: "integer" },
    forward: [],
    backward: [],
  }],
];

describe("string keywords", () => testPairs(cases));
