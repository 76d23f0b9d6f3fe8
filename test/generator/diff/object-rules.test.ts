import { describe } from "vitest";
import { INT, type PairCase, STR, obj, testPairs } from "./pair-cases.js";

const cases: PairCase[] = [
  ["an optional property is added", {
    old: obj({ a: STR }),
    new: obj({ a: STR, note: STR }),
    forward: ['compatible /properties/note property "note" added'],
    backward: ['compatible /properties/note property "note" removed'],
  }],
  ["a required property is added", {
    old: obj({ a: STR }),
    new: obj({ a: STR, note: STR }, { required: ["note"] }),
    forward: ['compatible /properties/note property "note" added (required)'],
    backward: ['breaking /properties/note property "note" removed (was required)'],
  }],
  ["a required property becomes optional", {
    old: obj({ note: STR }, { required: ["note"] }),
    new: obj({ note: STR }),
    forward: ['breaking /properties/note property "note" is no longer required'],
    backward: ['compatible /properties/note property "note" is now required'],
  }],
  ["a required name no property declares", {
    old: { type: "object", required: ["id"] },
    new: { type: "object" },
    forward: ['breaking # property "id" is no longer required'],
    backward: ['compatible # property "id" is now required'],
  }],
  ["a property name that needs escaping in the pointer", {
    old: obj({ "a/b~c": { type: "string", maxLength: 4 } }),
    new: obj({ "a/b~c": { type: "string", maxLength: 8 } }),
    forward: ["breaking /properties/a~1b~0c maxLength 4 -> 8"],
    backward: ["compatible /properties/a~1b~0c maxLength 8 -> 4"],
  }],
  ["an object opens to additional properties", {
    old: obj({ a: STR }),
    new: obj({ a: STR }, { additionalProperties: true }),
    forward: ["breaking # additional properties are now allowed"],
    backward: ["compatible # additional properties are no longer allowed"],
  }],
  ["unspecified additionalProperties is closed, like false (design.md §3)", {
    old: obj({ a: STR }),
    new: obj({ a: STR }, { additionalProperties: false }),
    forward: [],
    backward: [],
  }],
  ["an additionalProperties schema narrows", {
    old: obj({}, { additionalProperties: STR }),
    new: obj({}, { additionalProperties: { type: "string", maxLength: 3 } }),
    forward: ["compatible /additionalProperties maxLength 3 added"],
    backward: ["breaking /additionalProperties maxLength 3 removed"],
  }],
  ["a property added to an object open under a schema must fit that schema", {
    old: obj({}, { additionalProperties: STR }),
    new: obj({ n: INT }, { additionalProperties: STR }),
    forward: ['compatible /properties/n property "n" added', "breaking /properties/n type string -> integer"],
    backward: ['compatible /properties/n property "n" removed', "breaking /additionalProperties type integer -> string"],
  }],
  ["a property removed from an open object may come back as anything", {
    old: obj({ a: STR }, { additionalProperties: true }),
    new: obj({}, { additionalProperties: true }),
    forward: ['compatible /properties/a property "a" removed', "breaking /additionalProperties type is no longer restricted (was string)"],
    backward: ['compatible /properties/a property "a" added'],
  }],
  ["patternProperties are added to a closed object", {
    old: obj({}),
    new: obj({}, { patternProperties: { "^x-": STR } }),
    forward: ['compatible /patternProperties/^x- patternProperties adds "^x-"'],
    backward: ['compatible /patternProperties/^x- patternProperties removes "^x-"'],
  }],
  ["a patternProperties schema narrows", {
    old: obj({}, { patternProperties: { "^x-": STR } }),
    new: obj({}, { patternProperties: { "^x-": { type: "string", minLength: 1 } } }),
    forward: ["compatible /patternProperties/^x- minLength 1 added"],
    backward: ["breaking /patternProperties/^x- minLength 1 removed"],
  }],
  ["propertyNames is added", {
    old: obj({}, { additionalProperties: true }),
    new: obj({}, { additionalProperties: true, propertyNames: { pattern: "^[a-z]+$" } }),
    forward: ["compatible /propertyNames propertyNames added"],
    backward: ["breaking # propertyNames removed"],
  }],
  ["maxProperties goes up", {
    old: obj({}, { additionalProperties: true, maxProperties: 3 }),
    new: obj({}, { additionalProperties: true, maxProperties: 5 }),
    forward: ["breaking # maxProperties 3 -> 5"],
    backward: ["compatible # maxProperties 5 -> 3"],
  }],
  ["minProperties is added", {
    old: obj({ a: STR, b: STR }),
    new: obj({ a: STR, b: STR }, { minProperties: 1 }),
    forward: ["compatible # minProperties 1 added"],
    backward: ["breaking # minProperties 1 removed"],
  }],
  ["dependentRequired gains a name", {
    old: obj({ a: STR, b: STR, c: STR }, { dependentRequired: { a: ["b"] } }),
    new: obj({ a: STR, b: STR, c: STR }, { dependentRequired: { a: ["b", "c"] } }),
    forward: ['compatible # property "c" is now required when "a" is present'],
    backward: ['breaking # property "c" is no longer required when "a" is present'],
  }],
  ["dependentSchemas is added", {
    old: obj({ a: STR, b: STR }),
    new: obj({ a: STR, b: STR }, { dependentSchemas: { a: { required: ["b"] } } }),
    forward: ['compatible /dependentSchemas/a dependentSchemas adds "a"'],
    backward: ['breaking # dependentSchemas removes "a"'],
  }],
  ["a nested object in an array loses a required property", {
    old: obj({ lines: { type: "array", items: obj({ qty: INT }, { required: ["qty"] }) } }),
    new: obj({ lines: { type: "array", items: obj({ qty: INT }) } }),
    forward: ['breaking /properties/lines/items/properties/qty property "qty" is no longer required'],
    backward: ['compatible /properties/lines/items/properties/qty property "qty" is now required'],
  }],
  ["properties spread over allOf count as one object", {
    old: obj({ a: STR, b: INT }, { required: ["a"] }),
    new: { allOf: [obj({ a: STR }, { required: ["a"] }), obj({ b: INT })] },
    forward: [],
    backward: [],
  }],
];

describe("object keywords", () => testPairs(cases));
