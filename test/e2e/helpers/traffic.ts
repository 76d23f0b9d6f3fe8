/**
 * Checks every OpenAI-dialect exchange the mock provider saw against the official components:
 * request bodies against `CreateChatCompletionRequest` / `CreateResponse`, replies against
 * `CreateChatCompletionResponse` / `Response` (and their stream events), error bodies against
 * `ErrorResponse`. Replies not sent whole (drops, hang-ups) or garbage on purpose are skipped.
 */
import type { MockRequest } from "../../../runtime/testing/index.js";
import { type OpenAIComponent, openAIErrors } from "../../runtime/helpers/openai-schemas.js";

const REQUEST: Record<string, OpenAIComponent> = { openai: "CreateChatCompletionRequest", "openai-responses": "CreateResponse" };
const REPLY: Record<string, OpenAIComponent> = { openai: "CreateChatCompletionResponse", "openai-responses": "Response" };
const EVENT: Record<string, OpenAIComponent> = { openai: "CreateChatCompletionStreamResponse", "openai-responses": "ResponseStreamEvent" };
// Replies that are garbage on purpose.
const GARBAGE: readonly string[] = ["oversized", "recorded"];

/** Problems found in the OpenAI traffic, one line each (empty when all is well). */
export function openAITrafficProblems(requests: readonly MockRequest[]): string[] {
  const problems: string[] = [];
  const report = (r: MockRequest, what: string, errors: string[]): void => {
    for (const e of errors) problems.push(`${r.dialect} ${r.model} ${what}: ${e}`);
  };
  for (const r of requests) {
    if (r.dialect !== "openai" && r.dialect !== "openai-responses") continue;
    report(r, "request", openAIErrors(REQUEST[r.dialect]!, r.body));
    if (!r.complete || (r.step && GARBAGE.includes(r.step.kind))) continue;
    if (r.status !== 200) {
      // A relay may answer with another vendor's error shape on purpose (the `shape` of a step).
      const shape = r.step && "shape" in r.step ? r.step.shape : undefined;
      if (r.reply.startsWith("{") && (shape === undefined || shape === "openai")) report(r, `error reply ${r.status}`, openAIErrors("ErrorResponse", JSON.parse(r.reply)));
      continue;
    }
    if (!r.stream) {
      report(r, "reply", openAIErrors(REPLY[r.dialect]!, JSON.parse(r.reply)));
      continue;
    }
    for (const frame of r.reply.split("\n\n")) {
      const data = frame.split("\n").find((line) => line.startsWith("data: "))?.slice("data: ".length);
      if (data === undefined || data === "[DONE]") continue;
      const event = JSON.parse(data) as Record<string, unknown>;
      // A failure inside a 200 stream is an error object, not a stream event (wire-formats.md §0.3).
      if (r.dialect === "openai" && "error" in event) continue;
      report(r, "event", openAIErrors(EVENT[r.dialect]!, event));
    }
  }
  return problems;
}
