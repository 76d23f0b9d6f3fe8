/**
 * Picking the JSON value out of a reply's text. Strict structured output gives bare JSON, but a
 * relay may have turned the schema into a prompt instruction or dropped it (wire-formats.md §0.1a),
 * and models then wrap the value in a markdown fence or put prose around it. Parsing is
 * `JSON.parse`, which keeps `__proto__` as an ordinary own key, so no reply can pollute a prototype.
 */
import type { ValidationIssue } from "./spec.js";

export type ReplyJson = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

const FENCE = /```[a-zA-Z0-9_-]*[^\S\n]*\n?([\s\S]*?)```/g;

/** The one JSON value in a reply: bare, in a markdown fence, or the first balanced `{...}`/`[...]` in prose. */
export function parseReplyJson(text: string): ReplyJson {
  let firstError: string | undefined;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    firstError = (e as Error).message;
  }
  for (const match of text.matchAll(FENCE)) {
    const parsed = tryParse(match[1] as string);
    if (parsed !== NOT_JSON) return { ok: true, value: parsed };
  }
  for (let start = nextOpening(text, 0); start !== -1; start = nextOpening(text, start + 1)) {
    const end = balancedEnd(text, start);
    if (end === -1) continue;
    const parsed = tryParse(text.slice(start, end + 1));
    if (parsed !== NOT_JSON) return { ok: true, value: parsed };
  }
  const message = text.trim() === "" ? "reply is empty, expected a JSON value" : `reply is not valid JSON (${firstError})`;
  return { ok: false, issue: { path: "", message } };
}

const NOT_JSON = Symbol("not json");

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function nextOpening(text: string, from: number): number {
  const brace = text.indexOf("{", from);
  const bracket = text.indexOf("[", from);
  if (brace === -1) return bracket;
  if (bracket === -1) return brace;
  return Math.min(brace, bracket);
}

/** Index of the bracket closing the one at `start`, skipping strings; -1 if it never closes. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
