/**
 * Constraints a target cannot enforce, written into the field's `description` so the model still
 * sees them (the OpenAI and Anthropic SDK helpers do the same; wire-formats.md §7). Short phrases,
 * one per dropped keyword.
 */
import type { WireSchema } from "../../runtime/spec.js";

const PHRASES: Record<string, (v: unknown) => string> = {
  minLength: (v) => `at least ${String(v)} characters`,
  maxLength: (v) => `at most ${String(v)} characters`,
  pattern: (v) => `matches the regular expression ${String(v)}`,
  format: (v) => `format: ${String(v)}`,
  minimum: (v) => `>= ${String(v)}`,
  maximum: (v) => `<= ${String(v)}`,
  exclusiveMinimum: (v) => `> ${String(v)}`,
  exclusiveMaximum: (v) => `< ${String(v)}`,
  multipleOf: (v) => `a multiple of ${String(v)}`,
  minItems: (v) => `at least ${String(v)} items`,
  maxItems: (v) => `at most ${String(v)} items`,
  uniqueItems: () => "items are unique",
  minProperties: (v) => `at least ${String(v)} properties`,
  maxProperties: (v) => `at most ${String(v)} properties`,
  const: (v) => `always ${JSON.stringify(v)}`,
  enum: (v) => `one of ${Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(", ") : JSON.stringify(v)}`,
};

/** A phrase for a dropped keyword, or undefined when it would not help the model. */
export function constraintPhrase(keyword: string, value: unknown): string | undefined {
  return PHRASES[keyword]?.(value);
}

/** Append notes to a node's description (`Constraints: a; b.`). */
export function appendNotes(node: WireSchema, notes: readonly string[]): void {
  if (notes.length === 0) return;
  const text = `Constraints: ${notes.join("; ")}.`;
  const current = node["description"];
  node["description"] = typeof current === "string" && current.length > 0 ? `${current}\n${text}` : text;
}
