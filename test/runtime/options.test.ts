import { describe, expect, test } from "vitest";
import { ConfigError } from "../../runtime/errors.js";
import { normaliseBaseURL, resolveCallOptions } from "../../runtime/options.js";
import type { ExtractOptions } from "../../runtime/types.js";
import { personSpec } from "./helpers/spec.js";

const spec = personSpec({ model: "spec-model" });
const key = { apiKey: "sk-test-key" };

describe("resolveCallOptions", () => {
  test("defaults", () => {
    const r = resolveCallOptions(spec, key, {});
    expect(r).toMatchObject({ provider: "openai", baseURL: "https://api.openai.com", model: "spec-model", maxRetries: 2, maxRepairs: 1, timeoutMs: 600_000, maxResponseBytes: 16 * 1024 * 1024 });
    expect(r.temperature).toBeUndefined();
  });

  test("options win over the environment, which wins over the spec", () => {
    const env = { EXTRACTGEN_PROVIDER: "gemini", EXTRACTGEN_MODEL: "env-model", EXTRACTGEN_BASE_URL: "https://env.example", EXTRACTGEN_API_KEY: "env-key" };
    expect(resolveCallOptions(spec, {}, env)).toMatchObject({ provider: "gemini", model: "env-model", baseURL: "https://env.example", apiKey: "env-key" });
    expect(resolveCallOptions(spec, { provider: "anthropic", model: "m", baseURL: "https://o.example", apiKey: "k-opt" }, env)).toMatchObject({
      provider: "anthropic",
      model: "m",
      baseURL: "https://o.example",
      apiKey: "k-opt",
    });
    expect(resolveCallOptions(personSpec({ provider: "anthropic", model: "spec-model" }), key, {}).provider).toBe("anthropic");
  });

  test("OPENAI_BASE_URL and OPENAI_API_KEY are the fallbacks", () => {
    const r = resolveCallOptions(spec, {}, { OPENAI_BASE_URL: "https://relay.example/v1", OPENAI_API_KEY: "sk-openai" });
    expect(r).toMatchObject({ baseURL: "https://relay.example", apiKey: "sk-openai" });
  });

  test("EXTRACTGEN_* variables win over OPENAI_*", () => {
    const r = resolveCallOptions(spec, {}, { OPENAI_BASE_URL: "https://a.example", OPENAI_API_KEY: "k1-openai", EXTRACTGEN_BASE_URL: "https://b.example", EXTRACTGEN_API_KEY: "k2-eg" });
    expect(r).toMatchObject({ baseURL: "https://b.example", apiKey: "k2-eg" });
  });

  test("OPENAI_API_KEY is not sent to Google's or Anthropic's own endpoints", () => {
    const attempt = () => resolveCallOptions(spec, { provider: "anthropic" }, { OPENAI_API_KEY: "sk-openai" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/apiKey/);
    // ...but it is, to a relay named by a base URL.
    expect(resolveCallOptions(spec, { provider: "gemini", baseURL: "https://relay.example" }, { OPENAI_API_KEY: "sk-openai" }).apiKey).toBe("sk-openai");
  });

  test("vendor roots per provider when no base URL is set", () => {
    expect(resolveCallOptions(spec, { ...key, provider: "gemini" }, {}).baseURL).toBe("https://generativelanguage.googleapis.com");
    expect(resolveCallOptions(spec, { ...key, provider: "anthropic" }, {}).baseURL).toBe("https://api.anthropic.com");
  });

  test("the key and URL credentials are the secrets", () => {
    const r = resolveCallOptions(spec, { apiKey: "sk-secret", baseURL: "https://user:pa%20ss@relay.example/api/v1/" }, {});
    expect(r.baseURL).toBe("https://relay.example/api");
    expect(r.secrets).toEqual(["sk-secret", "user", "pa ss"]);
  });

  type Bad = [name: string, options: Record<string, unknown>, field: RegExp];
  const bad: Bad[] = [
    ["unknown provider", { provider: "cohere" }, /^provider: unknown provider "cohere"/],
    ["renamed option timeout", { timeout: 5 }, /^timeout: use timeoutMs/],
    ["renamed option baseUrl", { baseUrl: "x" }, /^baseUrl: use baseURL/],
    ["renamed option maxTokens", { maxTokens: 5 }, /^maxTokens: use maxOutputTokens/],
    ["negative maxRetries", { maxRetries: -1 }, /^maxRetries: must be a whole number >= 0/],
    ["fractional maxRepairs", { maxRepairs: 1.5 }, /^maxRepairs: /],
    ["zero timeoutMs", { timeoutMs: 0 }, /^timeoutMs: must be a number > 0/],
    ["timeoutMs past what a timer holds", { timeoutMs: 2 ** 31 }, /^timeoutMs: must be at most 2147483647/],
    ["string maxResponseBytes", { maxResponseBytes: "big" }, /^maxResponseBytes: /],
    ["temperature out of range", { temperature: 3 }, /^temperature: must be a number from 0 to 2/],
    ["zero maxOutputTokens", { maxOutputTokens: 0 }, /^maxOutputTokens: /],
    ["bad reasoning effort", { reasoning: { effort: "extreme" } }, /^reasoning\.effort: must be one of/],
    ["bad budget", { reasoning: { budgetTokens: -5 } }, /^reasoning\.budgetTokens: /],
    ["signal not an AbortSignal", { signal: {} }, /^signal: must be an AbortSignal/],
    ["client not a Dispatcher", { client: {} }, /^client: must be an undici Dispatcher/],
    ["base URL not a URL", { baseURL: "relay.example" }, /^baseURL: not a URL/],
    ["base URL not http", { baseURL: "ftp://relay.example" }, /^baseURL: must be http\(s\)/],
    ["base URL with a query", { baseURL: "https://relay.example/?key=1" }, /^baseURL: must not have a query/],
  ];
  for (const [name, options, message] of bad) {
    test(`rejects ${name}`, () => {
      let error: unknown;
      try {
        resolveCallOptions(spec, { ...key, ...(options as ExtractOptions) }, {});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(message);
    });
  }

  test("no model anywhere names the three places to set one", () => {
    expect(() => resolveCallOptions(personSpec(), key, {})).toThrow(/model: no model: pass options.model, set EXTRACTGEN_MODEL, or add "model"/);
  });

  test("a bad base URL with credentials is reported without them", () => {
    try {
      resolveCallOptions(spec, { ...key, baseURL: "ftp://user:hunter22@relay.example" }, {});
      expect.unreachable();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain("hunter22");
    }
  });
});

describe("normaliseBaseURL", () => {
  const cases: [string, string][] = [
    ["https://relay.example", "https://relay.example"],
    ["https://relay.example/", "https://relay.example"],
    ["https://relay.example/v1", "https://relay.example"],
    ["https://relay.example/v1/", "https://relay.example"],
    ["https://relay.example/api/v1", "https://relay.example/api"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["https://relay.example/v1beta", "https://relay.example/v1beta"],
  ];
  for (const [given, want] of cases) test(`${given} -> ${want}`, () => expect(normaliseBaseURL(given).url).toBe(want));
});
