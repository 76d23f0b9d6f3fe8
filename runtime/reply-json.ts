/**
 * Picking the JSON value out of a reply's text. Strict structured output gives bare JSON, but a
 * relay may have turned the schema into a prompt instruction or dropped it (wire-formats.md §0.1a),
 * and models then wrap the value in a markdown fence or put prose around it. Parsing is
 * `JSON.parse`, which keeps `__proto__` as an ordinary own key, so no reply can pollute a prototype.
 *
 * `JSON.parse` reads any depth without recursion, but whatever walks the value afterwards recurses:
 * the restore plan and the validator on a recursive schema, `JSON.stringify` in the caller's code or
 * the batch writer. A hostile reply nested 200,000 levels deep would overflow the stack there, so a
 * reply value may nest at most MAX_REPLY_DEPTH levels (#9). Past it, the reply is invalid like any
 * other bad reply, before anything walks it.
 */
import type { ValidationIssue } from "./spec.js";

export type ReplyJson = { ok: true; value: unknown } | { ok: false; issue: ValidationIssue };

/**
 * The deepest nesting of objects and arrays a reply value may have. Far beyond any real extraction,
 * and far below what recursion over it needs (an Ajv validator of a recursive schema overflows the
 * default stack at about 3,400 levels, `JSON.stringify` at about 4,000).
 */
export const MAX_REPLY_DEPTH = 512;

/** The issue for a value nested deeper than MAX_REPLY_DEPTH. */
const TOO_DEEP_ISSUE: ValidationIssue = Object.freeze({ path: "", message: `reply nests objects and arrays deeper than ${MAX_REPLY_DEPTH} levels` });

/**
 * True when `value` nests objects and arrays more than `limit` levels deep (a scalar is level 0,
 * `[]` level 1). It stops at the first branch past the limit, so it recurses at most `limit` + 1
 * calls deep however deep the value is; and it allocates nothing, since it runs on every reply.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (nestsDeeperThan(value[i], limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && nestsDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}

const FENCE = /```[a-zA-Z0-9_-]*[^\S\n]*\n?([\s\S]*?)```/g;

/** The one JSON value in a reply: bare, in a markdown fence, or the first balanced `{...}`/`[...]` in prose. */
export function parseReplyJson(text: string): ReplyJson {
  let firstError: string | undefined;
  try {
    return checkedDepth(JSON.parse(text));
  } catch (e) {
    firstError = (e as Error).message;
  }
  for (const match of text.matchAll(FENCE)) {
    const parsed = tryParse(match[1] as string);
    if (parsed !== NOT_JSON) return checkedDepth(parsed);
  }
  for (let start = nextOpening(text, 0); start !== -1; start = nextOpening(text, start + 1)) {
    const end = balancedEnd(text, start);
    if (end === -1) continue;
    const parsed = tryParse(text.slice(start, end + 1));
    if (parsed !== NOT_JSON) return checkedDepth(parsed);
  }
  const message = text.trim() === "" ? "reply is empty, expected a JSON value" : `reply is not valid JSON (${firstError})`;
  return { ok: false, issue: { path: "", message } };
}

/** A parsed reply value, or the depth issue when it nests too deeply to be walked safely. */
export function checkedDepth(value: unknown): ReplyJson {
  return nestsDeeperThan(value, MAX_REPLY_DEPTH) ? { ok: false, issue: TOO_DEEP_ISSUE } : { ok: true, value };
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
