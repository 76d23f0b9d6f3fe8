/**
 * What the 2xx reply to a streaming request holds (#9). Providers answer with `text/event-stream`;
 * a relay that cannot stream a route answers with `application/json` (wire-formats.md §0.1a). A
 * reply with no content-type, or another one, is told apart by its first non-blank byte: `{` or `[`
 * is a JSON reply, `<` is a markup page (a proxy's, CDN's or captive portal's HTML: never a
 * provider's answer), anything else is read as an event stream.
 */
import type { HttpStream } from "./http.js";

export type StreamBodyKind = "sse" | "json" | "markup";

/**
 * The kind of an opened stream's body. Sniffing reads the first chunks up to the first non-blank
 * byte; the returned stream yields them again, then the rest (leaving it early still closes the
 * connection).
 */
export async function sniffStreamBody(opened: HttpStream): Promise<{ kind: StreamBodyKind; opened: HttpStream }> {
  const type = opened.headers["content-type"];
  const declared = typeof type === "string" ? type.toLowerCase() : "";
  if (declared.includes("application/json")) return { kind: "json", opened };
  if (declared.includes("text/event-stream")) return { kind: "sse", opened };
  const body = opened.body[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let kind: StreamBodyKind | undefined;
  while (kind === undefined) {
    const next = await body.next();
    if (next.done) break;
    seen.push(next.value);
    kind = kindOfFirstByte(next.value);
  }
  return { kind: kind ?? "sse", opened: { ...opened, body: replay(seen, body) } };
}

/** The kind a chunk's first non-blank byte announces; undefined when the chunk is all blank. */
function kindOfFirstByte(chunk: Uint8Array): StreamBodyKind | undefined {
  for (const byte of chunk) {
    // Space, tab, CR, LF, and a UTF-8 byte-order mark (EF BB BF).
    if (byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) return "json";
    if (byte === 0x3c /* < */) return "markup";
    return "sse";
  }
  return undefined;
}

async function* replay(seen: readonly Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* seen;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
