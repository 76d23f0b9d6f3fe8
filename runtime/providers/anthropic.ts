/**
 * Anthropic Messages: `POST {base}/v1/messages` (wire-formats.md §6). Structured output is native
 * `output_config.format` or, for schemas the native format cannot take, a forced tool whose input
 * is the value. Forced tool choice is a 400 together with extended thinking, so a call with
 * thinking always uses `output_config.format` (the grammar then binds the final text only).
 */
import { inlineData, systemPrompt } from "../messages.js";
import { constantJson } from "../request-json.js";
import type { Message, Part, ReasoningOptions, Usage } from "../types.js";
import { asObject, type Dialect, type DialectDelta, type DialectReply, type Finish, objectsIn, readEventData } from "./dialect.js";

export const ANTHROPIC_VERSION = "2023-06-01";
/** `max_tokens` is required; this fits every current Claude model's output limit. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

interface Block {
  type?: string;
  text?: unknown;
  name?: unknown;
  input?: unknown;
}

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number } | null;
}

interface AnthropicMessage {
  content?: Block[];
  stop_reason?: string | null;
  stop_details?: { explanation?: string | null; category?: string | null } | null;
  usage?: AnthropicUsage;
  model?: string;
}

interface AnthropicEvent {
  type?: string;
  message?: AnthropicMessage;
  content_block?: Block;
  delta?: { type?: string; text?: unknown; partial_json?: unknown; stop_reason?: string | null; stop_details?: AnthropicMessage["stop_details"] };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

// Error types that a retry may cure (wire-formats.md §6.4).
const RETRYABLE_ERROR_TYPES = new Set(["overloaded_error", "api_error", "timeout_error", "rate_limit_error"]);

const EFFORTS: Readonly<Record<NonNullable<ReasoningOptions["effort"]>, string>> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
};

export const anthropic: Dialect = {
  name: "anthropic",

  buildRequest(call) {
    const wire = call.spec.wire.anthropic;
    const budget = call.reasoning?.budgetTokens;
    const thinking = budget !== undefined && budget > 0;
    const body: Record<string, unknown> = {
      model: call.model,
      max_tokens: call.maxOutputTokens ?? (thinking ? budget + DEFAULT_ANTHROPIC_MAX_TOKENS : DEFAULT_ANTHROPIC_MAX_TOKENS),
      messages: call.messages.filter((m) => m.role !== "system").map(message),
    };
    const system = systemPrompt(call.spec.instructions, call.messages);
    if (system !== "") body["system"] = system;
    const outputConfig: Record<string, unknown> = {};
    if (wire.mode === "tool" && !thinking) {
      body["tools"] = [{ name: wire.toolName, description: `Return the extracted ${call.spec.name}.`, input_schema: constantJson(wire.schema) }];
      body["tool_choice"] = { type: "tool", name: wire.toolName, disable_parallel_tool_use: true };
    } else {
      outputConfig["format"] = { type: "json_schema", schema: constantJson(wire.schema) };
    }
    if (call.reasoning?.effort !== undefined) outputConfig["effort"] = EFFORTS[call.reasoning.effort];
    if (Object.keys(outputConfig).length > 0) body["output_config"] = outputConfig;
    if (thinking) {
      const config: Record<string, unknown> = { type: "enabled", budget_tokens: budget };
      if (call.reasoning?.includeThoughts === false) config["display"] = "omitted";
      body["thinking"] = config;
    } else if (call.temperature !== undefined) {
      // Non-default sampling settings are refused with thinking on (§6.2).
      body["temperature"] = call.temperature;
    }
    if (call.stream) body["stream"] = true;
    return {
      method: "POST",
      path: "/v1/messages",
      headers: { "x-api-key": call.apiKey, "anthropic-version": ANTHROPIC_VERSION },
      body,
    };
  },

  readReply(body, call) {
    const m = asObject<AnthropicMessage>(body) ?? {};
    const out: DialectReply = { finish: "failed" };
    const usage = readUsage(m.usage);
    if (usage) out.usage = usage;
    if (typeof m.model === "string") out.model = m.model;
    let text: string | undefined;
    // The JSON is the text blocks (thinking blocks come first and are skipped), or the input of
    // our tool's tool_use block, already parsed.
    for (const block of objectsIn<Block>(m.content)) {
      if (block.type === "text" && typeof block.text === "string") text = (text ?? "") + block.text;
      else if (block.type === "tool_use" && block.name === call.spec.wire.anthropic.toolName && out.json === undefined) out.json = block.input;
    }
    if (text !== undefined) out.text = text;
    const reason = typeof m.stop_reason === "string" ? m.stop_reason : undefined;
    if (reason) out.reason = reason;
    if (reason === "refusal") {
      out.finish = "refusal";
      out.refusal = m.stop_details?.explanation ?? text ?? "refused";
      return out;
    }
    out.finish = readFinish(reason, out.json !== undefined || text !== undefined);
    return out;
  },

  readEvent(event) {
    if (event.data === "[DONE]") return { done: true };
    const read = readEventData(event);
    if ("failed" in read) return read.failed;
    const e = read.data as AnthropicEvent;
    switch (e.type) {
      case "message_start": {
        const delta: DialectDelta = {};
        const usage = readUsage(e.message?.usage);
        if (usage) delta.usage = usage;
        if (typeof e.message?.model === "string") delta.model = e.message.model;
        return delta;
      }
      case "content_block_delta": {
        const d = e.delta;
        if (d?.type === "text_delta" && typeof d.text === "string") return { textDelta: d.text };
        if (d?.type === "input_json_delta" && typeof d.partial_json === "string" && d.partial_json !== "") return { textDelta: d.partial_json };
        return undefined;
      }
      case "message_delta": {
        const delta: DialectDelta = {};
        const usage = readUsage(e.usage);
        if (usage) delta.usage = usage;
        const reason = e.delta?.stop_reason;
        if (reason) {
          delta.reason = reason;
          if (reason === "refusal") {
            delta.finish = "refusal";
            const explanation = e.delta?.stop_details?.explanation;
            if (explanation) delta.refusalDelta = explanation;
          } else delta.finish = readFinish(reason, true);
        }
        return delta;
      }
      case "message_stop":
        return { done: true };
      case "error": {
        const type = e.error?.type;
        return { error: { message: e.error?.message ?? "stream failed", ...(type ? { type } : {}), retryable: type === undefined || RETRYABLE_ERROR_TYPES.has(type) } };
      }
      default:
        return undefined;
    }
  },
};

function readFinish(reason: string | undefined, hasJson: boolean): Finish {
  if (reason === "max_tokens" || reason === "model_context_window_exceeded") return "length";
  if (reason === "refusal") return "refusal";
  return hasJson ? "stop" : "failed";
}

/** Input = uncached + cache writes + cache reads; output includes thinking (§6.3). */
function readUsage(u: AnthropicUsage | undefined): Usage | undefined {
  if (asObject(u) === undefined || u === undefined) return undefined;
  const inputTokens = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
  const outputTokens = u.output_tokens ?? 0;
  const out: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  const thinking = u.output_tokens_details?.thinking_tokens;
  if (typeof thinking === "number") out.reasoningTokens = thinking;
  return out;
}

function message(m: Message): unknown {
  if (typeof m.content === "string") return { role: m.role, content: m.content };
  return { role: m.role, content: m.content.map(block) };
}

function block(p: Part): unknown {
  if (p.type === "text") return { type: "text", text: p.text };
  const inline = inlineData(p);
  if (p.type === "image") {
    return { type: "image", source: inline ? { type: "base64", media_type: inline.mimeType, data: inline.data } : { type: "url", url: p.url } };
  }
  // Plain-text documents go as text; anything else (PDF) as base64.
  if (p.mimeType.startsWith("text/")) {
    return { type: "document", source: { type: "text", media_type: "text/plain", data: Buffer.from(p.data, "base64").toString("utf8") } };
  }
  return { type: "document", source: { type: "base64", media_type: p.mimeType, data: p.data } };
}
