/**
 * `stream` end to end in every dialect, over real HTTP against the mock provider on 127.0.0.1:
 * recorded SSE transcripts (fixtures/transcripts/<dialect>/stream-*.sse) replayed in small pieces, and
 * the mock's own streams with faults injected (refusal, truncation, filter, an error event mid-stream,
 * a cut connection, an abort).
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { type ExtractError, isExtractError } from "../../runtime/errors.js";
import type { ExtractorSpec, ProviderName } from "../../runtime/spec.js";
import { SseDecoder } from "../../runtime/sse.js";
import { stream } from "../../runtime/stream.js";
import { type MockProvider, type MockStep, startMockProvider } from "../../runtime/testing/index.js";
import type { ExtractOptions, ExtractResult } from "../../runtime/types.js";
import { openAIErrors } from "../runtime/helpers/openai-schemas.js";
import { type Person, personSpec } from "../runtime/helpers/spec.js";
import { type Order, orderSpec } from "../runtime/helpers/stream-specs.js";
import { openAITrafficProblems } from "./helpers/traffic.js";
import { growsInto } from "../helpers/grows-into.js";

const KEY = "sk-e2e-stream-0123456789";
const DIALECTS: ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ seed: 5, apiKey: KEY });
});
afterAll(() => mock.close());
afterEach(() => {
  try {
    expect(openAITrafficProblems(mock.requests)).toEqual([]);
  } finally {
    mock.reset();
  }
});

const transcript = (dialect: ProviderName, name: string): string => readFileSync(new URL(`../../fixtures/transcripts/${dialect}/${name}.sse`, import.meta.url), "utf8");

/** Replay a transcript as the mock's reply, in `chunkBytes`-byte pieces. */
const replay = (dialect: ProviderName, name: string, chunkBytes = 101): MockStep => ({
  kind: "recorded",
  body: transcript(dialect, name),
  headers: { "content-type": "text/event-stream" },
  dripMs: 1,
  chunkBytes,
});

interface Outcome<T> {
  snapshots: unknown[];
  result?: ExtractResult<T>;
  error?: ExtractError;
}

let serial = 0;
/**
 * Stream against the mock with a fresh model scripted with `steps`; snapshots are copied as they
 * come. One transport retry: on a loaded machine a kept-alive socket can be reset by the server
 * just as it is reused, before any reply (the retry then gets the same scripted step).
 */
async function run<T>(spec: ExtractorSpec<T>, provider: ProviderName, steps: MockStep[], options: ExtractOptions = {}): Promise<Outcome<T>> {
  const model = `${provider}-stream-${++serial}`;
  mock.script(model, steps);
  const s = stream(spec, "the input", { provider, baseURL: mock.url, apiKey: KEY, model, maxRetries: 1, ...options });
  const snapshots: unknown[] = [];
  try {
    for await (const snapshot of s) snapshots.push(structuredClone(snapshot));
    return { snapshots, result: await s.result() };
  } catch (e) {
    if (!isExtractError(e)) throw e;
    // final() rejects with the very error the iteration threw.
    await expect(s.final()).rejects.toBe(e);
    return { snapshots, error: e };
  }
}

const ORDER: Order = {
  id: "O-17",
  status: "shipped",
  customer: { name: "Ada Lovelace – Zürich", tier: "gold" },
  lines: [
    { kind: "line", sku: "A-1", qty: 2 },
    { kind: "line", sku: "B-22", qty: 1 },
  ],
};

const USAGE: Record<ProviderName, ExtractResult<Order>["usage"]> = {
  openai: { inputTokens: 118, outputTokens: 57, totalTokens: 175, reasoningTokens: 0 },
  "openai-responses": { inputTokens: 118, outputTokens: 57, totalTokens: 175, reasoningTokens: 0 },
  gemini: { inputTokens: 96, outputTokens: 76, totalTokens: 172, reasoningTokens: 21 },
  anthropic: { inputTokens: 412, outputTokens: 61, totalTokens: 473 },
};

