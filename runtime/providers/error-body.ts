/**
 * Error bodies, read the same way on every endpoint (wire-formats.md §0.2): a relay may answer a
 * Gemini or Anthropic path with an OpenAI-shaped error and vice versa, and a CDN in front of it may
 * answer with HTML or nothing at all. Pure: text in, a summary out.
 */
import { MAX_REPLY_DEPTH, nestsDeeperThan } from "../reply-json.js";

/** What an error body says, whatever its shape. */
export interface ErrorBody {
  /** One line for the error message. */
  message: string;
  /** `invalid_request_error`, `overloaded_error`, `RESOURCE_EXHAUSTED`, ... */
  type?: string;
  /** Parsed JSON when the body was JSON, else the text. */
  body: unknown;
  /** Gemini `RetryInfo.retryDelay`, in ms. */
  retryDelayMs?: number;
  /** Retrying cannot help (an exhausted quota, as opposed to a rate limit). */
  permanent?: boolean;
}

type Json = Record<string, unknown>;

const MAX_MESSAGE_CHARS = 300;
// Codes for a 429 that will not clear by waiting (wire-formats.md §1.4).
const PERMANENT_CODES = new Set(["insufficient_quota", "billing_hard_limit_reached"]);

/** Read an error body of any of the three shapes (or a non-JSON one) for an HTTP status. */
export function readErrorBody(status: number, text: string): ErrorBody {
  const trimmed = text.trim();
  if (trimmed === "") return { message: `empty body (HTTP ${status})`, body: "" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { message: describeNonJson(trimmed), body: text };
  }
  // The error's body is copied (redacted) when the error is built: a hostile nesting would overflow
  // the stack there, so such a body stays text (#9).
  if (nestsDeeperThan(parsed, MAX_REPLY_DEPTH)) return { message: `error body nests deeper than ${MAX_REPLY_DEPTH} levels`, body: text };
  // A non-SSE `streamGenerateContent` wraps the Google error in an array.
  const root = Array.isArray(parsed) && isObject(parsed[0]) && isObject(parsed[0]["error"]) ? parsed[0] : parsed;
  if (!isObject(root)) return { message: clip(trimmed), body: parsed };
  const error = root["error"];
  if (root["type"] === "error" && isObject(error)) {
    return withType({ message: text1(error["message"]) ?? "error", body: parsed }, error["type"]);
  }
  if (isObject(error) && typeof error["code"] === "number" && typeof error["status"] === "string") {
    const out: ErrorBody = { message: text1(error["message"]) ?? error["status"], type: error["status"], body: parsed };
    const delay = googleRetryDelayMs(error["details"]);
    if (delay !== undefined) out.retryDelayMs = delay;
    return out;
  }
  if (isObject(error)) {
    const out = withType({ message: text1(error["message"]) ?? clip(trimmed), body: parsed }, error["type"]);
    const code = error["code"];
    if (typeof code === "string" && PERMANENT_CODES.has(code)) out.permanent = true;
    return out;
  }
  // Relay variants: `{"error": "text"}`, `{"message": "text"}`, `{"detail": "text"}`.
  const message = text1(error) ?? text1(root["message"]) ?? text1(root["detail"]) ?? clip(trimmed);
  return { message, body: parsed };
}

/** Parse a protobuf Duration as JSON (`"37s"`, `"0.2s"`) into ms. */
export function parseGoogleDuration(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

function googleRetryDelayMs(details: unknown): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details) {
    if (isObject(d) && String(d["@type"]).endsWith("google.rpc.RetryInfo")) return parseGoogleDuration(d["retryDelay"]);
  }
  return undefined;
}

/** HTML from a proxy: its `<title>`, else the text without tags. */
function describeNonJson(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return `non-JSON body: ${clip(title)}`;
  return `non-JSON body: ${clip(text.replace(/<[^>]*>/g, " "))}`;
}

function withType(out: ErrorBody, type: unknown): ErrorBody {
  if (typeof type === "string") out.type = type;
  return out;
}

function text1(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? clip(value) : undefined;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_MESSAGE_CHARS ? `${oneLine.slice(0, MAX_MESSAGE_CHARS)}...` : oneLine;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
