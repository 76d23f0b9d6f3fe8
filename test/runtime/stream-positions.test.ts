import { describe, expect, test } from "vitest";
import { type JsonPosition, PartialJsonParser } from "../../runtime/partial-json.js";
import type { ExtractorSpec, ProviderName, RestorePlan, WireSchema } from "../../runtime/spec.js";
import { streamPositions } from "../../runtime/stream-positions.js";
import { orderSpec, tagsSpec } from "./helpers/stream-specs.js";

/** Snapshots (copies) after each chunk, parsed with the spec's positions for `provider`. */
function snapshots(spec: ExtractorSpec<unknown>, provider: ProviderName, chunks: readonly string[]): unknown[] {
  const parser = new PartialJsonParser({ root: streamPositions(spec, provider) });
  return chunks.map((chunk) => {
    parser.write(chunk);
    return structuredClone(parser.value);
  });
}

/** A spec with one wire schema and plan for every target. */
function specOf(schema: WireSchema, restore: RestorePlan = {}): ExtractorSpec<unknown> {
  return {
    name: "T",
    version: 1,
    instructions: "",
    schema,
    wire: {
      openai: { mode: "strict", name: "T", schema, restore },
      gemini: { mode: "json", field: "responseJsonSchema", schema, restore },
      anthropic: { mode: "output_format", toolName: "t", schema, restore },
    },
    validate: ((_: unknown) => true) as ExtractorSpec<unknown>["validate"],
  };
}

const order = orderSpec() as ExtractorSpec<unknown>;

