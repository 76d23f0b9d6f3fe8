import { describe, expect, test } from "vitest";
import { constantJson, requestJson } from "../../runtime/request-json.js";

const schema = { type: "object", properties: { a: { type: "string", enum: ["x", "y"] } }, required: ["a"], additionalProperties: false };

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

// Every body must come out exactly as JSON.stringify writes it.
const bodies: [name: string, given: unknown][] = [
  ["a chat body with a marked schema", { model: "m", messages: [{ role: "user", content: 'say "hi"\n' }], response_format: { type: "json_schema", json_schema: { name: "X", strict: true, schema: constantJson(schema) } } }],
  ["a marked schema inside an array (Anthropic tools)", { tools: [{ name: "t", input_schema: constantJson(schema) }], max_tokens: 10 }],
  ["undefined and function properties are left out", { a: undefined, b: () => 1, c: 1 }],
  ["undefined and function items become null", [undefined, () => 1, 2]],
  ["toJSON is honoured", { at: new Date(0), nested: { toJSON: () => "custom" } }],
  ["class instances and null prototypes", { p: new Point(1, 2), n: Object.assign(Object.create(null) as object, { k: "v" }) }],
  ["keys that need escaping and integer-like keys", { 'q"uote': 1, "2": "two", "1": "one", "\u2028": true }],
  ["scalars at the root", "text"],
  ["empty containers", { o: {}, a: [], s: "" }],
  ["non-finite numbers", { n: Number.NaN, i: Number.POSITIVE_INFINITY, z: -0 }],
];

describe("requestJson", () => {
  for (const [name, given] of bodies) test(name, () => expect(requestJson(given)).toBe(JSON.stringify(given)));

  test("a marked object is serialised once: later bodies reuse its text", () => {
    const marked = constantJson({ v: 1 });
    expect(requestJson({ s: marked })).toBe('{"s":{"v":1}}');
    marked.v = 2; // specs never change; this shows the text is cached, not recomputed
    expect(requestJson({ s: marked })).toBe('{"s":{"v":1}}');
  });

  test("an unmarked object is serialised anew every time", () => {
    const plain = { v: 1 };
    expect(requestJson({ s: plain })).toBe('{"s":{"v":1}}');
    plain.v = 2;
    expect(requestJson({ s: plain })).toBe('{"s":{"v":2}}');
  });
});
