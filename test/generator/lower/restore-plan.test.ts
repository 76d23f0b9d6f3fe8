import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { planRestore, readBundle } from "../../../generator/lower/index.js";
import type { RestorePlan } from "../../../runtime/spec.js";
import { type Case, obj } from "./helpers.js";

const STR = { type: "string" };
const plan = (schema: JsonSchemaObject): RestorePlan => planRestore(readBundle(schema));

const cases: Case<JsonSchemaObject, RestorePlan>[] = [
  ["nothing to do for an open object without optional properties", { given: obj({ a: STR }, ["a"], { additionalProperties: true }), want: {} }],
  ["optional and not nullable: null means absent", { given: obj({ a: STR, b: { type: ["string", "null"] } }, [], { additionalProperties: true }), want: { root: { kind: "object", props: { a: { nullToAbsent: true } } } } }],
  ["unspecified additionalProperties: undeclared keys are dropped", { given: obj({ a: STR }, ["a"]), want: { root: { kind: "object", closedKeys: ["a"] } } }],
  [
    "allOf parts declare keys together",
    { given: { allOf: [obj({ a: STR }, ["a"]), obj({ b: STR }, ["b"])] }, want: { root: { kind: "object", closedKeys: ["a", "b"] } } },
  ],
  [
    "arrays and tuples restore their items",
    {
      given: { type: "array", prefixItems: [STR, obj({ x: STR })], items: obj({ y: STR }, ["y"]) },
      want: {
        root: {
          kind: "array",
          items: { kind: "object", closedKeys: ["y"] },
          prefixItems: [null, { kind: "object", props: { x: { nullToAbsent: true } }, closedKeys: ["x"] }],
        },
      },
    },
  ],
  [
    "recursion goes through ref nodes; idle definitions are left out",
    {
      given: { ...obj({ node: { $ref: "#/$defs/Node" }, tag: { $ref: "#/$defs/Tag" } }, ["node", "tag"]), $defs: { Node: obj({ next: { $ref: "#/$defs/Node" } }), Tag: STR } },
      want: {
        root: { kind: "object", props: { node: { node: { kind: "ref", def: "Node" } } }, closedKeys: ["node", "tag"] },
        defs: { Node: { kind: "object", props: { next: { nullToAbsent: true, node: { kind: "ref", def: "Node" } } }, closedKeys: ["next"] } },
      },
    },
  ],
  [
    "union branches carry what tells them apart",
    {
      given: { anyOf: [obj({ kind: { const: "a" }, x: STR }, ["kind"]), { type: "array", items: obj({ z: STR }, ["z"]) }] },
      want: {
        root: {
          kind: "union",
          variants: [
            { match: { types: ["object"], required: ["kind"], keys: ["kind", "x"], consts: [["kind", "a"]] }, node: { kind: "object", props: { x: { nullToAbsent: true } }, closedKeys: ["kind", "x"] } },
            { match: { types: ["array"] }, node: { kind: "array", items: { kind: "object", closedKeys: ["z"] } } },
          ],
        },
      },
    },
  ],
  [
    "a map can come back as entries; its values are restored",
    { given: { type: "object", additionalProperties: obj({ v: STR }) }, want: { root: { kind: "object", additional: { kind: "object", props: { v: { nullToAbsent: true } }, closedKeys: ["v"] }, entries: true } } },
  ],
  [
    "the root referenced by # is a definition",
    { given: obj({ up: { $ref: "#" } }), want: { root: { kind: "ref", def: "#" }, defs: { "#": { kind: "object", props: { up: { nullToAbsent: true, node: { kind: "ref", def: "#" } } }, closedKeys: ["up"] } } } },
  ],
];

describe("planRestore", () => {
  for (const [name, { given, want }] of cases) test(name, () => expect(plan(given)).toEqual(want));

  test("a property named __proto__ is an own key of the plan", () => {
    const out = plan(JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as JsonSchemaObject);
    const props = (out.root as { props: Record<string, unknown> }).props;
    expect(Object.hasOwn(props, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  });
});
