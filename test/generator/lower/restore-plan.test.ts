import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { planRestore, readBundle } from "../../../generator/lower/index.js";
import type { RestorePlan } from "../../../runtime/spec.js";
import { type Case, obj } from "./helpers.js";

const STR = { type: "string" };
const plan = (schema: JsonSchemaObject): RestorePlan => planRestore(readBundle(schema));

const cases: Case<JsonSchemaObject, RestorePlan>[] = [
  ["nothing to do for an open object without optional properties", { given: obj({ a: STR }, ["a"], { additionalProperties: true }), want: {} }],
  [
    "optional and not nullable: null means absent",
    {
      given: obj({ a: STR, b: { type: ["string", "null"] } }, [], { additionalProperties: true }),
      want: { root: { kind: "object", props: { a: { nullToAbsent: true } } } },
    },
  ],
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
      given: {
        ...obj({ node: { $ref: "#/$defs/Node" }, tag: { $ref: "#/$defs/Tag" } }, ["node", "tag"]),
        $defs: { Node: obj({ next: { $ref: "#/$defs/Node" } }), Tag: STR },
      },
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
            {
              match: { types: ["object"], required: ["kind"], keys: ["kind", "x"], consts: [["kind", "a"]] },
              node: { kind: "object", props: { x: { nullToAbsent: true } }, closedKeys: ["kind", "x"] },
            },
            { match: { types: ["array"] }, node: { kind: "array", items: { kind: "object", closedKeys: ["z"] } } },
          ],
        },
      },
    },
  ],
  [
    "a map can come back as entries; its values are restored",
    {
      given: { type: "object", additionalProperties: obj({ v: STR }) },
      want: { root: { kind: "object", additional: { kind: "object", props: { v: { nullToAbsent: true } }, closedKeys: ["v"] }, entries: true } },
    },
  ],
  [
    "the root referenced by # is a definition",
    {
      given: obj({ up: { $ref: "#" } }),
      want: {
        root: { kind: "ref", def: "#" },
        defs: { "#": { kind: "object", props: { up: { nullToAbsent: true, node: { kind: "ref", def: "#" } } }, closedKeys: ["up"] } },
      },
    },
  ],
  [
    "a discriminator merged from allOf parts (shared base and branch) still tells the branches apart",
    {
      given: {
        $defs: { Entity: { type: "object", required: ["kind"], properties: { kind: STR, spec: { type: "object" } } } },
        anyOf: [
          { allOf: [{ $ref: "#/$defs/Entity" }, { properties: { kind: { enum: ["A"] }, spec: { properties: { a: STR } } } }] },
          { allOf: [{ $ref: "#/$defs/Entity" }, { properties: { kind: { enum: ["B"] }, spec: { properties: { b: STR } } } }] },
        ],
      },
      want: {
        root: {
          kind: "union",
          variants: [
            {
              match: { types: ["object"], required: ["kind"], keys: ["kind", "spec"], consts: [["kind", "A"]] },
              node: {
                kind: "object",
                props: { spec: { nullToAbsent: true, node: { kind: "object", props: { a: { nullToAbsent: true } }, closedKeys: ["a"] } } },
                closedKeys: ["kind", "spec"],
              },
            },
            {
              match: { types: ["object"], required: ["kind"], keys: ["kind", "spec"], consts: [["kind", "B"]] },
              node: {
                kind: "object",
                props: { spec: { nullToAbsent: true, node: { kind: "object", props: { b: { nullToAbsent: true } }, closedKeys: ["b"] } } },
                closedKeys: ["kind", "spec"],
              },
            },
          ],
        },
      },
    },
  ],
  [
    "every allOf member's then declares keys, not only the first one's",
    {
      given: {
        type: "object",
        properties: { t: STR },
        allOf: [
          { if: { properties: { t: { const: "a" } } }, then: { properties: { x: STR } } },
          { if: { properties: { t: { const: "b" } } }, then: { properties: { y: STR }, required: ["z"] } },
          { $ref: "#/$defs/Else" },
        ],
        $defs: { Else: { if: { required: ["t"] }, else: { properties: { w: STR } } } },
      },
      want: { root: { kind: "object", props: { t: { nullToAbsent: true } }, closedKeys: ["t", "x", "y", "z", "w"] } },
    },
  ],
  [
    "a then that declares keys of a nested object reaches that object's restore",
    {
      given: {
        type: "object",
        properties: { type: STR, properties: obj({ name: STR }) },
        allOf: [
          { if: { properties: { type: { const: "vm" } } }, then: { properties: { properties: { required: ["resource_config"] } } } },
          { if: { properties: { type: { const: "db" } } }, then: { properties: { properties: { properties: { engine: STR } } } } },
        ],
      },
      want: {
        root: {
          kind: "object",
          props: {
            type: { nullToAbsent: true },
            properties: {
              nullToAbsent: true,
              node: { kind: "object", props: { name: { nullToAbsent: true } }, closedKeys: ["name", "resource_config", "engine"] },
            },
          },
          closedKeys: ["type", "properties"],
        },
      },
    },
  ],
  [
    "the then of an allOf next to a union declares keys in every branch",
    {
      given: {
        type: "object",
        allOf: [
          { if: { required: ["a"] }, then: { properties: { x: STR } } },
          { if: { required: ["b"] }, then: { properties: { y: STR } } },
        ],
        anyOf: [obj({ a: STR }, ["a"]), obj({ b: STR }, ["b"])],
      },
      want: {
        root: {
          kind: "union",
          variants: [
            { match: { types: ["object"], required: ["a"], keys: ["a", "x", "y"] }, node: { kind: "object", closedKeys: ["a", "x", "y"] } },
            { match: { types: ["object"], required: ["b"], keys: ["b", "x", "y"] }, node: { kind: "object", closedKeys: ["b", "x", "y"] } },
          ],
        },
      },
    },
  ],
  [
    "an object whose undeclared keys can be needed stays open: minProperties, propertyNames",
    {
      given: obj(
        {
          counted: { type: "object", minProperties: 1 },
          named: { type: "object", propertyNames: { pattern: "^x" } },
          fixed: { type: "object", properties: { a: STR } },
        },
        ["counted", "named", "fixed"],
      ),
      want: {
        root: {
          kind: "object",
          props: { fixed: { node: { kind: "object", props: { a: { nullToAbsent: true } }, closedKeys: ["a"] } } },
          closedKeys: ["counted", "named", "fixed"],
        },
      },
    },
  ],
  [
    "a fixed object value (const, enum) is left alone",
    {
      given: obj({ origin: { type: "object", const: { system: "crm" } }, mode: { type: "object", enum: [{ a: 1 }, { b: 2 }] } }, ["origin", "mode"], {
        additionalProperties: true,
      }),
      want: {},
    },
  ],
  [
    "keys dependentRequired asks for are declared",
    { given: obj({ a: STR }, ["a"], { dependentRequired: { a: ["b"] } }), want: { root: { kind: "object", closedKeys: ["a", "b"] } } },
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
