/**
 * OpenAI Responses: `POST {base}/v1/responses` (wire-formats.md §2). Same lowering as Chat
 * Completions (`spec.wire.openai`), but `text.format` is flat, the system prompt is `instructions`,
 * and `store: false` keeps extraction inputs off the provider's storage.
 */
import { inlineData, textOf, toDataURL } from "../messages.js";
import { constantJson } from "../request-json.js";
import type { Message, Part, Usage } from "../types.js";
import { asObject, type Dialect, type DialectDelta, type DialectReply, type Finish, objectsIn, readEventData } from "./dialect.js";
import { defaultFilename, openAISystemPrompt } from "./openai.js";

interface ResponseUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

interface OutputItem {
  type?: string;
  content?: { type?: string; text?: unknown; refusal?: unknown }[];
  arguments?: unknown;
}

interface ResponseBody {
  status?: string;
  model?: string;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  output?: OutputItem[];
  usage?: ResponseUsage | null;
}

interface ResponseEvent {
  type?: string;
  delta?: unknown;
  response?: ResponseBody;
  code?: string | null;
  message?: string;
}

export const openaiResponses: Dialect = {
  name: "openai-responses",

  buildRequest(call) {
    const wire = call.spec.wire.openai;
    const body: Record<string, unknown> = {
      model: call.model,
      input: call.messages.filter((m) => m.role !== "system").map(inputMessage),
      text: {
        format: wire.mode === "json_object" ? { type: "json_object" } : { type: "json_schema", name: wire.name, strict: wire.mode === "strict", schema: constantJson(wire.schema) },
      },
      store: false,
    };
    const instructions = openAISystemPrompt(call);
    if (instructions !== "") body["instructions"] = instructions;
    if (call.maxOutputTokens !== undefined) body["max_output_tokens"] = call.maxOutputTokens;
    if (call.temperature !== undefined) body["temperature"] = call.temperature;
    const reasoning = call.reasoning;
    if (reasoning?.effort !== undefined || reasoning?.includeThoughts) {
      const r: Record<string, unknown> = {};
      if (reasoning.effort !== undefined) r["effort"] = reasoning.effort;
      if (reasoning.includeThoughts) r["summary"] = "auto";
      body["reasoning"] = r;
    }
    if (call.stream) body["stream"] = true;
    return { method: "POST", path: "/v1/responses", headers: { authorization: `Bearer ${call.apiKey}` }, body };
  },

  readReply(body) {
    return readResponse(asObject<ResponseBody>(body) ?? {});
  },

  readEvent(event) {
    if (event.data === "[DONE]") return { done: true };
    const read = readEventData(event);
    if ("failed" in read) return read.failed;
    const e = read.data as ResponseEvent;
    switch (e.type) {
      case "response.output_text.delta":
        return typeof e.delta === "string" ? { textDelta: e.delta } : undefined;
      case "response.refusal.delta":
        return typeof e.delta === "string" ? { refusalDelta: e.delta } : undefined;
      case "response.completed":
      case "response.incomplete": {
        const end = readResponse(asObject<ResponseBody>(e.response) ?? {});
        // The terminal event may omit `output` (the deltas carried the text): completed means stop.
        const finish = e.type === "response.completed" && end.finish === "failed" ? "stop" : end.finish;
        const delta: DialectDelta = { done: true, finish };
        if (end.reason !== undefined) delta.reason = end.reason;
        if (end.usage) delta.usage = end.usage;
        if (end.model !== undefined) delta.model = end.model;
        return delta;
      }
      case "response.failed": {
        const error = e.response?.error;
        return { done: true, error: { message: error?.message ?? "response failed", ...(error?.code ? { type: error.code } : {}), retryable: true } };
      }
      case "error":
        return { done: true, error: { message: e.message ?? "stream failed", ...(e.code ? { type: e.code } : {}), retryable: true } };
      default:
        return undefined;
    }
  },
};

/** A whole `Response`: text of every `output_text` part of the message items (§2.2). */
function readResponse(r: ResponseBody): DialectReply {
  const out: DialectReply = { finish: "failed" };
  const usage = readUsage(r.usage);
  if (usage) out.usage = usage;
  if (typeof r.model === "string") out.model = r.model;
  let text: string | undefined;
  let refusal: string | undefined;
  for (const item of objectsIn<OutputItem>(r.output)) {
    if (item.type === "message") {
      for (const part of objectsIn<NonNullable<OutputItem["content"]>[number]>(item.content)) {
        if (part.type === "output_text" && typeof part.text === "string") text = (text ?? "") + part.text;
        else if (part.type === "refusal" && typeof part.refusal === "string") refusal = (refusal ?? "") + part.refusal;
      }
    } else if (item.type === "function_call" && typeof item.arguments === "string" && text === undefined) {
      text = item.arguments;
    }
  }
  if (text !== undefined) out.text = text;
  if (refusal !== undefined && refusal !== "") {
    out.finish = "refusal";
    out.refusal = refusal;
    return out;
  }
  if (r.status === "incomplete") {
    const reason = r.incomplete_details?.reason ?? "incomplete";
    out.reason = reason;
    out.finish = incompleteFinish(reason);
    return out;
  }
  if (r.status === "failed") {
    out.reason = r.error?.message ?? "failed";
    return out;
  }
  if (typeof r.status === "string") out.reason = r.status;
  if (text !== undefined) out.finish = "stop";
  return out;
}

function incompleteFinish(reason: string): Finish {
  if (reason === "max_output_tokens") return "length";
  if (reason === "content_filter") return "filter";
  return "failed";
}

function readUsage(usage: ResponseUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.input_tokens !== "number") return undefined;
  const inputTokens = usage.input_tokens;
  const outputTokens = usage.output_tokens ?? 0;
  const out: Usage = { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === "number") out.reasoningTokens = reasoning;
  return out;
}

function inputMessage(m: Message): unknown {
  if (typeof m.content === "string" || m.role === "assistant") return { role: m.role, content: textOf(m.content) };
  return { role: m.role, content: m.content.map(inputPart) };
}

function inputPart(part: Part): unknown {
  if (part.type === "text") return { type: "input_text", text: part.text };
  const inline = inlineData(part);
  if (part.type === "image") return { type: "input_image", image_url: inline ? toDataURL(inline) : part.url, detail: "auto" };
  return { type: "input_file", filename: part.filename ?? defaultFilename(part.mimeType), file_data: toDataURL({ data: part.data, mimeType: part.mimeType }) };
}
