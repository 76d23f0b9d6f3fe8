/**
 * What goes over the wire end to end: inputs with parts, every lowering mode, reasoning, the
 * environment as configuration, relays (a base URL with a path, `/v1` suffix). Each request is
 * read back from the mock provider and, for the OpenAI dialects, validated against the official
 * request components.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { extract } from "../../runtime/extract.js";
import type { ExtractorSpec, ProviderName } from "../../runtime/spec.js";
import { type MockProvider, startMockProvider } from "../../runtime/testing/index.js";
import type { ExtractOptions, Message } from "../../runtime/types.js";
import { type Person, personSpec } from "../runtime/helpers/spec.js";
import { openAITrafficProblems } from "./helpers/traffic.js";

const KEY = "sk-e2e-requests-0123456789";
const DIALECTS: ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const PDF = Buffer.from("%PDF-1.4\n%mock\n").toString("base64");

let mock: MockProvider;
beforeAll(async () => {
  mock = await startMockProvider({ seed: 3 });
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

function options(provider: ProviderName, extra: ExtractOptions = {}): ExtractOptions {
  return { provider, baseURL: mock.url, apiKey: KEY, model: `${provider}-req`, ...extra };
}

function lastBody(): Record<string, unknown> {
  return mock.requests.at(-1)!.body as Record<string, unknown>;
}

describe.each(DIALECTS)("%s", (provider) => {
  test("a conversation with text, images (URL and base64) and a PDF", async () => {
    const input: Message[] = [
      { role: "system", content: "Names are capitalised." },
      {
        role: "user",
        content: [
          { type: "text", text: "Who is on the badge?" },
          { type: "image", url: "https://example.com/badge.png" },
          { type: "image", url: `data:image/png;base64,${PNG}` },
          { type: "file", data: PDF, mimeType: "application/pdf", filename: "badge.pdf" },
        ],
      },
    ];
    const { data } = await extract(personSpec(), input, options(provider));
    expect(typeof data.name).toBe("string");
    const body = JSON.stringify(lastBody());
    expect(body).toContain("Names are capitalised.");
    expect(body).toContain("https://example.com/badge.png");
    expect(body).toContain(PNG);
    expect(body).toContain(PDF);
  });

  test("reasoning settings reach the request", async () => {
    await extract(personSpec(), "x", options(provider, { reasoning: { effort: "low", budgetTokens: 2048, includeThoughts: true }, maxOutputTokens: 8192 }));
    const body = lastBody();
    if (provider === "openai") expect(body["reasoning_effort"]).toBe("low");
    if (provider === "openai-responses") expect(body["reasoning"]).toEqual({ effort: "low", summary: "auto" });
    if (provider === "gemini") expect((body["generationConfig"] as Record<string, unknown>)["thinkingConfig"]).toEqual({ thinkingBudget: 2048, includeThoughts: true });
    if (provider === "anthropic") expect(body["thinking"]).toEqual({ type: "enabled", budget_tokens: 2048 });
  });

  test("the environment configures the call", async () => {
    const saved = { ...process.env };
    try {
      process.env["EXTRACTGEN_PROVIDER"] = provider;
      process.env["EXTRACTGEN_BASE_URL"] = `${mock.url}/v1`;
      process.env["EXTRACTGEN_API_KEY"] = KEY;
      process.env["EXTRACTGEN_MODEL"] = "from-env";
      const result = await extract(personSpec(), "Alice");
      expect(result.provider).toBe(provider);
      expect(mock.requests.at(-1)!.model).toBe("from-env");
    } finally {
      process.env = saved;
    }
  });
});

describe("lowering modes over the wire", () => {
  test("OpenAI json_object: the schema rides in the prompt and the answer still validates", async () => {
    const base = personSpec();
    const spec: ExtractorSpec<Person> = personSpec({ wire: { ...base.wire, openai: { ...base.wire.openai, mode: "json_object" } } });
    for (const provider of ["openai", "openai-responses"] as const) {
      const { data } = await extract(spec, "Alice", options(provider));
      expect(base.validate(data)).toBe(true);
    }
  });

  test("Anthropic forced tool: the value comes back as tool input", async () => {
    const base = personSpec();
    const spec = personSpec({ wire: { ...base.wire, anthropic: { ...base.wire.anthropic, mode: "tool" } } });
    const result = await extract(spec, "Alice", options("anthropic"));
    expect(lastBody()["tool_choice"]).toEqual({ type: "tool", name: "emit_person", disable_parallel_tool_use: true });
    expect(base.validate(result.data)).toBe(true);
    expect(JSON.parse(result.raw)).toEqual(result.data);
  });

  test("Anthropic forced tool with thinking: output_config.format instead", async () => {
    const base = personSpec();
    const spec = personSpec({ wire: { ...base.wire, anthropic: { ...base.wire.anthropic, mode: "tool" } } });
    await extract(spec, "Alice", options("anthropic", { reasoning: { budgetTokens: 1024 } }));
    const body = lastBody();
    expect(body["tools"]).toBeUndefined();
    expect(body["tool_choice"]).toBeUndefined();
    expect(body["output_config"]).toEqual({ format: { type: "json_schema", schema: base.wire.anthropic.schema } });
  });

  test("Gemini responseSchema (Google Schema) is answered and validated", async () => {
    const base = personSpec();
    const google = {
      type: "OBJECT",
      properties: { name: { type: "STRING" }, age: { type: "INTEGER", nullable: true }, tags: { type: "ARRAY", items: { type: "STRING" } } },
      required: ["name", "tags"],
      propertyOrdering: ["name", "age", "tags"],
    };
    const spec = personSpec({ wire: { ...base.wire, gemini: { mode: "json", field: "responseSchema", schema: google, restore: { root: { kind: "object", props: { age: { nullToAbsent: true } } } } } } });
    const { data } = await extract(spec, "Alice", options("gemini"));
    expect(base.validate(data)).toBe(true);
    expect((lastBody()["generationConfig"] as Record<string, unknown>)["responseSchema"]).toEqual(google);
  });
});

describe("relays", () => {
  test("one base URL with a path prefix serves all four dialects", async () => {
    // The mock serves the root; a relay at /api would be reached as /api/v1/...: check the paths.
    for (const provider of DIALECTS) await extract(personSpec(), "Alice", options(provider, { baseURL: `${mock.url}/v1/` }));
    expect(mock.requests.map((r) => r.path)).toEqual(["/v1/chat/completions", "/v1/responses", "/v1beta/models/gemini-req:generateContent", "/v1/messages"]);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  test("each dialect sends its own auth header", async () => {
    for (const provider of DIALECTS) await extract(personSpec(), "Alice", options(provider));
    const [chat, responses, gemini, anthropic] = mock.requests.map((r) => r.headers);
    expect(chat!["authorization"]).toBe(`Bearer ${KEY}`);
    expect(responses!["authorization"]).toBe(`Bearer ${KEY}`);
    expect(gemini!["x-goog-api-key"]).toBe(KEY);
    expect(anthropic!["x-api-key"]).toBe(KEY);
    expect(anthropic!["anthropic-version"]).toBe("2023-06-01");
  });
});
