import type { Draft } from "../json-schema.js";

/**
 * Where subschemas live, per draft. Walks use this table so that a property called `items` or
 * `$ref` inside `properties`, `enum` or an unknown keyword is never mistaken for a keyword.
 *
 * - `schema`: the value is one schema;  `schema-list`: an array of schemas;
 * - `schema-map`: an object whose values are schemas;
 * - `schema-or-list`: `items` before 2020-12 (one schema, or a tuple of schemas);
 * - `dependencies`: draft-04..07 `dependencies` (values are schemas or arrays of property names).
 */
export type SubschemaShape = "schema" | "schema-list" | "schema-map" | "schema-or-list" | "dependencies";

/**
 * Before 2019-09 every draft is read the way Ajv reads draft-07 (`ajv-draft-04` uses the same
 * applicators): `if`/`then`/`else`, `contains` and `propertyNames` apply in draft-04 too.
 */
const PRE_2019: Record<string, SubschemaShape> = {
  not: "schema",
  allOf: "schema-list",
  anyOf: "schema-list",
  oneOf: "schema-list",
  if: "schema",
  then: "schema",
  else: "schema",
  properties: "schema-map",
  patternProperties: "schema-map",
  additionalProperties: "schema",
  propertyNames: "schema",
  dependencies: "dependencies",
  items: "schema-or-list",
  additionalItems: "schema",
  contains: "schema",
  // `definitions` and `$defs` are containers in every draft: Ajv resolves both, and old and new
  // spellings are mixed freely in real schemas.
  definitions: "schema-map",
  $defs: "schema-map",
};
const DRAFT_2019: Record<string, SubschemaShape> = {
  ...PRE_2019,
  dependentSchemas: "schema-map",
  unevaluatedItems: "schema",
  unevaluatedProperties: "schema",
};
const { additionalItems: _tupleTail, ...DRAFT_2019_WITHOUT_TUPLES } = DRAFT_2019;
const DRAFT_2020: Record<string, SubschemaShape> = { ...DRAFT_2019_WITHOUT_TUPLES, items: "schema", prefixItems: "schema-list" };

/** The subschema keywords of a draft (every draft keeps `dependencies`, as Ajv does). */
export const SUBSCHEMA_KEYWORDS: Record<Draft, Readonly<Record<string, SubschemaShape>>> = {
  "draft-04": PRE_2019,
  "draft-06": PRE_2019,
  "draft-07": PRE_2019,
  "2019-09": DRAFT_2019,
  "2020-12": DRAFT_2020,
};

/**
 * Keywords Ajv applies under 2020-12 but not under the schema's own draft. Normalising keeps
 * validation identical, so they are dropped (with a warning: the author probably meant them).
 */
const NOT_BEFORE_2019 = new Set(["prefixItems", "dependentRequired", "dependentSchemas", "maxContains", "minContains", "unevaluatedItems", "unevaluatedProperties", "$dynamicRef", "$recursiveRef"]);
export const IGNORED_IN_DRAFT: Record<Draft, ReadonlySet<string>> = {
  "draft-04": NOT_BEFORE_2019,
  "draft-06": NOT_BEFORE_2019,
  "draft-07": NOT_BEFORE_2019,
  "2019-09": new Set(["prefixItems"]),
  "2020-12": new Set(["additionalItems"]),
};

/**
 * Keywords whose subschemas apply to the same instance as their parent and are always evaluated:
 * a reference cycle through only these never reaches a base case (validation loops forever, and
 * the TypeScript type would be circular). `anyOf`, `oneOf`, `then`, `else` and `dependentSchemas`
 * are evaluated conditionally, so a cycle through them can terminate.
 */
export const ALWAYS_IN_PLACE = new Set(["allOf", "not", "if"]);

/** Each subschema of `node` under the draft's table: keyword, token path below the node, value. */
export function* subschemasOf(node: Record<string, unknown>, draft: Draft): Generator<{ keyword: string; path: (string | number)[]; schema: unknown }> {
  const table = SUBSCHEMA_KEYWORDS[draft];
  for (const keyword of Object.keys(node)) {
    const shape = table[keyword];
    if (shape === undefined) continue;
    const value = node[keyword];
    switch (shape) {
      case "schema":
        if (isSchema(value)) yield { keyword, path: [keyword], schema: value };
        break;
      case "schema-or-list":
      case "schema-list":
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) if (isSchema(value[i])) yield { keyword, path: [keyword, i], schema: value[i] };
        } else if (shape === "schema-or-list" && isSchema(value)) {
          yield { keyword, path: [keyword], schema: value };
        }
        break;
      case "schema-map":
      case "dependencies":
        if (isPlainObject(value)) {
          for (const [name, child] of Object.entries(value)) if (isSchema(child)) yield { keyword, path: [keyword, name], schema: child };
        }
        break;
    }
  }
}

/** A schema is an object or a boolean. */
export function isSchema(value: unknown): value is boolean | Record<string, unknown> {
  return typeof value === "boolean" || isPlainObject(value);
}

/** A JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
