import type { ProviderName } from "../spec.js";
import { anthropic } from "./anthropic.js";
import type { Dialect } from "./dialect.js";
import { gemini } from "./gemini.js";
import { openai } from "./openai.js";
import { openaiResponses } from "./openai-responses.js";

/** Every wire dialect by provider name (style.md rule 7). */
export const DIALECTS: Readonly<Record<ProviderName, Dialect>> = {
  openai,
  "openai-responses": openaiResponses,
  gemini,
  anthropic,
};

export type { Dialect, DialectCall, DialectDelta, DialectReply, DialectRequest, Finish } from "./dialect.js";
export { addUsage, mergeUsage, readEventData } from "./dialect.js";
export { readErrorBody } from "./error-body.js";
