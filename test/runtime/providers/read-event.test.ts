import { describe, expect, test } from "vitest";
import { addUsage, type DialectCall, type DialectDelta, mergeUsage } from "../../../runtime/providers/dialect.js";
import { DIALECTS } from "../../../runtime/providers/index.js";
import type { ProviderName } from "../../../runtime/spec.js";
import type { SseEvent } from "../../../runtime/sse.js";
import { personSpec } from "../helpers/spec.js";

const call: DialectCall = { spec: personSpec(), messages: [{ role: "user", content: "x" }], model: "m", apiKey: "k", stream: true };
const data = (value: unknown, event?: string): SseEvent => (event === undefined ? { data: JSON.stringify(value) } : { event, data: JSON.stringify(value) });

type Case = [name: string, { given: SseEvent; want: DialectDelta | undefined }];

const tables: Record<ProviderName, Case[]> = {
  openai: [
    ["role chunk carries nothing", { given: data({ id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "", refusal: null }, finish_reason: null }], usage: null }), want: undefined }],
    ["content delta", { given: data({ model: "m", choices: [{ index: 0, delta: { content: '{"name":' }, finish_reason: null }] }), want: { model: "m", textDelta: '{"name":' } }],
    ["refusal delta", { given: data({ choices: [{ index: 0, delta: { refusal: "I can't" }, finish_reason: null }] }), want: { refusalDelta: "I can't" } }],
    ["tool-call argument delta", { given: data({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a"' } }] } }] }), want: { textDelta: '{"a"' } }],
    ["finish", { given: data({ choices: [{ index: 0, delta: {}, finish_reason: "length" }] }), want: { finish: "length", reason: "length" } }],
    ["usage chunk", { given: data({ choices: [], usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 } }), want: { usage: { inputTokens: 40, outputTokens: 12, totalTokens: 52 } } }],
    ["[DONE]", { given: { data: "[DONE]" }, want: { done: true } }],
    ["error after 200", { given: data({ error: { message: "overloaded", type: "server_error" } }), want: { error: { message: "overloaded", type: "server_error", retryable: true } } }],
    ["garbled event", { given: { data: '{"choices":[' }, want: { error: { message: 'stream event is not a JSON object: {"choices":[', retryable: true } } }],
  ],
  "openai-responses": [
    ["created is ignored", { given: data({ type: "response.created", sequence_number: 0, response: {} }, "response.created"), want: undefined }],
    ["text delta", { given: data({ type: "response.output_text.delta", delta: '{"a":', item_id: "m", output_index: 0, content_index: 0 }, "response.output_text.delta"), want: { textDelta: '{"a":' } }],
    ["refusal delta", { given: data({ type: "response.refusal.delta", delta: "No." }, "response.refusal.delta"), want: { refusalDelta: "No." } }],
    [
      "completed without output",
      {
        given: data({ type: "response.completed", response: { status: "completed", model: "g", usage: { input_tokens: 4, output_tokens: 6, total_tokens: 10, output_tokens_details: { reasoning_tokens: 2 } } } }),
        want: { done: true, finish: "stop", reason: "completed", model: "g", usage: { inputTokens: 4, outputTokens: 6, totalTokens: 10, reasoningTokens: 2 } },
      },
    ],
    ["incomplete", { given: data({ type: "response.incomplete", response: { status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } }), want: { done: true, finish: "length", reason: "max_output_tokens" } }],
    ["failed", { given: data({ type: "response.failed", response: { status: "failed", error: { code: "server_error", message: "boom" } } }), want: { done: true, error: { message: "boom", type: "server_error", retryable: true } } }],
    ["error event", { given: data({ type: "error", code: "rate_limit_exceeded", message: "slow down", param: null }, "error"), want: { done: true, error: { message: "slow down", type: "rate_limit_exceeded", retryable: true } } }],
  ],
  gemini: [
    ["text chunk", { given: data({ candidates: [{ content: { role: "model", parts: [{ text: '{"name":' }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }, modelVersion: "g" }), want: { textDelta: '{"name":', usage: { inputTokens: 12, outputTokens: 0, totalTokens: 12 }, model: "g" } }],
    ["thought parts skipped", { given: data({ candidates: [{ content: { parts: [{ text: "thinking...", thought: true }] } }] }), want: {} }],
    ["last chunk", { given: data({ candidates: [{ content: { parts: [{ text: "}" }] }, finishReason: "STOP" }], usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 9, totalTokenCount: 21 } }), want: { textDelta: "}", finish: "stop", reason: "STOP", usage: { inputTokens: 12, outputTokens: 9, totalTokens: 21 } } }],
    ["prompt blocked", { given: data({ promptFeedback: { blockReason: "SAFETY" } }), want: { finish: "filter", reason: "SAFETY" } }],
    ["error chunk", { given: data({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } }), want: { error: { status: 503, type: "UNAVAILABLE", message: "The model is overloaded.", retryable: true } } }],
    ["client error chunk", { given: data({ error: { code: 400, message: "bad", status: "INVALID_ARGUMENT" } }), want: { error: { status: 400, type: "INVALID_ARGUMENT", message: "bad", retryable: false } } }],
  ],
  anthropic: [
    ["message_start", { given: data({ type: "message_start", message: { model: "c", usage: { input_tokens: 40, output_tokens: 1 } } }, "message_start"), want: { model: "c", usage: { inputTokens: 40, outputTokens: 1, totalTokens: 41 } } }],
    ["ping", { given: data({ type: "ping" }, "ping"), want: undefined }],
    ["text delta", { given: data({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: '{"a"' } }), want: { textDelta: '{"a"' } }],
    ["tool input delta", { given: data({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: ':1}' } }), want: { textDelta: ":1}" } }],
    ["empty first tool fragment", { given: data({ type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "" } }), want: undefined }],
    ["thinking delta ignored", { given: data({ type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "hm" } }), want: undefined }],
    ["message_delta", { given: data({ type: "message_delta", delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 12 } }), want: { finish: "length", reason: "max_tokens", usage: { inputTokens: 0, outputTokens: 12, totalTokens: 12 } } }],
    ["refusal", { given: data({ type: "message_delta", delta: { stop_reason: "refusal", stop_details: { type: "refusal", explanation: "no" } } }), want: { finish: "refusal", reason: "refusal", refusalDelta: "no" } }],
    ["message_stop", { given: data({ type: "message_stop" }), want: { done: true } }],
    ["overloaded error", { given: data({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }, "error"), want: { error: { type: "overloaded_error", message: "Overloaded", retryable: true } } }],
    ["invalid request error", { given: data({ type: "error", error: { type: "invalid_request_error", message: "bad" } }, "error"), want: { error: { type: "invalid_request_error", message: "bad", retryable: false } } }],
    ["unknown event", { given: data({ type: "brand_new_event" }, "brand_new_event"), want: undefined }],
  ],
};

