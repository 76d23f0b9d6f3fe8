/**
 * Recorded replies (fixtures/replies/<dialect>/<case>.json) read offline by each dialect.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { DialectCall, DialectReply } from "../../../runtime/providers/dialect.js";
import { DIALECTS } from "../../../runtime/providers/index.js";
import type { ProviderName } from "../../../runtime/spec.js";
import { personSpec } from "../helpers/spec.js";

const FIXTURES = new URL("../../../fixtures/replies/", import.meta.url);
const call = (provider: ProviderName): DialectCall => ({
  spec: personSpec({ wire: { ...personSpec().wire, anthropic: { ...personSpec().wire.anthropic, mode: "tool" } } }),
  messages: [{ role: "user", content: "x" }],
  model: "m",
  apiKey: "k",
  stream: provider === "gemini" && false,
});

const cases: Record<ProviderName, Record<string, DialectReply>> = {
  openai: {
    success: {
      finish: "stop",
      reason: "stop",
      text: '{"name":"Alice","age":31,"tags":[]}',
      model: "gpt-4o-mini-2024-07-18",
      usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52, reasoningTokens: 0 },
    },
    refusal: { finish: "refusal", reason: "stop", refusal: "I'm sorry, I cannot assist with that request.", model: "gpt-4o-2024-08-06", usage: { inputTokens: 81, outputTokens: 10, totalTokens: 91 } },
    length: { finish: "length", reason: "length", text: '{"name":"Ali', model: "o4-mini-2025-04-16", usage: { inputTokens: 40, outputTokens: 64, totalTokens: 104, reasoningTokens: 60 } },
    "content-filter": { finish: "filter", reason: "content_filter", text: '{"name":', model: "gpt-4o-mini", usage: { inputTokens: 30, outputTokens: 3, totalTokens: 33 } },
    "tool-calls": { finish: "stop", reason: "tool_calls", text: '{"name":"Bob","age":null,"tags":["x"]}', model: "claude-sonnet-4-5", usage: { inputTokens: 50, outputTokens: 20, totalTokens: 70 } },
    "relay-reasoning-content": {
      finish: "stop",
      reason: "stop",
      text: '```json\n{"name":"Carol","age":null,"tags":[]}\n```',
      model: "deepseek-reasoner",
      usage: { inputTokens: 12, outputTokens: 30, totalTokens: 42, reasoningTokens: 18 },
    },
    "no-choices": { finish: "failed", reason: "reply has no choices", model: "gpt-4o-mini" },
  },
  "openai-responses": {
    success: {
      finish: "stop",
      reason: "completed",
      text: '{"name":"Alice","age":31,"tags":["a"]}',
      model: "gpt-5-mini-2025-08-07",
      usage: { inputTokens: 40, outputTokens: 212, totalTokens: 252, reasoningTokens: 192 },
    },
    refusal: { finish: "refusal", refusal: "I can't help with that.", model: "gpt-4o-2024-08-06", usage: { inputTokens: 20, outputTokens: 7, totalTokens: 27, reasoningTokens: 0 } },
    "incomplete-max-output-tokens": { finish: "length", reason: "max_output_tokens", text: '{"name":"Al', model: "gpt-5-mini", usage: { inputTokens: 40, outputTokens: 16, totalTokens: 56, reasoningTokens: 12 } },
    "incomplete-content-filter": { finish: "filter", reason: "content_filter", model: "gpt-4o-mini", usage: { inputTokens: 40, outputTokens: 0, totalTokens: 40, reasoningTokens: 0 } },
    failed: { finish: "failed", reason: "The model failed to generate a response.", model: "gpt-4o-mini" },
  },
  gemini: {
    "success-with-thoughts": {
      finish: "stop",
      reason: "STOP",
      text: '{"name":"Alice","age":31,"tags":[]}',
      model: "gemini-2.5-flash",
      usage: { inputTokens: 12, outputTokens: 129, totalTokens: 141, reasoningTokens: 120 },
    },
    "max-tokens": { finish: "length", reason: "MAX_TOKENS", text: '{"name":"Al', model: "gemini-2.5-flash", usage: { inputTokens: 12, outputTokens: 64, totalTokens: 76, reasoningTokens: 60 } },
    "max-tokens-no-parts": { finish: "length", reason: "MAX_TOKENS", model: "gemini-2.5-pro", usage: { inputTokens: 12, outputTokens: 64, totalTokens: 76, reasoningTokens: 64 } },
    safety: { finish: "filter", reason: "SAFETY", model: "gemini-2.5-flash", usage: { inputTokens: 30, outputTokens: 0, totalTokens: 30 } },
    "prompt-blocked": { finish: "filter", reason: "PROHIBITED_CONTENT", model: "gemini-2.5-flash", usage: { inputTokens: 25, outputTokens: 0, totalTokens: 25 } },
    "malformed-response": { finish: "failed", reason: "MALFORMED_RESPONSE", text: "", model: "gemini-2.5-flash", usage: { inputTokens: 25, outputTokens: 1, totalTokens: 26 } },
  },
  anthropic: {
    "text-after-thinking": {
      finish: "stop",
      reason: "end_turn",
      text: '{"name":"Alice","age":31,"tags":["a"]}',
      model: "claude-sonnet-4-5-20250929",
      usage: { inputTokens: 250, outputTokens: 120, totalTokens: 370, reasoningTokens: 100 },
    },
    "tool-use": {
      finish: "stop",
      reason: "tool_use",
      json: JSON.parse('{ "name": "Dora", "tags": ["b"], "__proto__": { "polluted": true } }'),
      model: "claude-haiku-4-5",
      usage: { inputTokens: 400, outputTokens: 30, totalTokens: 430 },
    },
    refusal: { finish: "refusal", reason: "refusal", refusal: "This request asks for help attacking systems.", model: "claude-sonnet-4-5", usage: { inputTokens: 30, outputTokens: 5, totalTokens: 35 } },
    "max-tokens": { finish: "length", reason: "max_tokens", text: '{"name":"Al', model: "claude-sonnet-4-5", usage: { inputTokens: 30, outputTokens: 16, totalTokens: 46 } },
    "context-window-exceeded": { finish: "length", reason: "model_context_window_exceeded", text: '{"name":', model: "claude-sonnet-4-5", usage: { inputTokens: 199000, outputTokens: 1000, totalTokens: 200000 } },
  },
};

for (const [provider, table] of Object.entries(cases) as [ProviderName, Record<string, DialectReply>][]) {
  describe(`${provider} readReply`, () => {
    const dir = new URL(`${provider}/`, FIXTURES);
    for (const [name, want] of Object.entries(table)) {
      test(name, () => {
        const body: unknown = JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8"));
        expect(DIALECTS[provider].readReply(body, call(provider))).toEqual(want);
      });
    }

    test("every recorded reply has a case", () => {
      const recorded = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -".json".length));
      expect(recorded.sort()).toEqual(Object.keys(table).sort());
    });

    test("odd bodies read as failed, never throw", () => {
      for (const body of [null, 42, "text", [], {}, { choices: "x", candidates: {}, content: 7, output: null }]) {
        expect(DIALECTS[provider].readReply(body, call(provider)).finish).toBe("failed");
      }
    });
  });
}