describe("recorded transcripts", () => {
  const successes: [ProviderName, string][] = [
    ["openai", "stream-success"],
    ["openai-responses", "stream-success"],
    ["gemini", "stream-success"],
    ["anthropic", "stream-success"],
    ["anthropic", "stream-tool-use"],
  ];
  for (const [provider, name] of successes) {
    test(`${provider} ${name}: snapshots grow into the validated value; usage from the stream`, async () => {
      const spec = orderSpec();
      if (name === "stream-success" && provider === "anthropic") spec.wire.anthropic.mode = "output_format";
      const { snapshots, result, error } = await run(spec, provider, [replay(provider, name)]);
      expect(error?.message).toBeUndefined();
      expect(result!.data).toEqual(ORDER);
      expect(result!.usage).toEqual(USAGE[provider]);
      expect(snapshots.length).toBeGreaterThan(5);
      for (const snapshot of snapshots) expect(growsInto(snapshot, ORDER), JSON.stringify(snapshot)).toBe(true);
      expect(snapshots.at(-1)).toEqual(ORDER);
    });
  }

  const failures: [ProviderName, string, { code: string; fields?: Record<string, unknown> }][] = [
    ["openai", "stream-refusal", { code: "EG_REFUSAL", fields: { refusal: "I'm sorry, but I can't help with that." } }],
    ["openai", "stream-length", { code: "EG_TRUNCATED", fields: { reason: "length" } }],
    ["openai", "stream-content-filter", { code: "EG_CONTENT_FILTER", fields: { reason: "content_filter" } }],
    ["openai", "stream-error", { code: "EG_PROVIDER", fields: { type: "server_error", retryable: true } }],
    ["openai-responses", "stream-refusal", { code: "EG_REFUSAL", fields: { refusal: "I'm sorry, but I can't help with that." } }],
    ["openai-responses", "stream-max-output-tokens", { code: "EG_TRUNCATED", fields: { reason: "max_output_tokens" } }],
    ["openai-responses", "stream-content-filter", { code: "EG_CONTENT_FILTER", fields: { reason: "content_filter" } }],
    ["openai-responses", "stream-failed", { code: "EG_PROVIDER", fields: { type: "server_error" } }],
    ["openai-responses", "stream-error", { code: "EG_PROVIDER", fields: { type: "server_error" } }],
    ["gemini", "stream-max-tokens", { code: "EG_TRUNCATED", fields: { reason: "MAX_TOKENS" } }],
    ["gemini", "stream-safety", { code: "EG_CONTENT_FILTER", fields: { reason: "SAFETY" } }],
    ["gemini", "stream-prompt-blocked", { code: "EG_CONTENT_FILTER", fields: { reason: "PROHIBITED_CONTENT" } }],
    ["gemini", "stream-error", { code: "EG_PROVIDER", fields: { status: 503, type: "UNAVAILABLE", retryable: true } }],
    ["anthropic", "stream-refusal", { code: "EG_REFUSAL", fields: { refusal: "The request asks for content I can't provide." } }],
    ["anthropic", "stream-max-tokens", { code: "EG_TRUNCATED", fields: { reason: "max_tokens" } }],
    ["anthropic", "stream-error", { code: "EG_PROVIDER", fields: { type: "overloaded_error", retryable: true } }],
  ];
  for (const [provider, name, want] of failures) {
    test(`${provider} ${name}: ${want.code}`, async () => {
      const { error } = await run(orderSpec(), provider, [replay(provider, name)]);
      expect(error).toMatchObject({ code: want.code, provider, ...want.fields });
      expect(error!.attempts).toBeGreaterThanOrEqual(1);
      expect(error!.message).not.toContain(KEY);
    });
  }

  test("an error event before any text is a failed attempt: sent again, the consumer sees one reply", async () => {
    const overloaded = transcript("anthropic", "stream-error").split("event: content_block_delta")[0] + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const step: MockStep = { kind: "recorded", body: overloaded, headers: { "content-type": "text/event-stream" } };
    const { result, snapshots } = await run(orderSpec(), "anthropic", [step, replay("anthropic", "stream-tool-use")], { maxRetries: 1 });
    expect(result).toMatchObject({ data: ORDER, attempts: 2 });
    for (const snapshot of snapshots) expect(growsInto(snapshot, ORDER)).toBe(true);
  });

  test("OpenAI transcripts are valid vendor stream events", () => {
    const components = { openai: "CreateChatCompletionStreamResponse", "openai-responses": "ResponseStreamEvent" } as const;
    for (const [provider, component] of Object.entries(components) as [keyof typeof components, (typeof components)[keyof typeof components]][]) {
      const names = [...successes, ...failures].filter(([p]) => p === provider).map(([, name]) => name);
      for (const name of names) {
        const decoder = new SseDecoder();
        for (const event of [...decoder.push(transcript(provider, name)), ...decoder.end()]) {
          if (event.data === "[DONE]") continue;
          const data = JSON.parse(event.data) as Record<string, unknown>;
          if (provider === "openai" && "error" in data) continue;
          expect(openAIErrors(component, data), `${provider}/${name}: ${event.data.slice(0, 120)}`).toEqual([]);
        }
      }
    }
  });
});

