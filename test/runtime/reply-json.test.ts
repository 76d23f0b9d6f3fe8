import { describe, expect, test } from "vitest";
import { parseReplyJson } from "../../runtime/reply-json.js";

type Case = [name: string, { given: string; want: unknown }];

const ok: Case[] = [
  ["bare object", { given: '{"a":1}', want: { a: 1 } }],
  ["bare array with whitespace", { given: ' \n[1, 2]\n', want: [1, 2] }],
  ["json fence", { given: '```json\n{"a":1}\n```', want: { a: 1 } }],
  ["bare fence", { given: '```\n{"a":1}\n```', want: { a: 1 } }],
  ["fence with prose around", { given: 'Sure!\n```json\n{"a":[1]}\n```\nAnything else?', want: { a: [1] } }],
  ["prose around an object", { given: 'Here it is: {"a":"}{"} - done.', want: { a: "}{" } }],
  ["escaped quotes inside strings", { given: 'x {"a":"say \\"hi\\" {"} y', want: { a: 'say "hi" {' } }],
  ["braces in prose before the value", { given: 'Use {curly} braces: {"a":2}', want: { a: 2 } }],
  ["a scalar", { given: "42", want: 42 }],
];

describe("parseReplyJson", () => {
  for (const [name, { given, want }] of ok) test(name, () => expect(parseReplyJson(given)).toEqual({ ok: true, value: want }));

  test("malformed JSON is an issue at the root", () => {
    const r = parseReplyJson('{"a":1');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issue.path).toBe("");
      expect(r.issue.message).toMatch(/^reply is not valid JSON \(/);
    }
  });

  test("an empty reply says so", () => {
    expect(parseReplyJson("")).toEqual({ ok: false, issue: { path: "", message: "reply is empty, expected a JSON value" } });
  });

  test("prototype keys stay plain own keys", () => {
    const r = parseReplyJson('Result: {"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    expect(r.ok).toBe(true);
    const value = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "constructor"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
