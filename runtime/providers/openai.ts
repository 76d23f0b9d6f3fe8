/**
 * OpenAI Chat Completions: `POST {base}/v1/chat/completions` (wire-formats.md §1).
 * Structured output goes in `response_format`: `json_schema` (strict or not, per the spec's
 * lowering) or, for schemas past the strict limits, `json_object` with the schema in the prompt.
 */
import { inlineData, systemPrompt, toDataURL } from "../messages.js";
import { constantJson } from "../request-json.js";
import type { ExtractorSpec } from "../spec.js";
import type { Message, Part, Usage } from "../types.js";
import { asObject, type Dialect, type DialectCall, type DialectDelta, type DialectReply, type Finish, firstObjectIn, readEventData } from "./dialect.js";

/** Opens the prompt section that carries the schema in `json_object` mode (the mock provider looks for it). */
export const SCHEMA_PROMPT_INTRO = "Reply with one JSON value, and nothing else, that is valid for this JSON Schema:";

const schemaPrompts = new WeakMap<ExtractorSpec<unknown>, string>();

/**
 * The system prompt of an OpenAI request: in `json_object` mode the schema is appended, since the
 * format itself carries none. Serialised once per spec.
 */
export function openAISystemPrompt(call: DialectCall): string {
  const base = systemPrompt(call.spec.instructions, call.messages);
  if (call.spec.wire.openai.mode !== "json_object") return base;
  let schemaText = schemaPrompts.get(call.spec);
  if (schemaText === undefined) {
    schemaText = `${SCHEMA_PROMPT_INTRO}\n\`\`\`json\n${JSON.stringify(call.spec.wire.openai.schema)}\n\`\`\``;
    schemaPrompts.set(call.spec, schemaText);
  }
  return base === "" ? schemaText : `${base}\n\n${schemaText}`;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
  refusal?: unknown;
  tool_calls?: { function?: { arguments?: unknown } }[];
}

interface ChatChoice {
  message?: ChatMessage;
  delta?: ChatMessage;
  finish_reason?: string | null;
}

interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

interface ChatCompletion {
  choices?: ChatChoice[];
  usage?: ChatUsage | null;
  model?: string;
  error?: { message?: string; type?: string; code?: unknown };
}

