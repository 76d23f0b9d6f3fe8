/**
 * The interface every wire dialect implements (style.md rule 7): four pure functions, no sockets.
 * `http.ts` sends what `buildRequest` returns; the extract and stream loops feed replies back in.
 */
import type { SseEvent } from "../sse.js";
import type { ExtractorSpec, ProviderName } from "../spec.js";
import type { Message, ReasoningOptions, Usage } from "../types.js";

/** One request to build: the conversation so far (repairs included) and the resolved settings. */
export interface DialectCall {
  spec: ExtractorSpec<unknown>;
  /** The conversation without the system prompt (that is `spec.instructions`). */
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
  textDelta?: string;
  refusalDelta?: string;
  finish?: Finish;
  reason?: string;
  usage?: Usage;
  model?: string;
  /** A failure reported inside a 200 stream. */
  error?: { status?: number; type?: string; message: string; retryable: boolean };
  /** The stream is over (terminal event seen). */
  done?: boolean;
}

export interface Dialect {
  name: ProviderName;
  buildRequest(call: DialectCall): DialectRequest;
  readReply(body: unknown, call: DialectCall): DialectReply;
  readEvent(event: SseEvent, call: DialectCall): DialectDelta | undefined;
}
