/**
 * The README's "mock provider in your own tests" example, run through the package's own export
 * paths (`extractgen/testing`, `extractgen/runtime`: the built dist/, as users get it).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { extract, type ExtractorSpec, isExtractError, type PrecompiledValidator, RateLimitError } from "extractgen/runtime";
import { startMockProvider } from "extractgen/testing";
import { afterAll, beforeAll, expect, test } from "vitest";

interface City {
  name: string;
  population: number;
}

const schema = {
  type: "object",
  properties: { name: { type: "string" }, population: { type: "integer", minimum: 0 } },
  required: ["name", "population"],
  additionalProperties: false,
};
const citySpec: ExtractorSpec<City> = {
  name: "City",
  version: 1,
  instructions: "Extract the city.",
  schema,
  wire: {
    openai: { mode: "strict", name: "City", schema, restore: {} },
    gemini: { mode: "json", field: "responseJsonSchema", schema, restore: {} },
    anthropic: { mode: "output_format", toolName: "emit_city", schema, restore: {} },
  },
  validate: new Ajv2020().compile(schema) as PrecompiledValidator<City>,
};

let mock: Awaited<ReturnType<typeof startMockProvider>>;
beforeAll(async () => {
  mock = await startMockProvider({ seed: 42 });
});
afterAll(async () => {
  await mock.close();
});

test("an extractor pointed at the mock gets a valid value", async () => {
  const { data } = await extract(citySpec, "Lyon has 520,000 people.", { baseURL: mock.url, apiKey: "test-key", model: "any-model", provider: "anthropic" });
  expect(citySpec.validate(data)).toBe(true);
  expect(mock.requests).toHaveLength(1);
});

test("scripted faults: a rate limit, then the recorded answer", async () => {
  mock.script("flaky", [{ kind: "rate-limit", retryAfterMs: 10 }, { kind: "value", value: { name: "Lyon", population: 520000 } }]);
  const result = await extract(citySpec, "Lyon", { baseURL: mock.url, apiKey: "test-key", model: "flaky" });
  expect(result.data).toEqual({ name: "Lyon", population: 520000 });
  expect(result.attempts).toBe(2);

  mock.script("down", { kind: "rate-limit", retryAfterMs: 10 });
  const error = await extract(citySpec, "Lyon", { baseURL: mock.url, apiKey: "test-key", model: "down", maxRetries: 0 }).catch((e: unknown) => e);
  expect(isExtractError(error) && error.code).toBe("EG_RATE_LIMIT");
  expect(error).toBeInstanceOf(RateLimitError);
});
