import { describe, expect, test } from "vitest";
import type { DialectCall, DialectRequest } from "../../../runtime/providers/dialect.js";
import { DIALECTS } from "../../../runtime/providers/index.js";
import { SCHEMA_PROMPT_INTRO } from "../../../runtime/providers/openai.js";
import type { ExtractorSpec } from "../../../runtime/spec.js";
import type { Message } from "../../../runtime/types.js";
import { openAIErrors } from "../helpers/openai-schemas.js";
import { PERSON_SCHEMA, type Person, personSpec } from "../helpers/spec.js";

const spec = personSpec();
const OPENAI_SCHEMA = spec.wire.openai.schema;
const KEY = "sk-test-0123456789";
const PNG = "iVBORw0KGgoAAAANSUhEUg";

function call(fields: Partial<DialectCall> = {}): DialectCall {
  return { spec, messages: [{ role: "user", content: "Alice is 31." }], model: "m-1", apiKey: KEY, stream: false, ...fields };
}

const multimodal: Message[] = [
  { role: "system", content: "Dates are ISO." },
  {
    role: "user",
    content: [
      { type: "text", text: "See the scan." },
      { type: "image", url: "https://x.example/a.png" },
      { type: "image", data: PNG, mimeType: "image/png" },
      { type: "file", data: "JVBERi0=", mimeType: "application/pdf" },
    ],
  },
  { role: "assistant", content: '{"name":""}' },
  { role: "user", content: "Fix it." },
];

function withWire(wire: Partial<ExtractorSpec<Person>["wire"]>): ExtractorSpec<unknown> {
  return personSpec({ wire: { ...spec.wire, ...wire } }) as ExtractorSpec<unknown>;
}

type Case = [name: string, { given: DialectCall; want: Partial<DialectRequest> & { body: unknown } }];

