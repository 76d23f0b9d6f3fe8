/**
 * The JSON text of a request body. A body is mostly the same on every call: the wire schema (often
 * kilobytes, the largest part of a structured-output request) comes from the spec and never
 * changes, while the messages do. Dialects mark such parts with `constantJson`, and `requestJson`
 * serialises each marked object once per process and splices its text into every later body, so a
 * call pays only for what changes (#8: `JSON.stringify` of the invoice request was a tenth of the
 * runtime's own work per call).
 */

const constants = new WeakSet<object>();
const texts = new WeakMap<object, string>();
/** `"key":` for the property names bodies use (a handful per dialect), made once. */
const keyTexts = new Map<string, string>();
const MAX_KEY_TEXTS = 256;

/**
 * Mark `value` as never changing (a spec's wire schema): `requestJson` serialises it once. Returns
 * `value`, so a dialect can mark it where it puts it into a body.
 */
export function constantJson<T extends object>(value: T): T {
  constants.add(value);
  return value;
}

/** `JSON.stringify(body)`, with the parts marked by `constantJson` serialised once per process. */
export function requestJson(body: unknown): string {
  return toJson(body) ?? "null";
}

/**
 * JSON.stringify's text for `value` (undefined where JSON.stringify leaves a value out). Plain
 * objects and arrays are walked to find the marked parts; everything else, and anything with a
 * `toJSON` method or an unusual prototype, is left to JSON.stringify itself.
 */
function toJson(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (constants.has(value)) {
    let text = texts.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      texts.set(value, text);
    }
    return text;
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += `${i === 0 ? "" : ","}${toJson(value[i]) ?? "null"}`;
    return `${out}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  let out = "{";
  for (const key of Object.keys(value)) {
    const text = toJson((value as Record<string, unknown>)[key]);
    if (text === undefined) continue;
    out += `${out.length === 1 ? "" : ","}${keyText(key)}${text}`;
  }
  return `${out}}`;
}

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    // Names come from dialects and callers' message parts: few, but not bounded by us.
    if (keyTexts.size >= MAX_KEY_TEXTS) keyTexts.clear();
    text = `${JSON.stringify(key)}:`;
    keyTexts.set(key, text);
  }
  return text;
}
