/**
 * The fake server's replies (#8 item 1), built once: the invoice as a chat completion JSON and as
 * SSE chunks of `DELTA_CHARS` characters of content each.
 */
import { readInvoiceReply } from "../invoice/invoice.js";

/** Characters of answer per SSE delta: about four tokens, the granularity models stream in. */
export const DELTA_CHARS = 16;

const MODEL = "gpt-4o-mini-2024-07-18";
const CREATED = 1_750_000_000;
const USAGE = { prompt_tokens: 412, completion_tokens: 318, total_tokens: 730 };

/** The body of a chat completion whose message content is `content`. */
export function completionBody(content: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: "chatcmpl-bench",
      object: "chat.completion",
      created: CREATED,
      model: MODEL,
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
      usage: USAGE,
      service_tier: "default",
      system_fingerprint: "fp_bench",
    }),
  );
}

function chunk(delta: Record<string, unknown>, finish: string | null): string {
  const body = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model: MODEL, system_fingerprint: "fp_bench", choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** The SSE body streaming `content`: role, content deltas, finish, usage (as with `stream_options.include_usage`), `[DONE]`. */
export function sseBody(content: string): Buffer {
  const events = [chunk({ role: "assistant", content: "", refusal: null }, null)];
  for (let i = 0; i < content.length; i += DELTA_CHARS) events.push(chunk({ content: content.slice(i, i + DELTA_CHARS) }, null));
  events.push(chunk({}, "stop"));
  const usage = { id: "chatcmpl-bench", object: "chat.completion.chunk", created: CREATED, model: MODEL, system_fingerprint: "fp_bench", choices: [], usage: USAGE };
  events.push(`data: ${JSON.stringify(usage)}\n\n`, "data: [DONE]\n\n");
  return Buffer.from(events.join(""));
}

/** The invoice reply's content: the invoice JSON, minified as models send it. */
export function invoiceContent(): string {
  return JSON.stringify(readInvoiceReply());
}
