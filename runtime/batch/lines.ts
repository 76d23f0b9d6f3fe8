/**
 * Line splitting for JSONL files and streams (#7). Works on bytes and decodes one line at a time, so
 * memory holds one chunk plus the line being read, whatever the file size.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = "\ufeff";

/**
 * Yield the lines of a byte stream, without their `\n` or `\r\n`. A last line without a newline is
 * yielded too; a UTF-8 byte order mark at the start is dropped. Line `n` (1-based) is the `n`-th
 * value yielded, blank lines included, so callers can count lines for messages.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string, void, undefined> {
  let pending: Buffer[] = [];
  let first = true;
  const decode = (parts: Buffer[]): string => {
    let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, -1);
    let text = bytes.toString("utf8");
    if (first) {
      first = false;
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    }
    return text;
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, start);
      if (end === -1) {
        if (start < bytes.length) pending.push(bytes.subarray(start));
        break;
      }
      pending.push(bytes.subarray(start, end));
      const line = decode(pending);
      pending = [];
      start = end + 1;
      yield line;
    }
  }
  if (pending.length > 0) yield decode(pending);
}

/** True for a line with nothing but spaces, tabs or a carriage return: skipped, never an error. */
export function isBlankLine(line: string): boolean {
  return line.trim() === "";
}

const SPACE = 0x20;
const TAB = 0x09;

/**
 * Count the non-blank lines of a byte stream (what `readLines` + `isBlankLine` would keep) without
 * decoding it: one pass over the bytes, memory of one chunk. Used for the progress total.
 */
export async function countNonBlankLines(chunks: AsyncIterable<Uint8Array | string>): Promise<number> {
  let count = 0;
  let lineHasContent = false;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    while (start < bytes.length) {
      let end = bytes.indexOf(NEWLINE, start);
      if (end === -1) end = bytes.length;
      // Lines almost always start with `{`, so this scan stops at the first byte.
      for (let i = start; !lineHasContent && i < end; i++) {
        const b = bytes[i];
        if (b !== SPACE && b !== TAB && b !== CARRIAGE_RETURN) lineHasContent = true;
      }
      if (end < bytes.length) {
        if (lineHasContent) count++;
        lineHasContent = false;
      }
      start = end + 1;
    }
  }
  return lineHasContent ? count + 1 : count;
}
