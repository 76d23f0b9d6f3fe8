import { describe, expect, test } from "vitest";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import { type ProjectFiles, lines, loadFiles } from "./project-fixture.js";

const S2020 = "https://json-schema.org/draft/2020-12/schema";
const S07 = "http://json-schema.org/draft-07/schema#";
const STR = { type: "string" };

type Case = [name: string, { given: ProjectFiles; refMap?: Record<string, string>; want: JsonSchemaObject }];

/** Each case loads `schemas/main.json` (plus helpers) and checks the bundled extractor schema. */
const resolved: Case[] = [
  [
    "local definition becomes a named $def",
    { given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { a: { $ref: "#/$defs/thing" } }, $defs: { thing: STR } } }, want: { title: "Main", properties: { a: { $ref: "#/$defs/Thing" } }, $defs: { Thing: STR } } },
  ],
  [
    "draft-07 definitions are read as $defs",
    { given: { "schemas/main.json": { $schema: S07, title: "Main", properties: { a: { $ref: "#/definitions/thing" } }, definitions: { thing: STR } } }, want: { title: "Main", properties: { a: { $ref: "#/$defs/Thing" } }, $defs: { Thing: STR } } },
  ],
  [
    "a pointer to any location names the target after its path, and the original place refers to it too",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { a: { type: "array", items: STR }, b: { $ref: "#/properties/a/items" } } } },
      want: { title: "Main", properties: { a: { type: "array", items: { $ref: "#/$defs/MainPropertiesAItems" } }, b: { $ref: "#/$defs/MainPropertiesAItems" } }, $defs: { MainPropertiesAItems: STR } },
    },
  ],
  [
    "a recursive reference to the root stays #",
    { given: { "schemas/main.json": { $schema: S2020, title: "Node", properties: { next: { $ref: "#" } } } }, want: { title: "Node", properties: { next: { $ref: "#" } } } },
  ],
  [
    "a self-referencing definition refers to its own name",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", $ref: "#/$defs/tree", $defs: { tree: { properties: { kids: { type: "array", items: { $ref: "#/$defs/tree" } } } } } } },
      want: { title: "Main", $ref: "#/$defs/Tree", $defs: { Tree: { properties: { kids: { type: "array", items: { $ref: "#/$defs/Tree" } } } } } },
    },
  ],
  [
    "a relative file reference resolves against the referring file",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { p: { $ref: "shared/_party.json#/$defs/party" } } }, "schemas/shared/_party.json": { $schema: S2020, $defs: { party: { properties: { name: STR } } } } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Party" } }, $defs: { Party: { properties: { name: STR } } } },
    },
  ],
  [
    "a reference to another file's root names the type after that file's title",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { p: { $ref: "../common/money.json" } } }, "common/money.json": { $schema: S2020, title: "Money", type: "number" } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Money" } }, $defs: { Money: { title: "Money", type: "number" } } },
    },
  ],
  [
    "an $id-based reference finds the file that declares the $id",
    {
      given: {
        "schemas/main.json": { $schema: S2020, $id: "https://acme.dev/schemas/main.json", title: "Main", properties: { p: { $ref: "party.json" } } },
        "schemas/_party.json": { $schema: S2020, $id: "https://acme.dev/schemas/party.json", title: "Party", type: "object" },
      },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Party" } }, $defs: { Party: { title: "Party", type: "object" } } },
    },
  ],
  [
    "a relative reference that misses under the $id base is retried against the file",
    {
      given: { "schemas/main.json": { $schema: S2020, $id: "https://acme.dev/x/main.json", title: "Main", properties: { p: { $ref: "_other.json" } } }, "schemas/_other.json": { $schema: S2020, title: "Other", type: "string" } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Other" } }, $defs: { Other: { title: "Other", type: "string" } } },
    },
  ],
  [
    "an $anchor resolves to its schema",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { p: { $ref: "#money" } }, $defs: { amount: { $anchor: "money", type: "number" } } } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Amount" } }, $defs: { Amount: { type: "number" } } },
    },
  ],
  [
    "a draft-07 plain-name $id is an anchor",
    {
      given: { "schemas/main.json": { $schema: S07, title: "Main", properties: { p: { $ref: "#money" } }, definitions: { amount: { $id: "#money", type: "number" } } } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Amount" } }, $defs: { Amount: { type: "number" } } },
    },
  ],
  [
    "draft-04 relative ids create embedded resources, referenced by name",
    {
      given: { "schemas/main.json": { $schema: "http://json-schema.org/draft-04/schema#", title: "Main", properties: { p: { $ref: "path" } }, definitions: { path: { id: "path", type: "string", minLength: 1 } } } },
      want: { title: "Main", properties: { p: { $ref: "#/$defs/Path" } }, $defs: { Path: { type: "string", minLength: 1 } } },
    },
  ],
  [
    "a remote URL resolves through the ref map, extension-less names try .json",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { a: { $ref: "https://json.schemastore.org/base.json#/definitions/id" }, b: { $ref: "https://json.schemastore.org/base#/definitions/id" } } }, "refs/base.json": { $schema: S07, definitions: { id: { type: "integer" } } } },
      refMap: { "https://json.schemastore.org/": "refs/" },
      want: { title: "Main", properties: { a: { $ref: "#/$defs/Id" }, b: { $ref: "#/$defs/Id" } }, $defs: { Id: { type: "integer" } } },
    },
  ],
  [
    "percent-encoded and ~0/~1 escaped pointer segments",
    {
      given: { "schemas/main.json": { $schema: S2020, title: "Main", properties: { a: { $ref: "#/$defs/a~1b%20c" }, b: { $ref: "#/$defs/t~0ilde" } }, $defs: { "a/b c": STR, "t~ilde": STR } } },
      want: { title: "Main", properties: { a: { $ref: "#/$defs/ABC" }, b: { $ref: "#/$defs/TIlde" } }, $defs: { ABC: STR, TIlde: STR } },
    },
  ],
  [
    "the draft-07 meta-schema is built in",
    {
      given: { "schemas/main.json": { $schema: S07, title: "Main", properties: { s: { $ref: "http://json-schema.org/draft-07/schema#/definitions/nonNegativeInteger" } } } },
      want: { title: "Main", properties: { s: { $ref: "#/$defs/NonNegativeInteger" } }, $defs: { NonNegativeInteger: { type: "integer", minimum: 0 } } },
    },
  ],
];

