/**
 * One line of a batch input file (#7): `{ "id": "...", "text": "..." }` or
 * `{ "id": "...", "messages": [...] }`. The id defaults to the 1-based line number, so a file
 * without ids still resumes (as long as its lines keep their order).
 */
import type { ExtractInput } from "../types.js";

/** A line that can be extracted, or one that cannot, with the reason (it goes to the errors file). */
export type InputRecord = { id: string; input: ExtractInput } | { id: string; problem: string };

/** Read one non-blank input line; never throws. */
export function readInputRecord(line: string, lineNumber: number): InputRecord {
  const fallbackId = String(lineNumber);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { id: fallbackId, problem: `line ${lineNumber} is not valid JSON (${(e as Error).message})` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { id: fallbackId, problem: `line ${lineNumber} must be an object like {"id": "a1", "text": "..."}` };
  }
  const { id: rawId, text, messages } = value as { id?: unknown; text?: unknown; messages?: unknown };
  let id = fallbackId;
  if (typeof rawId === "string" && rawId !== "") id = rawId;
  else if (typeof rawId === "number" && Number.isFinite(rawId)) id = String(rawId);
  else if (rawId !== undefined) {
    return { id: fallbackId, problem: `line ${lineNumber}: "id" must be a non-empty string or a number (leave it out to use the line number)` };
  }
  if (text !== undefined && messages !== undefined) {
    return { id, problem: `line ${lineNumber}: give either "text" or "messages", not both` };
  }
  if (typeof text === "string") return { id, input: text };
  // The messages themselves are checked by extract, which names the faulty field.
  if (Array.isArray(messages)) return { id, input: messages as ExtractInput };
  if (text !== undefined) return { id, problem: `line ${lineNumber}: "text" must be a string` };
  if (messages !== undefined) return { id, problem: `line ${lineNumber}: "messages" must be an array of {"role", "content"}` };
  return { id, problem: `line ${lineNumber} has no "text" (a string) or "messages" (an array)` };
}
