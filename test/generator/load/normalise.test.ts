import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, test } from "vitest";
import type { Draft, JsonSchemaObject } from "../../../generator/json-schema.js";
import { lines, loadFiles } from "./project-fixture.js";

const require = createRequire(import.meta.url);
const OPTIONS = { strict: false, logger: false } as const;

/** Ajv as it reads the original draft (what the schema meant before normalising). */
function originalAjv(draft: Draft) {
  switch (draft) {
    case "draft-04":
      return new AjvDraft04.default(OPTIONS);
    case "draft-06": {
      const ajv = new Ajv(OPTIONS);
      ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as object);
      return ajv;
    }
    case "draft-07":
      return new Ajv(OPTIONS);
    case "2019-09":
      return new Ajv2019(OPTIONS);
    case "2020-12":
      return new Ajv2020(OPTIONS);
  }
}

const SCHEMA_URI: Record<Draft, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-06": "http://json-schema.org/draft-06/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

type Case = [name: string, { draft: Draft; given: JsonSchemaObject; want: JsonSchemaObject; samples: unknown[]; warnings?: string[] }];

const cases: Case[] = [
  [
    "draft-04 boolean exclusive bounds become numbers",
    { draft: "draft-04", given: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false }, want: { type: "number", exclusiveMinimum: 0, maximum: 10 }, samples: [0, 0.5, 10, 10.5, -1] },
  ],
  ["draft-04 id and $schema go", { draft: "draft-04", given: { id: "http://acme.dev/a.json", type: "object", properties: { id: { type: "string" } } }, want: { type: "object", properties: { id: { type: "string" } } }, samples: [{ id: "x" }, { id: 1 }] }],
  [
    "draft-07 tuple items become prefixItems, additionalItems becomes items",
    { draft: "draft-07", given: { type: "array", items: [{ type: "string" }, { type: "number" }], additionalItems: false }, want: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false }, samples: [["a", 1], ["a", 1, 2], [1, "a"], ["a"]] },
  ],
  ["draft-07 tuple without additionalItems allows more items", { draft: "draft-07", given: { items: [{ type: "string" }] }, want: { prefixItems: [{ type: "string" }] }, samples: [["a", 1, null], [1]] }],
  ["additionalItems beside a single items schema has no effect", { draft: "draft-06", given: { items: { type: "string" }, additionalItems: false }, want: { items: { type: "string" } }, samples: [["a", "b"], [1]] }],
  [
    "dependencies split into dependentRequired and dependentSchemas",
    {
      draft: "draft-07",
      given: { type: "object", dependencies: { card: ["billing"], vip: { required: ["level"] } } },
      want: { type: "object", dependentRequired: { card: ["billing"] }, dependentSchemas: { vip: { required: ["level"] } } },
      samples: [{}, { card: 1 }, { card: 1, billing: 2 }, { vip: true }, { vip: true, level: 1 }],
    },
  ],
  [
    "2019-09 dependencies merge with dependentRequired",
    {
      draft: "2019-09",
      given: { dependencies: { a: ["b"] }, dependentRequired: { a: ["c"] } },
      want: { dependentRequired: { a: ["b", "c"] } },
      samples: [{ a: 1 }, { a: 1, b: 1 }, { a: 1, b: 1, c: 1 }],
    },
  ],
  ["2019-09 tuple items", { draft: "2019-09", given: { items: [{ const: 1 }], additionalItems: { const: 2 } }, want: { prefixItems: [{ const: 1 }], items: { const: 2 } }, samples: [[1, 2, 2], [1, 3], [2]] }],
  [
    "2019-09 $recursiveRef becomes a reference to the root",
    {
      draft: "2019-09",
      given: { $recursiveAnchor: true, type: "object", properties: { kids: { type: "array", items: { $recursiveRef: "#" } } } },
      want: { type: "object", properties: { kids: { type: "array", items: { $ref: "#" } } } },
      samples: [{ kids: [{ kids: [] }] }, { kids: [1] }],
      warnings: ['info EG_DRAFT_FEATURE schemas/main.json#/properties/kids/items/$recursiveRef: $recursiveRef "#" is resolved statically, like $ref'],
    },
  ],
  [
    "2020-12 $dynamicRef becomes a static reference",
    {
      draft: "2020-12",
      given: { $dynamicAnchor: "node", type: "object", properties: { next: { $dynamicRef: "#node" } } },
      want: { type: "object", properties: { next: { $ref: "#" } } },
      samples: [{ next: { next: {} } }, { next: 1 }],
      warnings: ['info EG_DRAFT_FEATURE schemas/main.json#/properties/next/$dynamicRef: $dynamicRef "#node" is resolved statically, like $ref'],
    },
  ],
  [
    "draft-07 keeps the siblings of $ref (Ajv applies them)",
    {
      draft: "draft-07",
      given: { properties: { a: { $ref: "#/definitions/s", maxLength: 2, description: "short" } }, definitions: { s: { type: "string" } } },
      want: { properties: { a: { $ref: "#/$defs/S", maxLength: 2, description: "short" } }, $defs: { S: { type: "string" } } },
      samples: [{ a: "ab" }, { a: "abc" }, { a: 1 }],
    },
  ],
  [
    "2020-12 keywords in a draft-07 schema are dropped with a warning",
    {
      draft: "draft-07",
      given: { type: "object", properties: { a: {} }, unevaluatedProperties: false, dependentRequired: { a: ["b"] } },
      want: { type: "object", properties: { a: {} } },
      samples: [{ a: 1, z: 2 }],
      warnings: [
        'warning EG_KEYWORD_IGNORED schemas/main.json#/dependentRequired: "dependentRequired" has no effect in draft-07 and is left out',
        'warning EG_KEYWORD_IGNORED schemas/main.json#/unevaluatedProperties: "unevaluatedProperties" has no effect in draft-07 and is left out',
      ],
    },
  ],
  [
    "annotations with values 2020-12 forbids are left out",
    {
      draft: "draft-04",
      given: { type: "string", deprecated: "use b", readOnly: "yes", examples: "x", $comment: 3 },
      want: { type: "string", deprecated: true },
      samples: ["s", 1],
      warnings: [
        'warning EG_KEYWORD_IGNORED schemas/main.json#/$comment: "$comment" has a value 2020-12 does not allow (3) and is left out',
        'warning EG_KEYWORD_IGNORED schemas/main.json#/deprecated: "deprecated" has a value 2020-12 does not allow ("use b") and is written as true',
        'warning EG_KEYWORD_IGNORED schemas/main.json#/examples: "examples" has a value 2020-12 does not allow ("x") and is left out',
        'warning EG_KEYWORD_IGNORED schemas/main.json#/readOnly: "readOnly" has a value 2020-12 does not allow ("yes") and is left out',
      ],
    },
  ],
  [
    "a $ref under a word that is not a keyword is left out; data keeps its $ref keys",
    {
      draft: "draft-07",
      given: { type: "object", inputs: { name: { $ref: "#/definitions/x" } }, const: { $ref: "data" }, definitions: { x: { type: "string" } } },
      want: { type: "object", const: { $ref: "data" } },
      samples: [{ $ref: "data" }, { a: 1 }],
      warnings: ['warning EG_KEYWORD_IGNORED schemas/main.json#/inputs: "inputs" is not a keyword of draft-07, so the $ref inside it is never followed; it is left out'],
    },
  ],
  [
    "unreferenced nested definitions disappear, referenced ones are hoisted",
    {
      draft: "draft-07",
      given: { properties: { a: { $ref: "#/properties/b/definitions/x" }, b: { definitions: { x: { const: 1 }, unused: { const: 2 } } } } },
      want: { properties: { a: { $ref: "#/$defs/X" }, b: {} }, $defs: { X: { const: 1 } } },
      samples: [{ a: 1 }, { a: 2 }],
    },
  ],
  [
    "draft-06 const, contains and propertyNames stay",
    { draft: "draft-06", given: { type: "array", contains: { const: 3 }, items: { type: "number" } }, want: { type: "array", contains: { const: 3 }, items: { type: "number" } }, samples: [[1, 3], [1, 2], []] },
  ],
];

describe("normalising to 2020-12 keeps Ajv's verdicts", () => {
  for (const [name, { draft, given, want, samples, warnings }] of cases) {
    test(name, async () => {
      const original = { $schema: SCHEMA_URI[draft], ...given };
      const { project, diagnostics } = await loadFiles({ "schemas/main.json": original });
      expect(lines(diagnostics)).toEqual(warnings ?? []);
      const bundled = project.extractors[0]!.schema;
      expect(bundled).toEqual(want);
      const before = originalAjv(draft).compile(original);
      const after = new Ajv2020(OPTIONS).compile(bundled); // also checks it against the 2020-12 meta-schema
      expect(samples.map((s) => after(s))).toEqual(samples.map((s) => before(s)));
    });
  }
});
