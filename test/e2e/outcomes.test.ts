/**
 * Every dialect x every outcome, end to end: `extract` over real HTTP against the mock provider on
 * 127.0.0.1. After each test, every OpenAI-dialect request and reply the mock saw is checked
 * against the official OpenAI components.
 */
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  AbortedError,
  ConnectionError,
  ContentFilterError,
  type ExtractError,
  isExtractError,
  ProviderError,
  RateLimitError,
  RefusalError,
  ResponseTooLargeError,
  TimeoutError,
  TruncatedError,
  ValidationError,
} from "../../runtime/errors.js";
import { extract } from "../../runtime/extract.js";
import type { ProviderName } from "../../runtime/spec.js";
import { type MockProvider, type MockRequest, type MockStep, startMockProvider } from "../../runtime/testing/index.js";
import type { ExtractOptions, ExtractResult } from "../../runtime/types.js";
import { type Person, personSpec } from "../runtime/helpers/spec.js";
import { openAITrafficProblems } from "./helpers/traffic.js";

const KEY = "sk-e2e-0123456789abcdef";
const DIALECTS: ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];
const spec = personSpec();
const ALICE: Person = { name: "Alice", age: 31, tags: ["a"] };

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ seed: 11, apiKey: KEY });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  try {
    expect(openAITrafficProblems(mock.requests)).toEqual([]);
  } finally {
    mock.reset();
  }
});

let serial = 0;
/** Run `extract` against the mock with a fresh model name scripted with `steps`. */
async function run(provider: ProviderName, steps: MockStep[], options: ExtractOptions = {}): Promise<{ result?: ExtractResult<Person>; error?: ExtractError; requests: MockRequest[] }> {
  const model = `${provider}-model-${++serial}`;
  mock.script(model, steps);
  try {
    const result = await extract(spec, "Alice is 31, tagged a.", { provider, baseURL: mock.url, apiKey: KEY, model, maxRetries: 2, ...options });
    return { result, requests: mock.requests.filter((r) => r.model === model) };
  } catch (e) {
    if (!isExtractError(e)) throw e;
    return { error: e, requests: mock.requests.filter((r) => r.model === model) };
  }
}

/** Turns in a request's conversation, per dialect. */
function turns(provider: ProviderName, body: unknown): number {
  const b = body as Record<string, unknown[]>;
  const list = provider === "openai" || provider === "anthropic" ? b["messages"] : provider === "gemini" ? b["contents"] : b["input"];
  return list?.length ?? 0;
}

function expectNoKey(error: unknown): void {
  for (const view of [String((error as Error).message), String((error as Error).stack), inspect(error, { depth: 10 }), JSON.stringify(error)]) expect(view).not.toContain(KEY);
}