describe("references resolve to named types", () => {
  for (const [name, { given, refMap, want }] of resolved) {
    test(name, async () => {
      const { project, diagnostics } = await loadFiles(given, refMap ? { refMap } : {});
      expect(lines(diagnostics).filter((l) => l.startsWith("error"))).toEqual([]);
      expect(project.extractors.find((x) => x.file === "schemas/main.json")?.schema).toEqual(want);
    });
  }
});

type FailCase = [name: string, { given: ProjectFiles; want: string[]; hint?: RegExp }];

const failures: FailCase[] = [
  [
    "an unmapped remote URL is never fetched",
    { given: { "schemas/main.json": { $schema: S2020, properties: { a: { $ref: "https://acme.dev/schemas/party.json" } } } }, want: ["error EG_REF_UNRESOLVED schemas/main.json#/properties/a/$ref: cannot resolve https://acme.dev/schemas/party.json: remote schemas are never fetched"], hint: /--ref-map https:\/\/acme\.dev\/schemas\/=<dir>/ },
  ],
  [
    "a missing definition suggests the closest key",
    { given: { "schemas/main.json": { $schema: S2020, properties: { a: { $ref: "#/$defs/adress" } }, $defs: { address: STR } } }, want: ['error EG_REF_UNRESOLVED schemas/main.json#/properties/a/$ref: "#/$defs/adress": nothing at #/$defs/adress in schemas/main.json'], hint: /did you mean "address"/ },
  ],
  [
    "a missing file names the file",
    { given: { "schemas/main.json": { $schema: S2020, properties: { a: { $ref: "nope.json" } } } }, want: ['error EG_REF_UNRESOLVED schemas/main.json#/properties/a/$ref: cannot resolve "nope.json": no file schemas/nope.json'] },
  ],
  [
    "a pure cycle A -> B -> A",
    { given: { "schemas/main.json": { $schema: S2020, properties: { a: { $ref: "#/$defs/a" } }, $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } } } }, want: ["error EG_REF_CYCLE schemas/main.json#/$defs/a/$ref: reference cycle with nothing in between: #/$defs/a -> #/$defs/b -> #/$defs/a"] },
  ],
  [
    "a root that is only a reference to itself",
    { given: { "schemas/main.json": { $schema: S2020, $ref: "#" } }, want: ["error EG_REF_CYCLE schemas/main.json#/$ref: reference cycle with nothing in between: # -> #"] },
  ],
  [
    "an anchor that does not exist suggests the closest one",
    { given: { "schemas/main.json": { $schema: S2020, properties: { a: { $ref: "#mony" } }, $defs: { m: { $anchor: "money" } } } }, want: ['error EG_REF_UNRESOLVED schemas/main.json#/properties/a/$ref: "#mony": no anchor "mony" in schemas/main.json'], hint: /did you mean #money/ },
  ],
];

describe("unresolvable references are diagnostics, and the schema is not generated", () => {
  for (const [name, { given, want, hint }] of failures) {
    test(name, async () => {
      const { project, diagnostics } = await loadFiles({ ...given, "schemas/other.json": { $schema: S2020, title: "Other", type: "string" } });
      expect(lines(diagnostics).filter((l) => l.startsWith("error"))).toEqual(want);
      if (hint) expect(diagnostics.find((d) => d.severity === "error")?.hint).toMatch(hint);
      expect(project.extractors.map((x) => x.file)).toEqual(["schemas/other.json"]);
    });
  }
});

test("recursion through a property is not a cycle", async () => {
  const { diagnostics } = await loadFiles({ "schemas/main.json": { $schema: S2020, $defs: { a: { properties: { b: { $ref: "#/$defs/b" } } }, b: { allOf: [{ $ref: "#/$defs/a" }] } }, $ref: "#/$defs/a" } });
  expect(lines(diagnostics)).toEqual([]);
});

test("a definition listing itself in its own allOf loses the self-reference, with a warning", async () => {
  const { project, diagnostics } = await loadFiles({
    "schemas/main.json": { $schema: S07, title: "Main", properties: { a: { $ref: "#/definitions/a" } }, definitions: { a: { type: "object", allOf: [{ $ref: "#/definitions/a" }, { required: ["x"] }] } } },
  });
  expect(lines(diagnostics)).toEqual(["warning EG_REF_CYCLE schemas/main.json#/definitions/a/allOf/0/$ref: allOf refers to the schema it is part of; the self-reference is left out (validating it would never end)"]);
  expect(project.types.get("A")?.schema).toEqual({ type: "object", allOf: [{}, { required: ["x"] }] });
});
