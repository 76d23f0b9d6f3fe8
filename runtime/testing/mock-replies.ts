/**
 * The bodies the mock provider sends, per dialect: whole replies, SSE event lists and error bodies,
 * shaped like the vendors' own (wire-formats.md §1-§6). Pure: an answer in, JSON out. The OpenAI
 * shapes validate against the official components (`CreateChatCompletionResponse`, `Response`,
 * their stream events and `ErrorResponse`).
 */
import type { ProviderName } from "../spec.js";

/**
 * How an answer ends. `blocked` is a Gemini prompt block (no candidates at all). Gemini has no
 * refusal and Anthropic no content filter: the mock provider maps those before building replies.
 */
export type AnswerEnd = "stop" | "length" | "filter" | "refusal" | "blocked";

/** One answer, dialect-neutral. */
export interface MockAnswer {
  /** The reply text (JSON, prose, a cut value...). */
  text: string;
  end: AnswerEnd;
  refusal?: string;
  inputTokens: number;
  outputTokens: number;
  model: string;
  /** Distinguishes ids across requests (`chatcmpl-mock-7`). */
  serial: number;
  /** Anthropic forced tool: answer with a tool_use block when the text is a JSON object. */
  toolName?: string;
}

/** One SSE event to write. */
export interface MockEvent {
  event?: string;
  data: string;
}

/** The body of a mid-stream failure, per dialect. */
export interface StreamFailure {
  message: string;
  type: string;
}

// A fixed clock keeps replies byte-identical across runs.
const CREATED = 1_750_000_000;

/** A whole (non-streamed) 200 reply. */
export function replyBody(dialect: ProviderName, a: MockAnswer): unknown {
  switch (dialect) {
    case "openai":
      return chatCompletion(a);
    case "openai-responses":
      return response(a, a.end === "stop" || a.end === "refusal" ? "completed" : "incomplete");
    case "gemini":
      return geminiChunk(a, a.text, /* last */ true);
    case "anthropic":
      return anthropicMessage(a);
  }
}

/** The SSE events of a streamed reply; text deltas are `chunkChars` characters long. */
export function replyEvents(dialect: ProviderName, a: MockAnswer, chunkChars: number, failure?: StreamFailure): MockEvent[] {
  const pieces = split(a.end === "refusal" ? "" : a.text, chunkChars);
  const cut = failure ? pieces.slice(0, Math.ceil(pieces.length / 2)) : pieces;
  switch (dialect) {
    case "openai":
      return chatEvents(a, cut, failure);
    case "openai-responses":
      return responseEvents(a, cut, failure);
    case "gemini":
      return geminiEvents(a, cut, failure);
    case "anthropic":
      return anthropicEvents(a, cut, failure);
  }
}

export type ErrorShape = "openai" | "google" | "anthropic" | "html" | "empty";

/** The error shape a dialect's own vendor sends. */
export function nativeErrorShape(dialect: ProviderName): ErrorShape {
  return dialect === "gemini" ? "google" : dialect === "anthropic" ? "anthropic" : "openai";
}

