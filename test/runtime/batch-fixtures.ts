/** Shared by the batch tests: a small spec and canned extract results. */
import type { ExtractorSpec } from "../../runtime/spec.js";
import type { ExtractResult } from "../../runtime/types.js";

export interface Note {
  n: number;
}

const NOTE_SCHEMA = { type: "object", properties: { n: { type: "integer" } }, required: ["n"], additionalProperties: false };

/** A spec for `{ n: integer }`, good for the mock provider over HTTP and for injected extractOnes. */
export const noteSpec: ExtractorSpec<Note> = {
  name: "Note",
  version: 1,
  instructions: "Extract the number.",
  schema: NOTE_SCHEMA,
  wire: {
    openai: { mode: "strict", name: "Note", schema: NOTE_SCHEMA, restore: {} },
    gemini: { mode: "json", field: "responseJsonSchema", schema: NOTE_SCHEMA, restore: {} },
    anthropic: { mode: "output_format", toolName: "Note", schema: NOTE_SCHEMA, restore: {} },
  },
  validate: ((value: unknown) => typeof value === "object" && value !== null && Number.isInteger((value as { n?: unknown }).n)) as ExtractorSpec<Note>["validate"],
};

/** What extract would return for a document holding the number `n`. */
export function noteResult(n: number): ExtractResult<Note> {
  return { data: { n }, usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 }, attempts: 1, provider: "openai", model: "m", raw: `{"n":${n}}` };
}
