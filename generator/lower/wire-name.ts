/** Names sent on the wire: OpenAI `json_schema.name` and Anthropic tool names, `[a-zA-Z0-9_-]{1,64}`. */

const WIRE_NAME_MAX = 64;

/** `name` with every other character replaced by `_`, cut to 64; `extract` when nothing is left. */
export function wireNameOf(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, WIRE_NAME_MAX);
  return /[a-zA-Z0-9]/.test(cleaned) ? cleaned : "extract";
}
