/**
 * Whole SSE texts (recorded fixtures, mock replies) as events, and the events folded through a
 * dialect's `readEvent`. Only for complete texts in tests; the runtime's incremental decoder is
 * runtime/sse.ts.
 */
import { type DialectCall, type DialectDelta, mergeUsage } from "../../../runtime/providers/dialect.js";
import { DIALECTS } from "../../../runtime/providers/index.js";
import type { ProviderName } from "../../../runtime/spec.js";
import type { SseEvent } from "../../../runtime/sse.js";
import type { Usage } from "../../../runtime/types.js";

/** Split on blank lines (`\n\n`, `\r\n\r\n`, `\r\r`), skip comments, join `data:` lines (wire-formats.md §0.3). */
export function sseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const frame of text.split(/\r\n\r\n|\n\n|\r\r/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of frame.split(/\r\n|\n|\r/)) {
      if (line.startsWith(":")) continue;
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
    }
    if (data.length > 0) events.push(event === undefined ? { data: data.join("\n") } : { event, data: data.join("\n") });
  }
  return events;
}

/** What a whole stream says, folded from the dialect's deltas. */
export interface FoldedStream {
  text: string;
  refusal: string;
  finish?: DialectDelta["finish"];
  reason?: string;
  usage?: Usage;
  model?: string;
  done: boolean;
  errors: NonNullable<DialectDelta["error"]>[];
}

export function foldStream(provider: ProviderName, call: DialectCall, text: string): FoldedStream {
  const out: FoldedStream = { text: "", refusal: "", done: false, errors: [] };
  for (const event of sseEvents(text)) {
    const delta = DIALECTS[provider].readEvent(event, call);
    if (!delta) continue;
    out.text += delta.textDelta ?? "";
    out.refusal += delta.refusalDelta ?? "";
    if (delta.finish) out.finish = delta.finish;
    if (delta.reason) out.reason = delta.reason;
    if (delta.model) out.model = delta.model;
    if (delta.usage) out.usage = mergeUsage(out.usage, delta.usage);
    if (delta.done) out.done = true;
    if (delta.error) out.errors.push(delta.error);
  }
  return out;
}