for (const [provider, cases] of Object.entries(tables) as [ProviderName, Case[]][]) {
  describe(`${provider} readEvent`, () => {
    for (const [name, { given, want }] of cases) test(name, () => expect(DIALECTS[provider].readEvent(given, call)).toEqual(want));
  });
}

describe("usage arithmetic", () => {
  test("mergeUsage keeps the largest counts (Anthropic start + delta)", () => {
    const start = { inputTokens: 40, outputTokens: 1, totalTokens: 41 };
    expect(mergeUsage(start, { inputTokens: 0, outputTokens: 12, totalTokens: 12 })).toEqual({ inputTokens: 40, outputTokens: 12, totalTokens: 52 });
    expect(mergeUsage(undefined, start)).toBe(start);
    expect(mergeUsage(start, { inputTokens: 40, outputTokens: 30, totalTokens: 90, reasoningTokens: 20 })).toEqual({ inputTokens: 40, outputTokens: 30, totalTokens: 90, reasoningTokens: 20 });
  });

  test("addUsage sums requests", () => {
    expect(addUsage({ inputTokens: 1, outputTokens: 2, totalTokens: 3 }, { inputTokens: 10, outputTokens: 20, totalTokens: 30, reasoningTokens: 5 })).toEqual({ inputTokens: 11, outputTokens: 22, totalTokens: 33, reasoningTokens: 5 });
    expect(addUsage(undefined, undefined)).toBeUndefined();
  });
});