const openaiCases: Case[] = [
  [
    "strict json_schema with settings",
    {
      given: call({ temperature: 0, maxOutputTokens: 256, reasoning: { effort: "low" } }),
      want: {
        path: "/v1/chat/completions",
        headers: { authorization: `Bearer ${KEY}` },
        body: {
          model: "m-1",
          messages: [
            { role: "system", content: "Extract the person." },
            { role: "user", content: "Alice is 31." },
          ],
          response_format: { type: "json_schema", json_schema: { name: "Person", strict: true, schema: OPENAI_SCHEMA } },
          max_completion_tokens: 256,
          temperature: 0,
          reasoning_effort: "low",
        },
      },
    },
  ],
  [
    "streaming asks for usage",
    {
      given: call({ stream: true }),
      want: {
        body: expect.objectContaining({ stream: true, stream_options: { include_usage: true } }),
      },
    },
  ],
  [
    "parts: images by URL and data URL, files with a name",
    {
      given: call({ messages: multimodal }),
      want: {
        body: expect.objectContaining({
          messages: [
            { role: "system", content: "Extract the person.\n\nDates are ISO." },
            {
              role: "user",
              content: [
                { type: "text", text: "See the scan." },
                { type: "image_url", image_url: { url: "https://x.example/a.png" } },
                { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
                { type: "file", file: { filename: "input.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
              ],
            },
            { role: "assistant", content: '{"name":""}' },
            { role: "user", content: "Fix it." },
          ],
        }),
      },
    },
  ],
  [
    "non-strict json_schema",
    {
      given: call({ spec: withWire({ openai: { ...spec.wire.openai, mode: "non-strict" } }) }),
      want: { body: expect.objectContaining({ response_format: { type: "json_schema", json_schema: { name: "Person", strict: false, schema: OPENAI_SCHEMA } } }) },
    },
  ],
  [
    "json_object puts the schema in the system prompt",
    {
      given: call({ spec: withWire({ openai: { ...spec.wire.openai, mode: "json_object" } }) }),
      want: {
        body: expect.objectContaining({
          response_format: { type: "json_object" },
          messages: [
            { role: "system", content: `Extract the person.\n\n${SCHEMA_PROMPT_INTRO}\n\`\`\`json\n${JSON.stringify(OPENAI_SCHEMA)}\n\`\`\`` },
            { role: "user", content: "Alice is 31." },
          ],
        }),
      },
    },
  ],
];

const responsesCases: Case[] = [
  [
    "flat text.format, instructions, store false",
    {
      given: call({ maxOutputTokens: 300, temperature: 0.2, reasoning: { effort: "medium", includeThoughts: true } }),
      want: {
        path: "/v1/responses",
        headers: { authorization: `Bearer ${KEY}` },
        body: {
          model: "m-1",
          instructions: "Extract the person.",
          input: [{ role: "user", content: "Alice is 31." }],
          text: { format: { type: "json_schema", name: "Person", strict: true, schema: OPENAI_SCHEMA } },
          store: false,
          max_output_tokens: 300,
          temperature: 0.2,
          reasoning: { effort: "medium", summary: "auto" },
        },
      },
    },
  ],
  [
    "parts as input_text / input_image / input_file",
    {
      given: call({ messages: multimodal, stream: true }),
      want: {
        body: expect.objectContaining({
          stream: true,
          instructions: "Extract the person.\n\nDates are ISO.",
          input: [
            {
              role: "user",
              content: [
                { type: "input_text", text: "See the scan." },
                { type: "input_image", image_url: "https://x.example/a.png", detail: "auto" },
                { type: "input_image", image_url: `data:image/png;base64,${PNG}`, detail: "auto" },
                { type: "input_file", filename: "input.pdf", file_data: "data:application/pdf;base64,JVBERi0=" },
              ],
            },
            { role: "assistant", content: '{"name":""}' },
            { role: "user", content: "Fix it." },
          ],
        }),
      },
    },
  ],
  [
    "json_object",
    {
      given: call({ spec: withWire({ openai: { ...spec.wire.openai, mode: "json_object" } }) }),
      want: { body: expect.objectContaining({ text: { format: { type: "json_object" } }, instructions: expect.stringContaining(SCHEMA_PROMPT_INTRO) }) },
    },
  ],
];

const geminiCases: Case[] = [
  [
    "responseJsonSchema, system instruction, thinking budget",
    {
      given: call({ temperature: 0, maxOutputTokens: 2048, reasoning: { budgetTokens: 1024, effort: "high", includeThoughts: false } }),
      want: {
        path: "/v1beta/models/m-1:generateContent",
        headers: { "x-goog-api-key": KEY },
        body: {
          systemInstruction: { parts: [{ text: "Extract the person." }] },
          contents: [{ role: "user", parts: [{ text: "Alice is 31." }] }],
          generationConfig: {
            responseMimeType: "application/json",
            responseJsonSchema: PERSON_SCHEMA,
            maxOutputTokens: 2048,
            temperature: 0,
            thinkingConfig: { thinkingBudget: 1024, includeThoughts: false },
          },
        },
      },
    },
  ],
  [
    "responseSchema field, models/ prefix dropped, SSE path, thinking level",
    {
      given: call({ model: "models/gemini-3-pro", stream: true, reasoning: { effort: "minimal" }, spec: withWire({ gemini: { ...spec.wire.gemini, field: "responseSchema", schema: { type: "OBJECT" } } }) }),
      want: {
        path: "/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse",
        body: expect.objectContaining({ generationConfig: { responseMimeType: "application/json", responseSchema: { type: "OBJECT" }, thinkingConfig: { thinkingLevel: "MINIMAL" } } }),
      },
    },
  ],
  [
    "parts as inlineData / fileData, assistant as model",
    {
      given: call({ messages: multimodal }),
      want: {
        body: expect.objectContaining({
          systemInstruction: { parts: [{ text: "Extract the person.\n\nDates are ISO." }] },
          contents: [
            {
              role: "user",
              parts: [
                { text: "See the scan." },
                { fileData: { fileUri: "https://x.example/a.png" } },
                { inlineData: { data: PNG, mimeType: "image/png" } },
                { inlineData: { data: "JVBERi0=", mimeType: "application/pdf" } },
              ],
            },
            { role: "model", parts: [{ text: '{"name":""}' }] },
            { role: "user", parts: [{ text: "Fix it." }] },
          ],
        }),
      },
    },
  ],
];

const anthropicCases: Case[] = [
  [
    "native output_config.format",
    {
      given: call({ temperature: 0 }),
      want: {
        path: "/v1/messages",
        headers: { "x-api-key": KEY, "anthropic-version": "2023-06-01" },
        body: {
          model: "m-1",
          max_tokens: 4096,
          system: "Extract the person.",
          messages: [{ role: "user", content: "Alice is 31." }],
          output_config: { format: { type: "json_schema", schema: PERSON_SCHEMA } },
          temperature: 0,
        },
      },
    },
  ],
  [
    "forced tool",
    {
      given: call({ maxOutputTokens: 1000, stream: true, spec: withWire({ anthropic: { ...spec.wire.anthropic, mode: "tool" } }) }),
      want: {
        body: {
          model: "m-1",
          max_tokens: 1000,
          system: "Extract the person.",
          messages: [{ role: "user", content: "Alice is 31." }],
          tools: [{ name: "emit_person", description: "Return the extracted Person.", input_schema: PERSON_SCHEMA }],
          tool_choice: { type: "tool", name: "emit_person", disable_parallel_tool_use: true },
          stream: true,
        },
      },
    },
  ],
  [
    "thinking never goes with a forced tool: output_config instead, no temperature",
    {
      given: call({ temperature: 0.5, reasoning: { budgetTokens: 2048, includeThoughts: false, effort: "minimal" }, spec: withWire({ anthropic: { ...spec.wire.anthropic, mode: "tool" } }) }),
      want: {
        body: {
          model: "m-1",
          max_tokens: 2048 + 4096,
          system: "Extract the person.",
          messages: [{ role: "user", content: "Alice is 31." }],
          output_config: { format: { type: "json_schema", schema: PERSON_SCHEMA }, effort: "low" },
          thinking: { type: "enabled", budget_tokens: 2048, display: "omitted" },
        },
      },
    },
  ],
  [
    "parts as image / document blocks",
    {
      given: call({
        messages: [
          ...multimodal,
          { role: "user", content: [{ type: "file", data: Buffer.from("plain words").toString("base64"), mimeType: "text/plain" }] },
        ],
      }),
      want: {
        body: expect.objectContaining({
          system: "Extract the person.\n\nDates are ISO.",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "See the scan." },
                { type: "image", source: { type: "url", url: "https://x.example/a.png" } },
                { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
                { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } },
              ],
            },
            { role: "assistant", content: '{"name":""}' },
            { role: "user", content: "Fix it." },
            { role: "user", content: [{ type: "document", source: { type: "text", media_type: "text/plain", data: "plain words" } }] },
          ],
        }),
      },
    },
  ],
];

const tables = { openai: openaiCases, "openai-responses": responsesCases, gemini: geminiCases, anthropic: anthropicCases } as const;

for (const [provider, cases] of Object.entries(tables)) {
  describe(`${provider} buildRequest`, () => {
    for (const [name, { given, want }] of cases) {
      test(name, () => {
        const request = DIALECTS[provider as keyof typeof tables].buildRequest(given);
        expect(request).toMatchObject({ method: "POST", ...want });
        if (want.body && !("asymmetricMatch" in (want.body as object))) expect(request.body).toEqual(want.body);
        if (provider === "openai") expect(openAIErrors("CreateChatCompletionRequest", request.body)).toEqual([]);
        if (provider === "openai-responses") expect(openAIErrors("CreateResponse", request.body)).toEqual([]);
      });
    }
  });
}
