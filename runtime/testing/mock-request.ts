/**
 * What the mock provider reads from a request: which dialect the path speaks, the model, whether it
 * streams, and the schema the answer must satisfy, found where each dialect puts it. Pure.
 */
import { SCHEMA_PROMPT_INTRO } from "../providers/openai.js";
import type { ProviderName, WireSchema } from "../spec.js";

/** A request as the mock understood it. */
export interface MockCall {
  dialect: ProviderName;
  model: string;
  stream: boolean;
  /** The schema the answer must be valid for (JSON Schema), when the request carried one. */
  schema?: WireSchema;
  /** Anthropic forced-tool requests: the tool to answer with. */
  toolName?: string;
}

type Json = Record<string, unknown>;

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** Route a request: `undefined` when the path is none of the four dialects. */
export function readMockCall(path: string, query: URLSearchParams, body: Json): MockCall | undefined {
  if (path === "/v1/chat/completions") {
    const call: MockCall = { dialect: "openai", model: String(body["model"] ?? ""), stream: body["stream"] === true };
    const schema = chatSchema(body);
    if (schema) call.schema = schema;
    return call;
  }
  if (path === "/v1/responses") {
    const call: MockCall = { dialect: "openai-responses", model: String(body["model"] ?? ""), stream: body["stream"] === true };
    const format = obj(obj(body["text"])?.["format"]);
    const schema = format?.["type"] === "json_schema" ? obj(format["schema"]) : schemaInPrompt(body["instructions"]);
    if (schema) call.schema = schema;
    return call;
  }
  if (path === "/v1/messages") {
    const call: MockCall = { dialect: "anthropic", model: String(body["model"] ?? ""), stream: body["stream"] === true };
    const choice = obj(body["tool_choice"]);
    const tools = Array.isArray(body["tools"]) ? (body["tools"] as Json[]) : [];
    const tool = choice?.["type"] === "tool" ? tools.find((t) => t["name"] === choice["name"]) : undefined;
    const schema = tool ? obj(tool["input_schema"]) : obj(obj(obj(body["output_config"])?.["format"] ?? body["output_format"])?.["schema"]);
    if (tool) call.toolName = String(tool["name"]);
    if (schema) call.schema = schema;
    return call;
  }
  const gemini = GEMINI_PATH.exec(path);
  if (gemini) {
    const stream = gemini[2] === "streamGenerateContent";
    // Without alt=sse Gemini streams a JSON array; the runtime always asks for SSE.
    const call: MockCall = { dialect: "gemini", model: decodeURIComponent(gemini[1] as string), stream: stream && query.get("alt") === "sse" };
    const config = obj(body["generationConfig"]);
    const json = obj(config?.["responseJsonSchema"]);
    const google = obj(config?.["responseSchema"]);
    const schema = json ?? (google ? fromGoogleSchema(google) : undefined);
    if (schema) call.schema = schema;
    return call;
  }
  return undefined;
}

function chatSchema(body: Json): WireSchema | undefined {
  const format = obj(body["response_format"]);
  if (format?.["type"] === "json_schema") return obj(obj(format["json_schema"])?.["schema"]);
  const choice = obj(body["tool_choice"]);
  const name = obj(choice?.["function"])?.["name"];
  if (name !== undefined && Array.isArray(body["tools"])) {
    const tool = (body["tools"] as Json[]).map((t) => obj(t["function"])).find((f) => f?.["name"] === name);
    return obj(tool?.["parameters"]);
  }
  const messages = Array.isArray(body["messages"]) ? (body["messages"] as Json[]) : [];
  return schemaInPrompt(messages.find((m) => m["role"] === "system")?.["content"]);
}

/** `json_object` mode: the schema travels in the prompt as a fenced block after a fixed intro. */
function schemaInPrompt(prompt: unknown): WireSchema | undefined {
  if (typeof prompt !== "string") return undefined;
  const at = prompt.indexOf(SCHEMA_PROMPT_INTRO);
  if (at === -1) return undefined;
  const fenced = /```json\n([\s\S]*?)\n```/.exec(prompt.slice(at));
  if (!fenced) return undefined;
  try {
    return obj(JSON.parse(fenced[1] as string));
  } catch {
    return undefined;
  }
}

/** Gemini's `Schema` (OpenAPI 3.0 subset, uppercase types, `nullable`) as JSON Schema. */
export function fromGoogleSchema(schema: Json): WireSchema {
  const out: WireSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "type" && typeof value === "string") continue;
    if (key === "nullable" || key === "propertyOrdering") continue;
    if (key === "properties" && obj(value)) {
      const props: Json = {};
      for (const [name, sub] of Object.entries(value as Json)) props[name] = fromGoogleSchema(obj(sub) ?? {});
      out["properties"] = props;
    } else if (key === "items" && obj(value)) out["items"] = fromGoogleSchema(value as Json);
    else if (key === "anyOf" && Array.isArray(value)) out["anyOf"] = value.map((v) => fromGoogleSchema(obj(v) ?? {}));
    else if (key === "enum" && Array.isArray(value) && typeof schema["type"] === "string" && /^(NUMBER|INTEGER)$/i.test(schema["type"])) {
      // Google sends numeric enums as strings: ["101", "201"].
      out["enum"] = value.map(Number);
    } else if (/^(min|max)(Items|Length|Properties)$/.test(key)) out[key] = Number(value);
    else out[key] = value;
  }
  if (typeof schema["type"] === "string") {
    const type = schema["type"].toLowerCase();
    out["type"] = schema["nullable"] === true ? [type, "null"] : type;
  }
  return out;
}

function obj(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