describe.each(DIALECTS)("%s, the mock's own streams", (provider) => {
  const spec = personSpec();

  test.each([1, 16, 500])("a sampled value in %i-character deltas: valid, and snapshots grow into it", async (sseChunkSize) => {
    const { snapshots, result } = await run<Person>(spec, provider, [{ kind: "value", sseChunkSize }]);
    expect(spec.validate(result!.data)).toBe(true);
    expect(result!.usage.outputTokens).toBeGreaterThan(0);
    expect(snapshots.length).toBeGreaterThan(0);
    for (const snapshot of snapshots) expect(growsInto(snapshot, result!.data)).toBe(true);
  });

  const faults: [string, MockStep, string][] = [
    ["refusal", { kind: "refusal" }, provider === "gemini" ? "EG_VALIDATION" : "EG_REFUSAL"],
    ["truncation", { kind: "truncated" }, "EG_TRUNCATED"],
    ["content filter", { kind: "filtered" }, provider === "anthropic" ? "EG_REFUSAL" : "EG_CONTENT_FILTER"],
    ["an error event mid-stream", { kind: "stream-error" }, "EG_PROVIDER"],
    ["a connection cut mid-stream", { kind: "drop", afterBytes: 300 }, "EG_CONNECTION"],
    ["malformed JSON", { kind: "malformed" }, "EG_VALIDATION"],
  ];
  test.each(faults)("%s", async (_name, step, code) => {
    const { error } = await run<Person>(spec, provider, [step], { maxRepairs: 0, maxRetries: 0 });
    expect(error?.code).toBe(code);
  });

  test("a stream cut before anything was shown is sent again, within maxRetries", async () => {
    const cut: MockStep = { kind: "drop", afterBytes: 10 };
    const { result, snapshots } = await run<Person>(spec, provider, [cut, { kind: "value" }], { maxRetries: 1 });
    expect(result!.attempts).toBe(2);
    expect(snapshots.at(-1)).toEqual(result!.data);
    expect((await run<Person>(spec, provider, [cut, { kind: "value" }], { maxRetries: 0 })).error?.code).toBe("EG_CONNECTION");
  });

  test("a fenced reply streams and validates", async () => {
    const { result, snapshots } = await run<Person>(spec, provider, [{ kind: "fenced" }]);
    expect(spec.validate(result!.data)).toBe(true);
    expect(snapshots.at(-1)).toEqual(result!.data);
  });

  test("aborting the signal mid-stream ends at once with AbortedError and closes the connection", async () => {
    const controller = new AbortController();
    const model = `${provider}-abort-${++serial}`;
    mock.script(model, [{ kind: "value", sseChunkSize: 2, dripMs: 30 }]);
    const s = stream(spec, "the input", { provider, baseURL: mock.url, apiKey: KEY, model, maxRetries: 0, signal: controller.signal });
    const started = Date.now();
    let seen = 0;
    const error = await (async () => {
      try {
        for await (const _ of s) if (++seen === 2) controller.abort();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: "EG_ABORTED" });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect.poll(() => mock.requests.find((r) => r.model === model)?.complete).toBe(false);
  });
});