describe.each(DIALECTS)("%s", (provider) => {
  test("success: a sampled value valid for the schema, usage normalised", async () => {
    const { result, requests } = await run(provider, []);
    expect(result).toBeDefined();
    expect(spec.validate(result!.data)).toBe(true);
    expect(result!).toMatchObject({ attempts: 1, provider, model: requests[0]!.model });
    expect(result!.usage.inputTokens).toBeGreaterThan(0);
    expect(result!.usage.outputTokens).toBeGreaterThan(0);
    expect(result!.usage.totalTokens).toBe(result!.usage.inputTokens + result!.usage.outputTokens);
    expect(JSON.parse(result!.raw)).toBeDefined();
    expect(requests).toHaveLength(1);
  });

  test("success: the same seed gives the same value", async () => {
    const first = await run(provider, []);
    const second = await run(provider, []);
    expect(second.result!.data).toEqual(first.result!.data);
  });

  test("a null for an optional property: restored to absent where the lowering made it nullable, else repaired", async () => {
    const { result } = await run(provider, [{ kind: "value", value: { name: "Bob", age: null, tags: [] } }, { kind: "value", value: { name: "Bob", tags: [] } }]);
    expect(result!.data).toEqual({ name: "Bob", tags: [] });
    expect(result!.attempts).toBe(provider === "openai" || provider === "openai-responses" ? 1 : 2);
  });

  test("success: JSON in a markdown fence", async () => {
    const { result } = await run(provider, [{ kind: "fenced" }]);
    expect(spec.validate(result!.data)).toBe(true);
    expect(result!.attempts).toBe(1);
  });

  test("success: JSON surrounded by prose", async () => {
    const { result } = await run(provider, [{ kind: "prose" }]);
    expect(spec.validate(result!.data)).toBe(true);
  });

  test("refusal: RefusalError, never retried (Gemini has no refusal signal: prose, then ValidationError)", async () => {
    const { error, requests } = await run(provider, [{ kind: "refusal", message: "I can't help with that." }, { kind: "refusal", message: "Still no." }]);
    if (provider === "gemini") {
      expect(error).toBeInstanceOf(ValidationError);
      expect(requests).toHaveLength(2);
      return;
    }
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).refusal).toBe("I can't help with that.");
    expect(error!.attempts).toBe(1);
    expect(requests).toHaveLength(1);
    expectNoKey(error);
  });

  test("truncation: TruncatedError, not re-asked", async () => {
    const { error, requests } = await run(provider, [{ kind: "truncated" }], { maxOutputTokens: 64 });
    expect(error).toBeInstanceOf(TruncatedError);
    expect((error as TruncatedError).limit).toBe(64);
    expect(error!.raw).toBeDefined();
    expect(error!.usage?.outputTokens).toBeGreaterThan(0);
    expect(requests).toHaveLength(1);
    expectNoKey(error);
  });

  test("content filter: ContentFilterError (Anthropic reports it as a refusal)", async () => {
    const { error, requests } = await run(provider, [{ kind: "filtered" }]);
    expect(error).toBeInstanceOf(provider === "anthropic" ? RefusalError : ContentFilterError);
    expect(requests).toHaveLength(1);
    expectNoKey(error);
  });

  test("malformed JSON, then repaired: the re-ask carries the reply and the issues", async () => {
    const { result, requests } = await run(provider, [{ kind: "malformed" }, { kind: "value", value: ALICE }]);
    expect(result!.data).toEqual(ALICE);
    expect(result!.attempts).toBe(2);
    const repair = JSON.stringify(requests[1]!.body);
    expect(turns(provider, requests[1]!.body)).toBe(turns(provider, requests[0]!.body) + 2);
    expect(repair).toContain("Your previous reply is not valid for the required JSON schema");
    expect(repair).toContain("(root): reply is not valid JSON");
    expect(result!.usage.inputTokens).toBeGreaterThan(0);
  });

  test("invalid for the original schema twice: ValidationError with issues and raw", async () => {
    const invalid = { name: "", tags: ["x"] };
    const { error, requests } = await run(provider, [{ kind: "value", value: invalid }, { kind: "value", value: invalid }]);
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.issues).toEqual([{ path: "/name", message: "must NOT have fewer than 1 characters" }]);
    expect(JSON.parse(v.raw!)).toMatchObject(invalid);
    expect(v.attempts).toBe(2);
    expect(requests).toHaveLength(2);
    expect(JSON.stringify(requests[1]!.body)).toContain("/name: must NOT have fewer than 1 characters");
    expectNoKey(error);
  });

  test("maxRepairs 0: the first invalid reply is the error", async () => {
    const { error, requests } = await run(provider, [{ kind: "malformed" }], { maxRepairs: 0 });
    expect(error).toBeInstanceOf(ValidationError);
    expect(requests).toHaveLength(1);
  });

  test("429 with Retry-After, then success", async () => {
    const { result, requests } = await run(provider, [{ kind: "rate-limit", retryAfterMs: 20 }]);
    expect(result!.attempts).toBe(2);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
  });

  test("429 out of retries: RateLimitError with the wait asked for", async () => {
    const steps: MockStep[] = [{ kind: "rate-limit", retryAfterMs: 5 }, { kind: "rate-limit", retryAfterMs: 5 }];
    const { error } = await run(provider, steps, { maxRetries: 1 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 5, attempts: 2 });
    expectNoKey(error);
  });

  test("529 overloaded, then success", async () => {
    const { result } = await run(provider, [{ kind: "error", status: 529, headers: { "retry-after-ms": "5" } }]);
    expect(result!.attempts).toBe(2);
  });

  test("5xx retries exhausted: ProviderError", async () => {
    const fail: MockStep = { kind: "error", status: 503, message: "upstream unavailable", headers: { "retry-after-ms": "5" } };
    const { error, requests } = await run(provider, [fail, fail, fail]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503, attempts: 3, retryable: true });
    expect(error!.message).toBe(`${provider} returned HTTP 503: upstream unavailable`);
    expect(requests).toHaveLength(3);
    expectNoKey(error);
  });

  test("dropped connection before a reply, then success", async () => {
    const { result } = await run(provider, [{ kind: "drop" }], { maxRetries: 1 });
    expect(result!.attempts).toBe(2);
  });

  test("connection dropped mid-body, then success", async () => {
    const { result } = await run(provider, [{ kind: "drop", afterBytes: 40 }], { maxRetries: 1 });
    expect(result!.attempts).toBe(2);
  });

  test("dropped on every attempt: ConnectionError", async () => {
    const { error } = await run(provider, [{ kind: "drop" }, { kind: "drop" }], { maxRetries: 1 });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error!.attempts).toBe(2);
    expectNoKey(error);
  });

  test("timeout while the body trickles in: TimeoutError", async () => {
    const started = Date.now();
    const { error } = await run(provider, [{ kind: "value", dripMs: 100, chunkBytes: 8 }], { timeoutMs: 300 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    expectNoKey(error);
  });

  test("abort: AbortedError at once", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const { error } = await run(provider, [{ kind: "value", latencyMs: 5000 }], { signal: controller.signal });
    expect(error).toBeInstanceOf(AbortedError);
    expect(Date.now() - started).toBeLessThan(1000);
    expectNoKey(error);
  });

  test("oversized body: ResponseTooLargeError", async () => {
    const { error } = await run(provider, [{ kind: "oversized", bytes: 4 * 1024 * 1024 }], { maxResponseBytes: 256 * 1024 });
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expectNoKey(error);
  });

  test("HTML error body from a proxy", async () => {
    const { error } = await run(provider, [{ kind: "error", status: 502, shape: "html" }], { maxRetries: 0 });
    expect(error!.message).toBe(`${provider} returned HTTP 502: non-JSON body: 502 Bad Gateway`);
  });

  test.each(["openai", "google", "anthropic", "empty"] as const)("error body in the %s shape", async (shape) => {
    const { error } = await run(provider, [{ kind: "error", status: 400, shape, message: "bad request here" }]);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, attempts: 1 });
    expect(error!.message).toBe(`${provider} returned HTTP 400: ${shape === "empty" ? "empty body (HTTP 400)" : "bad request here"}`);
  });

  test("a wrong API key: 401, not retried, key not shown", async () => {
    const model = `${provider}-badkey`;
    const error = await extract(spec, "x", { provider, baseURL: mock.url, apiKey: "sk-wrong-key-987654321", model }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 401, attempts: 1 });
    expect(inspect(error, { depth: 10 })).not.toContain("sk-wrong-key-987654321");
  });

  test("prototype keys in a reply pollute nothing", async () => {
    const text = '{"name":"Eve","age":null,"tags":[],"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
    const { result, error } = await run(provider, [{ kind: "text", text }, { kind: "text", text }]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
    // Closed objects drop undeclared keys on restore or fail validation; either way nothing leaks.
    if (result) expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    else expect(error).toBeInstanceOf(ValidationError);
  });
});

describe("rate-limit hints", () => {
  test("Gemini RetryInfo in the body is honoured", async () => {
    const started = Date.now();
    const { result, requests } = await run("gemini", [{ kind: "rate-limit", retryDelay: "0.3s" }]);
    expect(result!.attempts).toBe(2);
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  test("Retry-After in seconds is honoured", async () => {
    const started = Date.now();
    const { result } = await run("anthropic", [{ kind: "rate-limit", retryAfter: 1 }]);
    expect(result!.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  test("a relay's Google-shaped 429 on an OpenAI path still carries RetryInfo", async () => {
    const { error } = await run("openai", [{ kind: "rate-limit", retryDelay: "0.01s", shape: "google" }], { maxRetries: 0 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(10);
  });
});
