/** One server-sent event (wire-formats.md §0.3). */
export interface SseEvent {
  /** The `event:` field, when present. */
  event?: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}
