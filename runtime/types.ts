/** Public call types of the runtime (design.md §6). */
import type { ProviderName } from "./spec.js";

/** A part of a message: text, an image (URL or base64 data) or a file (base64, e.g. a PDF). */
export type Part =
  | { type: "text"; text: string }
  | { type: "image"; url?: string; data?: string; mimeType?: string }
  | { type: "file"; data: string; mimeType: string; filename?: string };

/** A provider-neutral chat message. */
export interface Message {
  role: "system" | "user" | "assistant";
  content: string | Part[];
}

/** What an extractor reads: user text, or a conversation. */
export type ExtractInput = string | readonly Message[];

/** Reasoning controls, mapped per dialect (`reasoning_effort`, Gemini `thinkingConfig`, Anthropic `thinking`). */
export interface ReasoningOptions {
  effort?: "minimal" | "low" | "medium" | "high";
  budgetTokens?: number;
  includeThoughts?: boolean;
}

/** Per-call options; each falls back to the environment, then to the spec's `x-extractor` defaults. */
export interface ExtractOptions {
  provider?: ProviderName;
  /** Service root; a trailing `/v1` is accepted and means the same. */
  baseURL?: string;
  apiKey?: string;
  model?: string;
  temperature?: number;
  maxOutputTokens?: number;
  reasoning?: ReasoningOptions;
  /** Transport retries (429, 5xx, connection errors). @default 2 */
  maxRetries?: number;
  /** Re-asks after an invalid reply. @default 1 */
  maxRepairs?: number;
  /** Budget for the whole call, retries included. @default 600000 */
  timeoutMs?: number;
  /** A larger reply is cut off with an error. @default 16777216 */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** An undici Dispatcher (Pool, Agent, ProxyAgent) to send requests through. */
  client?: unknown;
}

/** Token usage, normalised across dialects. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
}

/** What `extract` resolves to. */
export interface ExtractResult<T> {
  data: T;
  usage: Usage;
  /** Requests sent, transport retries and repairs included. */
  attempts: number;
  provider: ProviderName;
  model: string;
  /** The reply text the data was parsed from. */
  raw: string;
}

/** A value whose every property (deeply) may still be missing: a streaming snapshot. */
export type DeepPartial<T> = T extends readonly (infer E)[]
  ? DeepPartial<E>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** A stream of growing snapshots, with the restored and validated final value. */
export interface ExtractStream<T> extends AsyncIterable<DeepPartial<T>> {
  /** Resolves with the final value once the stream ends (validated like `extract`). */
  final(): Promise<T>;
  /** The full result (usage, attempts, raw) once the stream ends. */
  result(): Promise<ExtractResult<T>>;
}
