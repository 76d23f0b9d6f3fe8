/**
 * The mock provider itself, driven with raw HTTP: routing, schema lookup per dialect, sampled and
 * scripted answers, SSE framing read back with the dialects' own `readEvent`, auth, faults.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serveMock } from "../../../generator/cli/mock.js";
import type { DialectCall } from "../../../runtime/providers/dialect.js";
import { DIALECTS } from "../../../runtime/providers/index.js";
import type { ExtractorSpec, ProviderName, WireSchema } from "../../../runtime/spec.js";
import { type MockProvider, startMockProvider } from "../../../runtime/testing/index.js";
import { fromGoogleSchema } from "../../../runtime/testing/mock-request.js";
import { openAITrafficProblems } from "../../e2e/helpers/traffic.js";
import { foldStream } from "../helpers/sse-frames.js";
import { PERSON_SCHEMA, personSpec } from "../helpers/spec.js";

const ajv = new Ajv2020({ strict: false });
const DIALECT_NAMES: ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];
let mock: MockProvider;

beforeAll(async () => {
  mock = await startMockProvider({ seed: 5 });
});
afterAll(async () => {
  await mock.close();
});

function dialectCall(provider: ProviderName, fields: Partial<DialectCall> = {}): DialectCall {
  return { spec: personSpec() as ExtractorSpec<unknown>, messages: [{ role: "user", content: "Alice" }], model: `${provider}-m`, apiKey: "k", stream: false, ...fields };
}

async function post(provider: ProviderName, call: DialectCall): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  const built = DIALECTS[provider].buildRequest(call);
  const res = await request(`${mock.url}${built.path}`, { method: "POST", headers: { "content-type": "application/json", ...built.headers }, body: JSON.stringify(built.body) });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

describe.each(DIALECT_NAMES)("%s", (provider) => {
  test("JSON: a value valid for the request's schema, read back by the dialect", async () => {
    const call = dialectCall(provider);
    const { status, text, headers } = await post(provider, call);
    expect(status).toBe(200);
    expect(headers["x-request-id"]).toMatch(/^req_mock_/);
    const reply = DIALECTS[provider].readReply(JSON.parse(text), call);
    expect(reply.finish).toBe("stop");
    const wire = provider === "gemini" ? call.spec.wire.gemini.schema : provider === "anthropic" ? call.spec.wire.anthropic.schema : call.spec.wire.openai.schema;
    expect(ajv.validate(wire, JSON.parse(reply.text!))).toBe(true);
    expect(reply.usage!.totalTokens).toBe(reply.usage!.inputTokens + reply.usage!.outputTokens);
  });

  test("SSE: the deltas concatenate to the same value as the JSON reply", async () => {
    const jsonCall = dialectCall(provider, { model: `${provider}-same` });
    const json = DIALECTS[provider].readReply(JSON.parse((await post(provider, jsonCall)).text), jsonCall);
    const streamCall = { ...jsonCall, stream: true };
    const { status, text, headers } = await post(provider, streamCall);
    expect(status).toBe(200);
    expect(headers["content-type"]).toBe("text/event-stream");
    const streamed = foldStream(provider, streamCall, text);
    expect(streamed.text).toBe(json.text);
    expect(streamed.finish).toBe("stop");
    expect(streamed.usage?.outputTokens).toBe(json.usage?.outputTokens);
    if (provider !== "gemini") expect(streamed.done).toBe(true);
    // Deltas are 16 characters by default.
    expect(text.split("\n\n").length).toBeGreaterThan(json.text!.length / 16);
  });

  test("SSE: a refusal streams as refusal text", async () => {
    const model = `${provider}-refuses`;
    mock.script(model, { kind: "refusal", message: "No, sorry." });
    const call = dialectCall(provider, { model, stream: true });
    const streamed = foldStream(provider, call, (await post(provider, call)).text);
    if (provider === "gemini") expect(streamed.text).toBe("No, sorry.");
    else {
      // Chat Completions streams a refusal as refusal deltas with finish_reason "stop".
      expect(streamed.finish).toBe(provider === "openai" ? "stop" : "refusal");
      expect(streamed.refusal).toBe("No, sorry.");
      expect(streamed.text).toBe("");
    }
  });

  test("SSE: a failure after HTTP 200 arrives as an error event", async () => {
    const model = `${provider}-fails-midway`;
    mock.script(model, { kind: "stream-error" });
    const call = dialectCall(provider, { model, stream: true });
    const streamed = foldStream(provider, call, (await post(provider, call)).text);
    expect(streamed.errors).toHaveLength(1);
    expect(streamed.errors[0]!.retryable).toBe(true);
  });

  test("SSE chunk size per step", async () => {
    const model = `${provider}-big-chunks`;
    mock.script(model, { kind: "value", value: { name: "x".repeat(100), tags: [] }, sseChunkSize: 1000 });
    const call = dialectCall(provider, { model, stream: true });
    const { text } = await post(provider, call);
    expect(foldStream(provider, call, text).text).toBe(JSON.stringify({ name: "x".repeat(100), tags: [] }));
  });
});

describe("schemas the mock answers for", () => {
  test("OpenAI json_object mode: the schema from the prompt", async () => {
    const spec = personSpec({ wire: { ...personSpec().wire, openai: { ...personSpec().wire.openai, mode: "json_object" } } }) as ExtractorSpec<unknown>;
    for (const provider of ["openai", "openai-responses"] as const) {
      const call = dialectCall(provider, { spec });
      const reply = DIALECTS[provider].readReply(JSON.parse((await post(provider, call)).text), call);
      expect(ajv.validate(spec.wire.openai.schema, JSON.parse(reply.text!))).toBe(true);
    }
  });

  test("Anthropic forced tool: a tool_use block with the value as input", async () => {
    const spec = personSpec({ wire: { ...personSpec().wire, anthropic: { ...personSpec().wire.anthropic, mode: "tool" } } }) as ExtractorSpec<unknown>;
    const call = dialectCall("anthropic", { spec });
    const body = JSON.parse((await post("anthropic", call)).text) as { content: { type: string; name: string }[]; stop_reason: string };
    expect(body.content[0]).toMatchObject({ type: "tool_use", name: "emit_person" });
    expect(body.stop_reason).toBe("tool_use");
    const reply = DIALECTS.anthropic.readReply(body, call);
    expect(ajv.validate(PERSON_SCHEMA, reply.json)).toBe(true);
    const streamCall = { ...call, stream: true };
    const streamed = foldStream("anthropic", streamCall, (await post("anthropic", streamCall)).text);
    expect(JSON.parse(streamed.text)).toEqual(reply.json);
  });

  test("Gemini responseSchema (Google Schema) is answered like its JSON Schema", async () => {
    const google: WireSchema = {
      type: "OBJECT",
      properties: { n: { type: "INTEGER", enum: ["3", "5"] }, note: { type: "STRING", nullable: true }, list: { type: "ARRAY", items: { type: "NUMBER" }, minItems: "1" } },
      required: ["n", "note", "list"],
      propertyOrdering: ["n", "note", "list"],
    };
    const jsonSchema = fromGoogleSchema(google);
    expect(jsonSchema).toEqual({
      type: "object",
      properties: { n: { type: "integer", enum: [3, 5] }, note: { type: ["string", "null"] }, list: { type: "array", items: { type: "number" }, minItems: 1 } },
      required: ["n", "note", "list"],
    });
    const spec = personSpec({ wire: { ...personSpec().wire, gemini: { mode: "json", field: "responseSchema", schema: google, restore: {} } } }) as ExtractorSpec<unknown>;
    const call = dialectCall("gemini", { spec });
    const reply = DIALECTS.gemini.readReply(JSON.parse((await post("gemini", call)).text), call);
    expect(ajv.validate(jsonSchema, JSON.parse(reply.text!))).toBe(true);
  });
});

describe("scripts, auth and routing", () => {
  test("steps are used in order per model, then sampled answers", async () => {
    const model = "scripted-order";
    mock.script(model, [{ kind: "error", status: 500 }, { kind: "text", text: "hello" }]);
    const call = dialectCall("openai", { model });
    expect((await post("openai", call)).status).toBe(500);
    expect(DIALECTS.openai.readReply(JSON.parse((await post("openai", call)).text), call).text).toBe("hello");
    expect(DIALECTS.openai.readReply(JSON.parse((await post("openai", call)).text), call).finish).toBe("stop");
  });

  test("recorded replies are sent as they are", async () => {
    const model = "recorded";
    const body = { candidates: [{ content: { parts: [{ text: "{}" }] }, finishReason: "STOP" }] };
    mock.script(model, { kind: "recorded", body });
    const call = dialectCall("gemini", { model });
    expect(JSON.parse((await post("gemini", call)).text)).toEqual(body);
  });

  test("recorded streams are replayed as event streams", async () => {
    const sse = readFileSync(new URL("../../../fixtures/replies/anthropic/stream-success.sse", import.meta.url), "utf8");
    mock.script("recorded-sse", { kind: "recorded", body: sse });
    const call = dialectCall("anthropic", { model: "recorded-sse", stream: true });
    const { text, headers } = await post("anthropic", call);
    expect(headers["content-type"]).toBe("text/event-stream");
    expect(foldStream("anthropic", call, text)).toMatchObject({ text: '{"name":"Alice","age":31,"tags":[]}', finish: "stop" });
  });

  test("rate limits carry Retry-After headers or the Gemini RetryInfo body", async () => {
    mock.script("limited", { kind: "rate-limit", retryAfter: 2, retryAfterMs: 1500 });
    const openai = await post("openai", dialectCall("openai", { model: "limited" }));
    expect(openai.status).toBe(429);
    expect(openai.headers).toMatchObject({ "retry-after": "2", "retry-after-ms": "1500" });
    mock.script("limited-g", { kind: "rate-limit", retryDelay: "3s" });
    const gemini = await post("gemini", dialectCall("gemini", { model: "limited-g" }));
    expect(JSON.parse(gemini.text)).toMatchObject({ error: { code: 429, status: "RESOURCE_EXHAUSTED", details: [{ retryDelay: "3s" }] } });
  });

  test("unknown paths get a 404 in the OpenAI error shape", async () => {
    const res = await request(`${mock.url}/v1/embeddings`, { method: "POST", body: "{}" });
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toMatchObject({ error: { message: "no such endpoint: POST /v1/embeddings" } });
  });

  test("with apiKey set, a request without the dialect's key header gets a 401 in that dialect's shape", async () => {
    const guarded = await startMockProvider({ apiKey: "sk-right-key" });
    try {
      const built = DIALECTS.anthropic.buildRequest(dialectCall("anthropic", { apiKey: "sk-wrong" }));
      const res = await request(`${guarded.url}${built.path}`, { method: "POST", headers: built.headers, body: JSON.stringify(built.body) });
      expect(res.statusCode).toBe(401);
      expect(await res.body.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
      const ok = DIALECTS.gemini.buildRequest(dialectCall("gemini", { apiKey: "sk-right-key" }));
      expect((await request(`${guarded.url}${ok.path}`, { method: "POST", headers: ok.headers, body: JSON.stringify(ok.body) })).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  test("every OpenAI-dialect exchange in this file matches the official schemas", () => {
    expect(mock.requests.length).toBeGreaterThan(10);
    expect(openAITrafficProblems(mock.requests)).toEqual([]);
  });
});

describe("extractgen mock", () => {
  test("serves until stopped and logs one line per request", async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const served = await serveMock({ port: 0, seed: 2 }, (line) => lines.push(line), new Promise((resolve) => (stop = resolve)));
    expect(lines[0]).toBe(`extractgen mock provider on ${served.url} (seed 2)`);
    const built = DIALECTS.openai.buildRequest(dialectCall("openai"));
    const res = await request(`${served.url}${built.path}`, { method: "POST", headers: built.headers, body: JSON.stringify(built.body) });
    await res.body.text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines.at(-1)).toBe("POST /v1/chat/completions openai model=openai-m -> 200");
    stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(request(`${served.url}${built.path}`, { method: "POST", body: "{}" })).rejects.toThrow();
  });
});
