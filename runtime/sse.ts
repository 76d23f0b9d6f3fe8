/**
 * Server-sent events decoder (wire-formats.md §0.3, WHATWG HTML "Parsing an event stream").
 *
 * Incremental: each chunk is scanned once, from where the previous one stopped; only the unfinished
 * last line is carried over, so the cost over a whole stream is linear in its length.
 */

/** One server-sent event (wire-formats.md §0.3). */
export interface SseEvent {
  /** The `event:` field, when present. */
  event?: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/** The `data` that OpenAI Chat (and relays, on every dialect) send to close a stream. */
export const SSE_DONE = "[DONE]";

/** True for the `data: [DONE]` terminator. */
export function isSseDone(event: SseEvent): boolean {
  return event.data === SSE_DONE;
}

const LF = 0x0a;
const BOM = 0xfeff;

/**
 * Turns chunks of an event stream (strings, or bytes decoded as UTF-8 across chunk boundaries) into
 * events.
 *
 * Beyond the SSE standard it accepts one thing the dialects need: Gemini can put an error body into the
 * stream as raw JSON with no `data:` prefix, possibly pretty-printed over several lines
 * (wire-formats.md §4.5; js-genai checks every raw chunk for it). A line that starts with `{` or `[`
 * at the beginning of an event opens such a raw event; its lines are kept verbatim until the next blank
 * line or the end of the stream, and it is delivered as an event whose `data` is that JSON text.
 *
 * @example
 * const decoder = new SseDecoder();
 * for await (const chunk of body) for (const event of decoder.push(chunk)) handle(event);
 * for (const event of decoder.end()) handle(event);
 */
export class SseDecoder {
  private readonly utf8 = new TextDecoder("utf-8");
  /** The start of a line whose end has not arrived yet. */
  private partialLine = "";
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to that line end. */
  private afterCR = false;
  /** A byte-order mark is dropped at the start of the stream only (TextDecoder does so for bytes). */
  private started = false;
  private eventName: string | undefined;
  /** The event's `data` so far: its lines joined with `\n`; undefined before its first `data:` line. */
  private eventData: string | undefined;
  /** Lines of a raw (un-prefixed) JSON event, see the class comment. */
  private rawLines: string[] | undefined;
  private events: SseEvent[] = [];

  /** Decode one chunk; returns the events it completed (often none). */
  push(chunk: string | Uint8Array): SseEvent[] {
    const text = typeof chunk === "string" ? chunk : this.utf8.decode(chunk, { stream: true });
    this.scan(text);
    return this.takeEvents();
  }

  /**
   * The stream is over: returns what is still complete. An event without its closing blank line is
   * dropped, as the SSE standard says, except a raw JSON event (an error body needs no blank line).
   */
  end(): SseEvent[] {
    const tail = this.utf8.decode();
    if (tail) this.scan(tail);
    if (this.partialLine) this.line(this.partialLine);
    this.partialLine = "";
    if (this.rawLines) this.dispatch();
    return this.takeEvents();
  }

  private takeEvents(): SseEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }

  private scan(text: string): void {
    if (text.length === 0) return;
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (this.afterCR && text.charCodeAt(start) === LF) start++;
    this.afterCR = false;
    // Line ends are found with indexOf: a /[\r\n]/g regex costs several times more per character,
    // and this scan runs over every byte of every stream (#8, bench/RESULTS.md). A CR is rare, so
    // the next one is looked up once and again only after a line end passes it.
    let nextCR = text.indexOf("\r", start);
    for (;;) {
      if (nextCR !== -1 && nextCR < start) nextCR = text.indexOf("\r", start);
      const nextLF = text.indexOf("\n", start);
      const end = nextCR === -1 || (nextLF !== -1 && nextLF < nextCR) ? nextLF : nextCR;
      if (end === -1) break;
      if (this.partialLine) {
        this.line(this.partialLine + text.slice(start, end));
        this.partialLine = "";
      } else if (this.rawLines === undefined && text.startsWith("data:", start)) {
        // Nearly every line of a stream is `data: ...`: slice its value straight out of the chunk
        // (what line() would do, minus the copy of the whole line first).
        this.data(text.slice(text.charCodeAt(start + 5) === 0x20 ? start + 6 : start + 5, end));
      } else {
        this.line(text.slice(start, end));
      }
      start = end + 1;
      if (end === nextCR) {
        if (start === text.length) this.afterCR = true;
        else if (text.charCodeAt(start) === LF) start++;
      }
    }
    // A line longer than a chunk accumulates here; `+=` on strings is amortised O(1) (ropes).
    if (start < text.length) this.partialLine += text.slice(start);
  }

  /** One complete line, without its line end. */
  private line(line: string): void {
    if (this.rawLines) {
      if (line === "") this.dispatch();
      else this.rawLines.push(line);
      return;
    }
    if (line === "") return this.dispatch();
    const first = line.charCodeAt(0);
    if (first === 0x3a /* ":" comment, keep-alive */) return;
    if ((first === 0x7b /* { */ || first === 0x5b) /* [ */ && this.eventData === undefined && this.eventName === undefined) {
      this.rawLines = [line];
      return;
    }
    // Nearly every line of a stream is `data: ...`: read it without slicing the field name off.
    if (line.startsWith("data:")) return this.data(line.charCodeAt(5) === 0x20 ? line.slice(6) : line.slice(5));
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === "data") {
      this.data(value);
    } else if (field === "event") {
      this.eventName = value;
    }
    // `id` and `retry` steer EventSource reconnection, which a request/response client never does.
  }

  /** The value of one `data:` line. */
  private data(value: string): void {
    // Nearly every event has one data line: no array to fill and join.
    this.eventData = this.eventData === undefined ? value : `${this.eventData}\n${value}`;
  }

  private dispatch(): void {
    if (this.rawLines) {
      this.events.push({ data: this.rawLines.join("\n") });
      this.rawLines = undefined;
    } else if (this.eventData !== undefined) {
      const data = this.eventData;
      this.events.push(this.eventName === undefined ? { data } : { event: this.eventName, data });
    }
    this.eventName = undefined;
    this.eventData = undefined;
  }
}
