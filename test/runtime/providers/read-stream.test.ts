/**
 * Recorded streams (fixtures/replies/<dialect>/<case>.sse) folded through each dialect's readEvent.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { DialectCall } from "../../../runtime/providers/dialect.js";
import type { ProviderName } from "../../../runtime/spec.js";
import { type FoldedStream, foldStream } from "../helpers/sse-frames.js";
import { personSpec } from "../helpers/spec.js";

const FIXTURES = new URL("../../../fixtures/replies/", import.meta.url);
const call: DialectCall = { spec: personSpec(), messages: [{ role: "user", content: "x" }], model: "m", apiKey: "k", stream: true };
const ALICE = '{"name":"Alice","age":31,"tags":[]}';

const cases: Record<ProviderName, Record<string, Partial<FoldedStream>>> = {
  openai: {
    "stream-success": { text: ALICE, finish: "stop", usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52, reasoningTokens: 0 }, done: true, errors: [] },
    "stream-refusal": { text: "", refusal: "I'm sorry, I cannot help.", finish: "stop", done: true },
    "stream-error-after-200": { text: '{"name":', errors: [{ type: "server_error", message: "The server had an error while processing your request.", retryable: true }] },
  },
  "openai-responses": {
    "stream-success": { text: ALICE, finish: "stop", reason: "completed", usage: { inputTokens: 40, outputTokens: 76, totalTokens: 116, reasoningTokens: 64 }, done: true },
    "stream-incomplete": { text: '{"name":"Al', finish: "length", reason: "max_output_tokens", done: true },
    "stream-error-event": { errors: [{ type: "server_error", message: "An error occurred while processing your request.", retryable: true }], done: true },
  },
  gemini: {
    "stream-success": { text: ALICE, finish: "stop", reason: "STOP", usage: { inputTokens: 12, outputTokens: 39, totalTokens: 51, reasoningTokens: 30 }, model: "gemini-2.5-flash" },
    "stream-error-chunk": { text: '{"name":', errors: [{ status: 503, type: "UNAVAILABLE", message: "The model is overloaded. Please try again later.", retryable: true }] },
    "stream-max-tokens": { text: '{"name":"Al', finish: "length", reason: "MAX_TOKENS" },
  },
  anthropic: {
    "stream-success": { text: ALICE, finish: "stop", reason: "end_turn", usage: { inputTokens: 40, outputTokens: 45, totalTokens: 85 }, done: true, model: "claude-sonnet-4-5-20250929" },
    "stream-tool-use": { text: '{"name": "Dora", "tags": ["b"]}', finish: "stop", reason: "tool_use", usage: { inputTokens: 400, outputTokens: 30, totalTokens: 430 }, done: true },
    "stream-overloaded": { text: '{"name":', errors: [{ type: "overloaded_error", message: "Overloaded", retryable: true }], done: false },
  },
};

for (const [provider, table] of Object.entries(cases) as [ProviderName, Record<string, Partial<FoldedStream>>][]) {
  describe(`${provider} recorded streams`, () => {
    const dir = new URL(`${provider}/`, FIXTURES);
    for (const [name, want] of Object.entries(table)) {
      test(name, () => expect(foldStream(provider, call, readFileSync(new URL(`${name}.sse`, dir), "utf8"))).toMatchObject(want));
    }
    test("every recorded stream has a case", () => {
      const recorded = readdirSync(dir).filter((f) => f.endsWith(".sse")).map((f) => f.slice(0, -".sse".length));
      expect(recorded.sort()).toEqual(Object.keys(table).sort());
    });
  });
}