describe("stream positions", () => {
  test("enum and const strings (also through $ref and inside arrays) appear only when complete", () => {
    const got = snapshots(order, "anthropic", ['{"status":"ship', 'ped","customer":{"tier":"go', 'ld"},"lines":[{"kind":"li', 'ne","sku":"A', '1"}]}']);
    expect(got).toEqual([
      {},
      { status: "shipped", customer: {} },
      { status: "shipped", customer: { tier: "gold" }, lines: [{}] },
      { status: "shipped", customer: { tier: "gold" }, lines: [{ kind: "line", sku: "A" }] },
      { status: "shipped", customer: { tier: "gold" }, lines: [{ kind: "line", sku: "A1" }] },
    ]);
  });

  test("a null the restore plan turns into absent is never shown; other nulls are", () => {
    expect(snapshots(order, "openai", ['{"note":null,"id":"O-1"}'])).toEqual([{ id: "O-1" }]);
    expect(snapshots(order, "openai", ['{"note":"fragile"}'])).toEqual([{ note: "fragile" }]);
    const open = specOf({ type: "object", properties: { a: { type: ["string", "null"] } } });
    expect(snapshots(open, "openai", ['{"a":null}'])).toEqual([{ a: null }]);
  });

  test("undeclared keys of a closed object are parsed but never shown", () => {
    expect(snapshots(order, "gemini", ['{"id":"O-1","extra":{"deep":[1,', '2]},"status":"pending"}'])).toEqual([{ id: "O-1" }, { id: "O-1", status: "pending" }]);
  });

  test("a union keeps whatever one of its branches keeps", () => {
    const schema: WireSchema = { anyOf: [{ type: "object", properties: { a: { type: "string" } } }, { type: "object", properties: { b: { type: "string" } } }] };
    const match = { types: ["object" as const] };
    const restore: RestorePlan = { root: { kind: "union", variants: [{ match, node: { kind: "object", props: { a: { nullToAbsent: true } }, closedKeys: ["a"] } }, { match }] } };
    expect(snapshots(specOf(schema, restore), "openai", ['{"a":null,"z":1}'])).toEqual([{ a: null, z: 1 }]);
    const hidesA = { kind: "object" as const, props: { a: { nullToAbsent: true as const } } };
    const both: RestorePlan = { root: { kind: "union", variants: [{ match, node: hidesA }, { match, node: { ...hidesA } }] } };
    expect(snapshots(specOf(schema, both), "openai", ['{"a":null}'])).toEqual([{}]);
  });

  test("an open object's additional restore node applies to its undeclared keys", () => {
    const schema: WireSchema = { type: "object", additionalProperties: { type: "object", properties: { n: { type: ["string", "null"] } } } };
    const restore: RestorePlan = { root: { kind: "object", additional: { kind: "object", props: { n: { nullToAbsent: true } } } } };
    expect(snapshots(specOf(schema, restore), "gemini", ['{"k1":{"n":null},"k2":{"n":"x"}}'])).toEqual([{ k1: {}, k2: { n: "x" } }]);
  });

  test("a map sent as {key, value} entries appears once complete, as the object it stands for", () => {
    const schema: WireSchema = {
      type: "object",
      properties: { id: { type: "string" }, prices: { type: "array", items: { type: "object", properties: { key: { type: "string" }, value: { type: "number" } } } } },
    };
    const restore: RestorePlan = { root: { kind: "object", props: { prices: { node: { kind: "object", entries: true } } } } };
    const got = snapshots(specOf(schema, restore), "openai", ['{"prices":[{"key":"a","value":1},{"ke', 'y":"__proto__","value":2}', '],"id":"x"}']);
    expect(got).toEqual([{}, {}, { prices: { a: 1, ["__proto__"]: 2 }, id: "x" }]);
    expect(Object.getPrototypeOf((got[2] as { prices: object }).prices)).toBe(Object.prototype);
  });

  test("a wrapped root: the plan's root applies to the unwrap property", () => {
    const schema: WireSchema = {
      type: "object",
      properties: { value: { type: "array", items: { type: "object", properties: { s: { enum: ["x", "y"] }, n: { type: ["string", "null"] } } } } },
    };
    const restore: RestorePlan = { unwrap: "value", root: { kind: "array", items: { kind: "object", props: { n: { nullToAbsent: true } } } } };
    expect(snapshots(specOf(schema, restore), "openai", ['{"value":[{"s":"x', '","n":null}]}'])).toEqual([{ value: [{}] }, { value: [{ s: "x" }] }]);
    expect(snapshots(tagsSpec() as ExtractorSpec<unknown>, "openai", ['{"value":["a', '"]}'])).toEqual([{ value: ["a"] }, { value: ["a"] }]);
  });

  test("tuples: prefixItems positions, then items", () => {
    const schema: WireSchema = { type: "array", prefixItems: [{ enum: ["a"] }, { type: "string" }], items: { const: "z" } };
    expect(snapshots(specOf(schema), "gemini", ['["', 'a","b', '","', 'z"]'])).toEqual([[], ["a", "b"], ["a", "b"], ["a", "b", "z"]]);
  });

  test("patternProperties and additionalProperties give undeclared keys their schema", () => {
    const schema: WireSchema = { type: "object", patternProperties: { "^e_": { enum: ["on"] } }, additionalProperties: { const: "k" } };
    expect(snapshots(specOf(schema), "gemini", ['{"e_1":"o', 'n","x":"', 'k","y":"f'])).toEqual([{}, { e_1: "on" }, { e_1: "on", x: "k" }]);
  });

  test("positions are cached per spec and target, and a recursive schema has finitely many", () => {
    const tree: WireSchema = {
      $ref: "#/$defs/Node",
      $defs: { Node: { type: "object", properties: { kind: { enum: ["leaf", "branch"] }, children: { type: "array", items: { $ref: "#/$defs/Node" } } } } },
    };
    const spec = specOf(tree);
    const root = streamPositions(spec, "gemini");
    expect(streamPositions(spec, "gemini")).toBe(root);
    expect(streamPositions(spec, "openai-responses")).toBe(streamPositions(spec, "openai"));
    const child = root.property("children")?.item(0) as JsonPosition;
    expect(child.property("children")?.item(3)).toBe(child);
    expect(child.property("children")?.item(5)?.property("kind")?.atomic).toBe(true);
  });

  const readmeSpec = {
    wire: {
      openai: {
        schema: {
          type: "object",
          properties: {
            number: { type: "string" },
            status: { enum: ["draft", "sent", "paid"] },
            note: { type: ["string", "null"] },
            total: { type: "number" },
            lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } } },
          },
        },
        restore: { root: { kind: "object", props: { note: { nullToAbsent: true } } } },
      },
    },
  } as unknown as ExtractorSpec<unknown>;
  
  test("the README example: what each snapshot shows", () => {
    const parser = new PartialJsonParser({ root: streamPositions(readmeSpec, "openai") });
    const steps: [string, unknown][] = [
      ['{"number":"INV-', { number: "INV-" }],
      ['7","status":"pa', { number: "INV-7" }],
      ['id","note":null,"total":12', { number: "INV-7", status: "paid" }],
      ['.5,"lines":[{"sku":"A', { number: "INV-7", status: "paid", total: 12.5, lines: [{ sku: "A" }] }],
      ['-1","qty":2}]}', { number: "INV-7", status: "paid", total: 12.5, lines: [{ sku: "A-1", qty: 2 }] }],
    ];
    for (const [chunk, want] of steps) {
      parser.write(chunk);
      expect(parser.value).toEqual(want);
    }
  });
});
