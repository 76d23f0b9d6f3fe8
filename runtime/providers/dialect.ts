/**
 * The interface every wire dialect implements (style.md rule 7): pure functions, no sockets.
 * `http.ts` sends what `buildRequest` returns; the extract and stream loops feed replies back in.
 */
import type { SseEvent } from "../sse.js";
import type { ExtractorSpec, ProviderName } from "../spec.js";
import type { Message, ReasoningOptions, Usage } from "../types.js";

/** One request to build: the conversation so far (repairs included) and the resolved settings. */
export interface DialectCall {
  spec: ExtractorSpec<unknown>;
  /** The conversation, repairs included; its system messages are appended to `spec.instructions`. */
  messages: readonly Message[];
  model: string;
  apiKey: string;
  stream: boolean;
  temperature?: number;
  maxOutputTokens?: number;
  reasoning?: ReasoningOptions;
}

/** A request ready for `http.ts`: a path under the service root (e.g. `/v1/chat/completions`). */
export interface DialectRequest {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** How a reply (or stream) ended. */
export type Finish = "stop" | "length" | "filter" | "refusal" | "failed";

/** What a whole (non-streamed) reply says. */
export interface DialectReply {
  /** The JSON text, or for tool channels the already-parsed arguments. */
  text?: string;
  json?: unknown;
  finish: Finish;
  refusal?: string;
  /** Why it ended, in the provider's own words (e.g. `MAX_TOKENS`, `content_filter`). */
  reason?: string;
  usage?: Usage;
  model?: string;
}

/** What one stream event adds. Several fields may be set at once. */
export interface DialectDelta {
  /** More JSON text (text deltas, or tool-argument fragments for tool channels). */
  textDelta?: string;
  /**
   * Refusal text. Any refusal text makes the outcome a refusal whatever `finish` says: OpenAI Chat
   * streams a refusal as `delta.refusal` pieces and then `finish_reason: "stop"`.
   */
  refusalDelta?: string;
  finish?: Finish;
  reason?: string;
  /**
   * Token counts seen so far. Providers send them piecewise (Anthropic: input at the start, output
   * at the end), so combine them with `mergeUsage`, never by replacing.
   */
  usage?: Usage;
  model?: string;
  /** A failure reported inside a 200 stream. */
  error?: { status?: number; type?: string; message: string; retryable: boolean };
  /** The stream is over (terminal event seen). */
  done?: boolean;
}

/**
 * A wire dialect. Error bodies are not read here: relays answer any path with any of the three
 * error shapes, so `error-body.ts` reads them the same way for every dialect (wire-formats.md §0.2).
 */
export interface Dialect {
  name: ProviderName;
  /** The request for a call; `call.stream` selects the streaming endpoint or flag. */
  buildRequest(call: DialectCall): DialectRequest;
  /** Read a whole 200 reply (already `JSON.parse`d). Total: an odd body gives `finish: "failed"`. */
  readReply(body: unknown, call: DialectCall): DialectReply;
  /** Read one SSE event; `undefined` for events that carry nothing (pings, bookkeeping). */
  readEvent(event: SseEvent, call: DialectCall): DialectDelta | undefined;
}

/**
 * Combine usage seen so far with a newer report. Every dialect's counts only grow during a call,
 * so each field keeps its largest value, and the total is at least input + output.
 */
export function mergeUsage(previous: Usage | undefined, next: Usage): Usage {
  if (previous === undefined) return next;
  const inputTokens = Math.max(previous.inputTokens, next.inputTokens);
  const outputTokens = Math.max(previous.outputTokens, next.outputTokens);
  const merged: Usage = { inputTokens, outputTokens, totalTokens: Math.max(previous.totalTokens, next.totalTokens, inputTokens + outputTokens) };
  const reasoning = Math.max(previous.reasoningTokens ?? -1, next.reasoningTokens ?? -1);
  if (reasoning >= 0) merged.reasoningTokens = reasoning;
  return merged;
}

/** Usage summed over several requests of one call (repairs): every request is billed. */
export function addUsage(total: Usage | undefined, more: Usage | undefined): Usage | undefined {
  if (more === undefined) return total;
  if (total === undefined) return more;
  const sum: Usage = {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    totalTokens: total.totalTokens + more.totalTokens,
  };
  if (total.reasoningTokens !== undefined || more.reasoningTokens !== undefined) sum.reasoningTokens = (total.reasoningTokens ?? 0) + (more.reasoningTokens ?? 0);
  return sum;
}

/**
 * The JSON object an SSE event carries, or an error delta when it is not one: a cut or garbled
 * event fails the attempt instead of throwing out of a pure reader.
 */
export function readEventData(event: SseEvent): { data: Record<string, unknown> } | { failed: DialectDelta } {
  try {
    const data: unknown = JSON.parse(event.data);
    if (typeof data === "object" && data !== null && !Array.isArray(data)) return { data: data as Record<string, unknown> };
  } catch {
    // reported below, like a non-object value
  }
  return { failed: { error: { message: `stream event is not a JSON object: ${event.data.slice(0, 80)}`, retryable: true } } };
}

/** A value as an object, or undefined: replies are read defensively, never trusted to be well formed. */
export function asObject<T extends object>(value: unknown): T | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as T) : undefined;
}

/**
 * The first object element of what should be an array (`objectsIn(value)[0]`), without building
 * the filtered array: stream readers call this for every event.
 */
export function firstObjectIn<T extends object>(value: unknown): T | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const v of value) if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as T;
  return undefined;
}

/** The object elements of what should be an array; anything else reads as empty. */
export function objectsIn<T extends object>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((v) => typeof v === "object" && v !== null && !Array.isArray(v)) as T[]) : [];
}