/** An error body in one of the shapes of wire-formats.md §0.2 (text, ready to send). */
export function errorBody(shape: ErrorShape, status: number, message: string, retryDelay?: string): string {
  switch (shape) {
    case "openai":
      return JSON.stringify({ error: { message, type: OPENAI_TYPES[status] ?? (status >= 500 ? "server_error" : "invalid_request_error"), param: null, code: status === 429 ? "rate_limit_exceeded" : null } });
    case "anthropic":
      return JSON.stringify({ type: "error", error: { type: ANTHROPIC_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"), message }, request_id: "req_mock" });
    case "google": {
      const details = retryDelay === undefined ? [] : [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }];
      return JSON.stringify({ error: { code: status, message, status: GOOGLE_STATUSES[status] ?? (status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT"), details } });
    }
    case "html":
      return `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body>\r\n</html>\r\n`;
    case "empty":
      return "";
  }
}

const OPENAI_TYPES: Record<number, string> = { 401: "invalid_request_error", 429: "requests", 500: "server_error", 503: "server_error" };
const ANTHROPIC_TYPES: Record<number, string> = { 401: "authentication_error", 403: "permission_error", 404: "not_found_error", 429: "rate_limit_error", 500: "api_error", 504: "timeout_error", 529: "overloaded_error" };
const GOOGLE_STATUSES: Record<number, string> = { 400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED" };

// --- OpenAI Chat Completions (§1.3, §1.5) ---

const CHAT_FINISH: Record<AnswerEnd, string> = { stop: "stop", length: "length", filter: "content_filter", refusal: "stop", blocked: "content_filter" };

function chatUsage(a: MockAnswer): unknown {
  return {
    prompt_tokens: a.inputTokens,
    completion_tokens: a.outputTokens,
    total_tokens: a.inputTokens + a.outputTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatCompletion(a: MockAnswer): unknown {
  const refused = a.end === "refusal";
  return {
    id: `chatcmpl-mock-${a.serial}`,
    object: "chat.completion",
    created: CREATED,
    model: a.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: refused ? null : a.text, refusal: refused ? (a.refusal ?? "") : null, annotations: [] },
        logprobs: null,
        finish_reason: CHAT_FINISH[a.end],
      },
    ],
    usage: chatUsage(a),
    service_tier: "default",
    system_fingerprint: "fp_mock",
  };
}

function chatEvents(a: MockAnswer, pieces: string[], failure: StreamFailure | undefined): MockEvent[] {
  const chunk = (choices: unknown[], usage: unknown = null): MockEvent => ({
    data: JSON.stringify({ id: `chatcmpl-mock-${a.serial}`, object: "chat.completion.chunk", created: CREATED, model: a.model, system_fingerprint: "fp_mock", choices, usage }),
  });
  const events = [chunk([{ index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null }])];
  for (const text of pieces) events.push(chunk([{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }]));
  if (failure) return [...events, { data: JSON.stringify({ error: { message: failure.message, type: failure.type, param: null, code: null } }) }];
  if (a.end === "refusal") {
    for (const text of split(a.refusal ?? "", 16)) events.push(chunk([{ index: 0, delta: { refusal: text }, logprobs: null, finish_reason: null }]));
  }
  events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: CHAT_FINISH[a.end] }]));
  events.push(chunk([], chatUsage(a)));
  events.push({ data: "[DONE]" });
  return events;
}

// --- OpenAI Responses (§2.2, §2.3) ---

function responseUsage(a: MockAnswer): unknown {
  return {
    input_tokens: a.inputTokens,
    input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    output_tokens: a.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: a.inputTokens + a.outputTokens,
  };
}

function outputPart(a: MockAnswer, text: string): unknown {
  return a.end === "refusal" ? { type: "refusal", refusal: a.refusal ?? "" } : { type: "output_text", text, annotations: [], logprobs: [] };
}

function response(a: MockAnswer, status: "completed" | "incomplete" | "in_progress", output = true): unknown {
  const done = status !== "in_progress";
  const message = { id: `msg_mock_${a.serial}`, type: "message", role: "assistant", status: status === "in_progress" ? "in_progress" : status, content: [outputPart(a, a.text)] };
  return {
    id: `resp_mock_${a.serial}`,
    object: "response",
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: status === "incomplete" ? { reason: a.end === "length" ? "max_output_tokens" : "content_filter" } : null,
    instructions: null,
    max_output_tokens: null,
    model: a.model,
    output: output ? [message] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: null,
    store: false,
    temperature: 1,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: 1,
    truncation: "disabled",
    // `usage` is an optional object, not nullable: absent until the response is done.
    ...(done ? { usage: responseUsage(a) } : {}),
    metadata: {},
  };
}

function responseEvents(a: MockAnswer, pieces: string[], failure: StreamFailure | undefined): MockEvent[] {
  let seq = 0;
  const events: MockEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push({ event: type, data: JSON.stringify({ type, sequence_number: seq++, ...fields }) });
  };
  const itemId = `msg_mock_${a.serial}`;
  const where = { item_id: itemId, output_index: 0, content_index: 0 };
  emit("response.created", { response: response(a, "in_progress", false) });
  emit("response.output_item.added", { output_index: 0, item: { id: itemId, type: "message", role: "assistant", status: "in_progress", content: [] } });
  if (a.end === "refusal") {
    emit("response.content_part.added", { ...where, part: { type: "refusal", refusal: "" } });
    for (const text of split(a.refusal ?? "", 16)) emit("response.refusal.delta", { ...where, delta: text });
    emit("response.refusal.done", { ...where, refusal: a.refusal ?? "" });
  } else {
    emit("response.content_part.added", { ...where, part: { type: "output_text", text: "", annotations: [], logprobs: [] } });
    for (const text of pieces) emit("response.output_text.delta", { ...where, delta: text, logprobs: [] });
    if (failure) {
      emit("error", { code: failure.type, message: failure.message, param: null });
      return events;
    }
    emit("response.output_text.done", { ...where, text: a.text, logprobs: [] });
  }
  const status = a.end === "stop" || a.end === "refusal" ? "completed" : "incomplete";
  const full = response(a, status) as { output: unknown[] };
  emit("response.content_part.done", { ...where, part: outputPart(a, a.text) });
  emit("response.output_item.done", { output_index: 0, item: full.output[0] });
  emit(`response.${status}`, { response: full });
  return events;
}

// --- Gemini (§4.3, §4.5) ---

const GEMINI_FINISH: Record<AnswerEnd, string> = { stop: "STOP", length: "MAX_TOKENS", filter: "SAFETY", refusal: "STOP", blocked: "SAFETY" };

function geminiChunk(a: MockAnswer, text: string, last: boolean): unknown {
  const usageMetadata = last
    ? { promptTokenCount: a.inputTokens, candidatesTokenCount: a.outputTokens, totalTokenCount: a.inputTokens + a.outputTokens }
    : { promptTokenCount: a.inputTokens, totalTokenCount: a.inputTokens };
  if (a.end === "blocked") return { promptFeedback: { blockReason: "SAFETY" }, usageMetadata, modelVersion: a.model, responseId: `mock-${a.serial}` };
  const candidate: Record<string, unknown> = { content: { role: "model", parts: [{ text }] }, index: 0 };
  if (last) candidate["finishReason"] = GEMINI_FINISH[a.end];
  return { candidates: [candidate], usageMetadata, modelVersion: a.model, responseId: `mock-${a.serial}` };
}

function geminiEvents(a: MockAnswer, pieces: string[], failure: StreamFailure | undefined): MockEvent[] {
  if (a.end === "blocked") return [{ data: JSON.stringify(geminiChunk(a, "", true)) }];
  const texts = pieces.length === 0 ? [""] : pieces;
  const events = texts.map((text, i) => ({ data: JSON.stringify(geminiChunk(a, text, !failure && i === texts.length - 1)) }));
  if (failure) events.push({ data: JSON.stringify({ error: { code: 503, message: failure.message, status: "UNAVAILABLE" } }) });
  return events;
}

// --- Anthropic (§6.3, §6.5) ---

const ANTHROPIC_STOP: Record<AnswerEnd, string> = { stop: "end_turn", length: "max_tokens", filter: "refusal", refusal: "refusal", blocked: "refusal" };

function toolInput(a: MockAnswer): unknown {
  if (a.toolName === undefined || a.end !== "stop") return undefined;
  try {
    const value: unknown = JSON.parse(a.text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function anthropicStop(a: MockAnswer, usesTool: boolean): { stop_reason: string; stop_details: unknown } {
  const stop = usesTool ? "tool_use" : ANTHROPIC_STOP[a.end];
  const details = stop === "refusal" ? { type: "refusal", category: null, explanation: a.refusal ?? "The request was declined." } : null;
  return { stop_reason: stop, stop_details: details };
}

function anthropicUsage(input: number, output: number): unknown {
  return { input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: "standard" };
}

function anthropicMessage(a: MockAnswer): unknown {
  const input = toolInput(a);
  const content = input !== undefined ? [{ type: "tool_use", id: `toolu_mock_${a.serial}`, name: a.toolName, input }] : a.end === "refusal" ? [] : [{ type: "text", text: a.text, citations: null }];
  return {
    id: `msg_mock_${a.serial}`,
    type: "message",
    role: "assistant",
    model: a.model,
    content,
    ...anthropicStop(a, input !== undefined),
    stop_sequence: null,
    usage: anthropicUsage(a.inputTokens, a.outputTokens),
  };
}

function anthropicEvents(a: MockAnswer, pieces: string[], failure: StreamFailure | undefined): MockEvent[] {
  const events: MockEvent[] = [];
  const emit = (type: string, fields: Record<string, unknown>): void => {
    events.push({ event: type, data: JSON.stringify({ type, ...fields }) });
  };
  const usesTool = toolInput(a) !== undefined;
  emit("message_start", {
    message: { id: `msg_mock_${a.serial}`, type: "message", role: "assistant", model: a.model, content: [], stop_reason: null, stop_sequence: null, usage: anthropicUsage(a.inputTokens, 1) },
  });
  if (a.end !== "refusal") {
    emit("content_block_start", { index: 0, content_block: usesTool ? { type: "tool_use", id: `toolu_mock_${a.serial}`, name: a.toolName, input: {} } : { type: "text", text: "" } });
    emit("ping", {});
    for (const text of pieces) {
      emit("content_block_delta", { index: 0, delta: usesTool ? { type: "input_json_delta", partial_json: text } : { type: "text_delta", text } });
    }
    if (failure) {
      emit("error", { error: { type: failure.type, message: failure.message } });
      return events;
    }
    emit("content_block_stop", { index: 0 });
  }
  emit("message_delta", { delta: { ...anthropicStop(a, usesTool), stop_sequence: null }, usage: { output_tokens: a.outputTokens } });
  emit("message_stop", {});
  return events;
}

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