export const openai: Dialect = {
  name: "openai",

  buildRequest(call) {
    const wire = call.spec.wire.openai;
    const system = openAISystemPrompt(call);
    const messages: unknown[] = system === "" ? [] : [{ role: "system", content: system }];
    for (const m of call.messages) if (m.role !== "system") messages.push(chatMessage(m));
    const body: Record<string, unknown> = {
      model: call.model,
      messages,
      response_format:
        wire.mode === "json_object"
          ? { type: "json_object" }
          : { type: "json_schema", json_schema: { name: wire.name, strict: wire.mode === "strict", schema: constantJson(wire.schema) } },
    };
    if (call.maxOutputTokens !== undefined) body["max_completion_tokens"] = call.maxOutputTokens;
    if (call.temperature !== undefined) body["temperature"] = call.temperature;
    if (call.reasoning?.effort !== undefined) body["reasoning_effort"] = call.reasoning.effort;
    if (call.stream) {
      body["stream"] = true;
      body["stream_options"] = { include_usage: true };
    }
    return { method: "POST", path: "/v1/chat/completions", headers: { authorization: `Bearer ${call.apiKey}` }, body };
  },

  readReply(body) {
    const reply = asObject<ChatCompletion>(body) ?? {};
    const choice = firstObjectIn<ChatChoice>(reply.choices);
    const out: DialectReply = { finish: "failed" };
    const usage = readUsage(reply.usage);
    if (usage) out.usage = usage;
    if (typeof reply.model === "string") out.model = reply.model;
    if (!choice || asObject(choice.message) === undefined) {
      out.reason = "reply has no choices";
      return out;
    }
    const message = asObject<ChatMessage>(choice.message) ?? {};
    const reason = choice.finish_reason ?? undefined;
    if (reason) out.reason = reason;
    if (typeof message.refusal === "string" && message.refusal !== "") {
      out.finish = "refusal";
      out.refusal = message.refusal;
      return out;
    }
    // Relays may route structured output through a forced function call: key off tool_calls.
    const args = firstObjectIn<NonNullable<ChatMessage["tool_calls"]>[number]>(message.tool_calls)?.function?.arguments;
    const text = typeof args === "string" ? args : message.content;
    if (typeof text === "string") out.text = text;
    out.finish = readFinish(reason, typeof text === "string");
    return out;
  },

  readEvent(event) {
    if (event.data === "[DONE]") return { done: true };
    const read = readEventData(event);
    if ("failed" in read) return read.failed;
    const chunk = read.data as ChatCompletion;
    if (chunk.error) return { error: streamError(chunk.error) };
    const delta: DialectDelta = {};
    // Whether the event carries more than the model name (most events repeat it and say nothing else).
    let carries = false;
    if (typeof chunk.model === "string") delta.model = chunk.model;
    const usage = readUsage(chunk.usage);
    if (usage) {
      delta.usage = usage;
      carries = true;
    }
    const choice = firstObjectIn<ChatChoice>(chunk.choices);
    if (choice) {
      const d = asObject<ChatMessage>(choice.delta);
      if (typeof d?.content === "string" && d.content !== "") delta.textDelta = d.content;
      else {
        const args = firstObjectIn<NonNullable<ChatMessage["tool_calls"]>[number]>(d?.tool_calls)?.function?.arguments;
        if (typeof args === "string" && args !== "") delta.textDelta = args;
      }
      if (typeof d?.refusal === "string" && d.refusal !== "") delta.refusalDelta = d.refusal;
      if (typeof choice.finish_reason === "string") {
        delta.reason = choice.finish_reason;
        delta.finish = readFinish(choice.finish_reason, true);
      }
      carries ||= delta.textDelta !== undefined || delta.refusalDelta !== undefined || delta.reason !== undefined;
    }
    return delta.model !== undefined && !carries ? undefined : delta;
  },
};

function readFinish(reason: string | undefined, hasText: boolean): Finish {
  if (reason === "length") return "length";
  if (reason === "content_filter") return "filter";
  return hasText ? "stop" : "failed";
}

/** `CompletionUsage` as normalised usage (reasoning tokens are inside completion tokens). */
export function readUsage(usage: ChatUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.prompt_tokens !== "number") return undefined;
  const inputTokens = usage.prompt_tokens;
  const outputTokens = usage.completion_tokens ?? 0;
  const out: Usage = { inputTokens, outputTokens, totalTokens: usage.total_tokens ?? inputTokens + outputTokens };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === "number") out.reasoningTokens = reasoning;
  return out;
}

function streamError(error: NonNullable<ChatCompletion["error"]>): NonNullable<DialectDelta["error"]> {
  const out: NonNullable<DialectDelta["error"]> = {
    message: typeof error.message === "string" ? error.message : "stream failed",
    // A failure after HTTP 200 is the server's (overload, internal error); bad requests fail before.
    retryable: error.type !== "invalid_request_error",
  };
  if (typeof error.type === "string") out.type = error.type;
  return out;
}

function chatMessage(m: Message): unknown {
  if (typeof m.content === "string") return { role: m.role, content: m.content };
  return { role: m.role, content: m.content.map(chatPart) };
}

function chatPart(part: Part): unknown {
  if (part.type === "text") return { type: "text", text: part.text };
  const inline = inlineData(part);
  if (part.type === "image") return { type: "image_url", image_url: { url: inline ? toDataURL(inline) : part.url } };
  return { type: "file", file: { filename: part.filename ?? defaultFilename(part.mimeType), file_data: toDataURL({ data: part.data, mimeType: part.mimeType }) } };
}

/** OpenAI wants a file name with inline file data; one is made up from the media type. */
export function defaultFilename(mimeType: string): string {
  const subtype = mimeType.split("/")[1]?.split(/[;+]/)[0] ?? "bin";
  return `input.${subtype === "plain" ? "txt" : subtype}`;
}
