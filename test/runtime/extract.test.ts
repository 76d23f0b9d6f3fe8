/**
 * The pure steps of `extract` (the HTTP loop is covered end to end in test/e2e): finishing a
 * reply, checking it, and keeping prototype keys harmless through parse, restore and validation.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { ContentFilterError, RefusalError, TruncatedError } from "../../runtime/errors.js";
import { checkReply, finishError, replyText, restorePlanOf } from "../../runtime/extract.js";
import type { DialectReply } from "../../runtime/providers/dialect.js";
import type { ExtractorSpec, PrecompiledValidator, RestorePlan } from "../../runtime/spec.js";
import { personSpec } from "./helpers/spec.js";

const spec = personSpec();

describe("finishError", () => {
  type Case = [name: string, { given: Pick<DialectReply, "finish" | "reason" | "refusal">; want: unknown }];
  const cases: Case[] = [
    ["refusal", { given: { finish: "refusal", refusal: "no" }, want: RefusalError }],
    ["length", { given: { finish: "length", reason: "MAX_TOKENS" }, want: TruncatedError }],
    ["filter", { given: { finish: "filter", reason: "SAFETY" }, want: ContentFilterError }],
    ["stop", { given: { finish: "stop" }, want: undefined }],
    ["failed (re-asked like an invalid reply)", { given: { finish: "failed" }, want: undefined }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, () => {
      const error = finishError(given, 100, { attempts: 1 });
      if (want === undefined) expect(error).toBeUndefined();
      else expect(error).toBeInstanceOf(want as new (...args: never[]) => Error);
    });
  }

  test("a truncation names the provider's reason and the limit", () => {
    expect(finishError({ finish: "length", reason: "max_output_tokens" }, 256, {})?.message).toBe(
      "reply cut at the output token limit (max_output_tokens, maxOutputTokens 256); raise maxOutputTokens",
    );
  });
});

describe("checkReply", () => {
  const plan = restorePlanOf(spec, "openai");

  test("valid JSON text, restored then validated", () => {
    expect(checkReply(spec, plan, { finish: "stop", text: '{"name":"A","age":null,"tags":[]}' })).toEqual({ ok: true, data: { name: "A", tags: [] } });
  });

  test("tool input is taken as it is", () => {
    expect(checkReply(spec, {}, { finish: "stop", json: { name: "A", tags: ["t"] } })).toEqual({ ok: true, data: { name: "A", tags: ["t"] } });
  });

  test("issues carry JSON pointers", () => {
    expect(checkReply(spec, plan, { finish: "stop", text: '{"name":"","tags":[1]}' })).toEqual({
      ok: false,
      issues: [
        { path: "/name", message: "must NOT have fewer than 1 characters" },
        { path: "/tags/0", message: "must be string" },
      ],
    });
  });

  test("a failed finish is an issue at the root", () => {
    expect(checkReply(spec, plan, { finish: "failed", reason: "MALFORMED_RESPONSE" })).toEqual({
      ok: false,
      issues: [{ path: "", message: "the reply ended without an answer (MALFORMED_RESPONSE)" }],
    });
  });

  test("restore plans per provider (openai-responses uses the openai one)", () => {
    expect(restorePlanOf(spec, "openai-responses")).toBe(spec.wire.openai.restore);
    expect(restorePlanOf(spec, "gemini")).toBe(spec.wire.gemini.restore);
    expect(restorePlanOf(spec, "anthropic")).toBe(spec.wire.anthropic.restore);
  });

  test("replyText serialises tool input", () => {
    expect(replyText({ json: { a: 1 } })).toBe('{"a":1}');
    expect(replyText({ text: "t" })).toBe("t");
    expect(replyText({})).toBe("");
  });
});

describe("prototype keys in replies", () => {
  const POISON = '{"name":"E","tags":[],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"nested":{"__proto__":{"polluted":true}}}';

  function clean(): void {
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
  }

  test("a closed object drops them on restore", () => {
    const plan: RestorePlan = { root: { kind: "object", closedKeys: ["name", "age", "tags"] } };
    const r = checkReply(spec, plan, { finish: "stop", text: POISON });
    expect(r).toEqual({ ok: true, data: { name: "E", tags: [] } });
    clean();
  });

  test("an open object keeps them as plain own data", () => {
    const open = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    const openSpec = personSpec({ schema: open, validate: new Ajv2020().compile(open) as PrecompiledValidator<never> }) as unknown as ExtractorSpec<Record<string, unknown>>;
    const r = checkReply(openSpec, { root: { kind: "object", props: { name: {} } } }, { finish: "stop", text: `Here: ${POISON}` });
    expect(r.ok).toBe(true);
    const data = (r as { data: Record<string, unknown> }).data;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toContain("__proto__");
    expect(Object.getPrototypeOf(data["nested"])).toBe(Object.prototype);
    clean();
  });

  test("tool input objects (already parsed by JSON.parse) are just as safe", () => {
    const json: unknown = JSON.parse(POISON);
    checkReply(spec, { root: { kind: "object", closedKeys: ["name", "tags"] } }, { finish: "stop", json });
    clean();
  });
});
