/**
 * Gemini native: `POST {base}/v1beta/models/{model}:generateContent`, streaming via
 * `:streamGenerateContent?alt=sse` (wire-formats.md §4). The schema goes in `generationConfig`
 * under the field the lowering chose (`responseJsonSchema` or `responseSchema`, never both).
 * Thought parts are summaries, not answer text, and are skipped.
 */
import { inlineData, systemPrompt } from "../messages.js";
import { constantJson } from "../request-json.js";
import type { Message, Part, ReasoningOptions, Usage } from "../types.js";
import { asObject, type Dialect, type DialectCall, type DialectDelta, type DialectReply, type Finish, firstObjectIn, objectsIn, readEventData } from "./dialect.js";

interface GeminiPart {
  text?: unknown;
  thought?: unknown;
}

interface GeminiCandidate {
  content?: { parts?: GeminiPart[] };
  finishReason?: string;
}

interface GeminiChunk {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    toolUsePromptTokenCount?: number;
    totalTokenCount?: number;
  };
  modelVersion?: string;
  error?: { code?: number; message?: string; status?: string };
}

// finishReason values that mean a filter stopped the answer (wire-formats.md §4.3).
const FILTER_REASONS = new Set([
  "SAFETY",
  "RECITATION",
  "LANGUAGE",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

const THINKING_LEVELS: Readonly<Record<NonNullable<ReasoningOptions["effort"]>, string>> = {
  minimal: "MINIMAL",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
};

export const gemini: Dialect = {
  name: "gemini",

  buildRequest(call) {
    const wire = call.spec.wire.gemini;
    const model = call.model.startsWith("models/") ? call.model.slice("models/".length) : call.model;
    const path = `/v1beta/models/${encodeURIComponent(model)}:${call.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`;
    const generationConfig: Record<string, unknown> = { responseMimeType: "application/json", [wire.field]: constantJson(wire.schema) };
    if (call.maxOutputTokens !== undefined) generationConfig["maxOutputTokens"] = call.maxOutputTokens;
    if (call.temperature !== undefined) generationConfig["temperature"] = call.temperature;
    const thinking = thinkingConfig(call);
    if (thinking) generationConfig["thinkingConfig"] = thinking;
    const body: Record<string, unknown> = {
      contents: call.messages.filter((m) => m.role !== "system").map(content),
      generationConfig,
    };
    const system = systemPrompt(call.spec.instructions, call.messages);
    if (system !== "") body["systemInstruction"] = { parts: [{ text: system }] };
    return { method: "POST", path, headers: { "x-goog-api-key": call.apiKey }, body };
  },

  readReply(body) {
    const reply = readChunk(asObject<GeminiChunk>(body) ?? {});
    const out: DialectReply = { finish: reply.finish ?? (reply.textDelta !== undefined ? "stop" : "failed") };
    if (reply.textDelta !== undefined) out.text = reply.textDelta;
    if (reply.reason !== undefined) out.reason = reply.reason;
    else if (out.finish === "failed") out.reason = "reply has no candidates";
    if (reply.usage) out.usage = reply.usage;
    if (reply.model !== undefined) out.model = reply.model;
    return out;
  },

  readEvent(event) {
    const read = readEventData(event);
    if ("failed" in read) return read.failed;
    const chunk = read.data as GeminiChunk;
    if (chunk.error) {
      const status = chunk.error.code;
      const out: NonNullable<DialectDelta["error"]> = {
        message: chunk.error.message ?? "stream failed",
        retryable: status === undefined || status === 429 || status >= 500,
      };
      if (status !== undefined) out.status = status;
      if (chunk.error.status !== undefined) out.type = chunk.error.status;
      return { error: out };
    }
    return readChunk(chunk);
  },
};

/** One `GenerateContentResponse` (whole reply or stream chunk): its text, finish and usage. */
function readChunk(chunk: GeminiChunk): DialectDelta {
  const out: DialectDelta = {};
  const usage = readUsage(chunk.usageMetadata);
  if (usage) out.usage = usage;
  if (typeof chunk.modelVersion === "string") out.model = chunk.modelVersion;
  const blocked = chunk.promptFeedback?.blockReason;
  if (typeof blocked === "string" && blocked !== "") {
    out.finish = "filter";
    out.reason = blocked;
    return out;
  }
  const candidate = firstObjectIn<GeminiCandidate>(chunk.candidates);
  if (!candidate) return out;
  for (const part of objectsIn<GeminiPart>(candidate.content?.parts)) {
    if (part.thought !== true && typeof part.text === "string") out.textDelta = (out.textDelta ?? "") + part.text;
  }
  const reason = candidate.finishReason;
  if (typeof reason === "string" && reason !== "FINISH_REASON_UNSPECIFIED") {
    out.reason = reason;
    out.finish = readFinish(reason);
  }
  return out;
}

function readFinish(reason: string): Finish {
  if (reason === "STOP") return "stop";
  if (reason === "MAX_TOKENS") return "length";
  if (FILTER_REASONS.has(reason)) return "filter";
  return "failed";
}

/** `UsageMetadata`: thoughts count as output (as OpenAI and Anthropic count them); absent means 0. */
function readUsage(u: GeminiChunk["usageMetadata"]): Usage | undefined {
  if (asObject(u) === undefined || u === undefined) return undefined;
  const inputTokens = (u.promptTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
  const thoughts = u.thoughtsTokenCount ?? 0;
  const outputTokens = (u.candidatesTokenCount ?? 0) + thoughts;
  const out: Usage = { inputTokens, outputTokens, totalTokens: u.totalTokenCount ?? inputTokens + outputTokens };
  if (u.thoughtsTokenCount !== undefined) out.reasoningTokens = thoughts;
  return out;
}

/** `thinkingConfig`: a budget wins over a level, since sending both is a 400 (§4.2). */
function thinkingConfig(call: DialectCall): Record<string, unknown> | undefined {
  const r = call.reasoning;
  if (!r) return undefined;
  const config: Record<string, unknown> = {};
  if (r.budgetTokens !== undefined) config["thinkingBudget"] = r.budgetTokens;
  else if (r.effort !== undefined) config["thinkingLevel"] = THINKING_LEVELS[r.effort];
  if (r.includeThoughts !== undefined) config["includeThoughts"] = r.includeThoughts;
  return Object.keys(config).length === 0 ? undefined : config;
}

function content(m: Message): unknown {
  const role = m.role === "assistant" ? "model" : "user";
  if (typeof m.content === "string") return { role, parts: [{ text: m.content }] };
  return { role, parts: m.content.map(part) };
}

function part(p: Part): unknown {
  if (p.type === "text") return { text: p.text };
  const inline = inlineData(p);
  if (inline) return { inlineData: inline };
  // An image by URL: Gemini fetches it (a `fileData` reference).
  const fileData: Record<string, string> = { fileUri: (p as { url: string }).url };
  if (p.mimeType !== undefined) fileData["mimeType"] = p.mimeType;
  return { fileData };
}
