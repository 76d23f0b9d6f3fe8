/**
 * Inputs as provider-neutral messages (design.md §6): a string becomes one user message; a message
 * array is checked part by part, so a bad input fails here with the field named instead of as a
 * provider 400. Dialects map the result to their own shapes; the system prompt is the spec's
 * `instructions` followed by any system messages of the input.
 */
import { ConfigError } from "./errors.js";
import type { ValidationIssue } from "./spec.js";
import type { ExtractInput, Message, Part } from "./types.js";

/** An image or file part with its bytes inline (base64) and a known media type. */
export interface InlineData {
  data: string;
  mimeType: string;
}

const ROLES: readonly string[] = ["system", "user", "assistant"];

/**
 * Check an input and return it as messages. Image parts given as `data:` URLs come back as inline
 * data; inline images without a `mimeType` get one from their magic bytes.
 * @throws ConfigError naming the message and part at fault.
 */
export function toMessages(input: ExtractInput): readonly Message[] {
  if (typeof input === "string") return [{ role: "user", content: input }];
  if (!Array.isArray(input)) throw new ConfigError("input", "must be a string or an array of messages { role, content }");
  if (input.length === 0) throw new ConfigError("input", "has no messages");
  let out: Message[] | undefined;
  for (let i = 0; i < input.length; i++) {
    const message = input[i] as Message;
    const checked = checkMessage(message, `input[${i}]`);
    if (checked !== message) {
      out ??= input.slice(0, i);
      out.push(checked);
    } else out?.push(message);
  }
  if (!input.some((m) => m.role !== "system")) throw new ConfigError("input", "has only system messages; add a user message");
  return out ?? input;
}

/** The system prompt: the spec's instructions, then the text of the input's system messages. */
export function systemPrompt(instructions: string, messages: readonly Message[]): string {
  let prompt = instructions;
  for (const m of messages) {
    if (m.role !== "system") continue;
    const text = textOf(m.content);
    if (text !== "") prompt = prompt === "" ? text : `${prompt}\n\n${text}`;
  }
  return prompt;
}

/** The text parts of a content, joined (images and files dropped: system prompts are text only). */
export function textOf(content: string | readonly Part[]): string {
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) if (part.type === "text") text = text === "" ? part.text : `${text}\n${part.text}`;
  return text;
}

/**
 * The two turns of a repair: the previous reply as the assistant's, then a user turn listing what
 * was wrong with it, each issue addressed by its JSON pointer.
 */
export function repairTurns(previousReply: string, issues: readonly ValidationIssue[]): Message[] {
  const lines = issues.map((i) => `- ${i.path === "" ? "(root)" : i.path}: ${i.message}`);
  const ask =
    "Your previous reply is not valid for the required JSON schema:\n" +
    lines.join("\n") +
    "\nReply again with only the corrected JSON value, nothing else.";
  // An empty reply has nothing to show; the user turn alone asks again.
  return previousReply.trim() === "" ? [{ role: "user", content: ask }] : [
    { role: "assistant", content: previousReply },
    { role: "user", content: ask },
  ];
}

/** An inline part's bytes and media type (image data or `data:` URL, or a file). */
export function inlineData(part: Extract<Part, { type: "image" | "file" }>): InlineData | undefined {
  if (part.data === undefined) return undefined;
  return { data: part.data, mimeType: part.mimeType ?? "application/octet-stream" };
}

function checkMessage(message: Message, where: string): Message {
  if (message === null || typeof message !== "object") throw new ConfigError(where, "must be a message { role, content }");
  if (!ROLES.includes(message.role)) throw new ConfigError(`${where}.role`, `must be one of ${ROLES.join(", ")}`);
  const content = message.content;
  if (typeof content === "string") return message;
  if (!Array.isArray(content) || content.length === 0) throw new ConfigError(`${where}.content`, "must be a string or a non-empty array of parts");
  let parts: Part[] | undefined;
  for (let j = 0; j < content.length; j++) {
    const part = content[j] as Part;
    const checked = checkPart(part, `${where}.content[${j}]`, message.role);
    if (checked !== part) {
      parts ??= content.slice(0, j);
      parts.push(checked);
    } else parts?.push(part);
  }
  return parts ? { role: message.role, content: parts } : message;
}

function checkPart(part: Part, where: string, role: Message["role"]): Part {
  if (part === null || typeof part !== "object") throw new ConfigError(where, "must be a part { type, ... }");
  if (part.type === "text") {
    if (typeof part.text !== "string") throw new ConfigError(`${where}.text`, "must be a string");
    return part;
  }
  if (role !== "user") throw new ConfigError(where, `${role} messages can only hold text parts`);
  if (part.type === "file") {
    if (typeof part.data !== "string" || part.data === "") throw new ConfigError(`${where}.data`, "must be the file's bytes as base64");
    if (typeof part.mimeType !== "string" || part.mimeType === "") throw new ConfigError(`${where}.mimeType`, 'is required for files, e.g. "application/pdf"');
    return part;
  }
  if (part.type === "image") {
    const hasUrl = typeof part.url === "string" && part.url !== "";
    const hasData = typeof part.data === "string" && part.data !== "";
    if (hasUrl === hasData) throw new ConfigError(where, "an image needs exactly one of url or data (base64)");
    if (hasUrl) {
      const fromUrl = parseDataURL(part.url as string);
      if (fromUrl) return { type: "image", data: fromUrl.data, mimeType: part.mimeType ?? fromUrl.mimeType };
      return part;
    }
    if (part.mimeType !== undefined) return part;
    const sniffed = sniffImageType(part.data as string);
    if (sniffed === undefined) throw new ConfigError(`${where}.mimeType`, 'cannot tell the image type from its bytes; set mimeType, e.g. "image/png"');
    return { type: "image", data: part.data as string, mimeType: sniffed };
  }
  throw new ConfigError(`${where}.type`, 'must be "text", "image" or "file"');
}

/** `data:image/png;base64,AAAA` as inline data (only base64 data URLs). */
function parseDataURL(url: string): InlineData | undefined {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { mimeType: m[1] as string, data: m[2] as string } : undefined;
}

// Base64 of each format's magic bytes (PNG \x89PNG, JPEG \xFF\xD8\xFF, GIF8, RIFF....WEBP).
const IMAGE_MAGIC: readonly [string, string][] = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["R0lGOD", "image/gif"],
  ["UklGR", "image/webp"],
];

function sniffImageType(base64: string): string | undefined {
  for (const [prefix, type] of IMAGE_MAGIC) if (base64.startsWith(prefix)) return type;
  return undefined;
}

/** A `data:` URL for inline bytes (OpenAI takes images and files this way). */
export function toDataURL(inline: InlineData): string {
  return `data:${inline.mimeType};base64,${inline.data}`;
}
