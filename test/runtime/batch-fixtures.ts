/** Shared by the batch tests: a small spec and canned extract results. */
import type { ExtractorSpec } from "../../runtime/spec.js";
import type { ExtractResult } from "../../runtime/types.js";

export interface Note {
  n: number;
}

/** A spec whose calls never leave the process when an `extractOne` is injected. */
export const noteSpec: ExtractorSpec<Note> = {
  name: "Note",
  version: 1,
  instructions: "Extract the number.",
  schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
  wire: {
    openai: { mode: "strict", name: "Note", schema: {}, restore: {} },
    gemini: { mode: "json", field: "responseJsonSchema", schema: {}, restore: {} },
    anthropic: { mode: "output_format", toolName: "Note", schema: {}, restore: {} },
  },
  validate: ((value: unknown) => typeof value === "object" && value !== null) as ExtractorSpec<Note>["validate"],
};

/** What extract would return for a document holding the number `n`. */
export function noteResult(n: number): ExtractResult<Note> {
  return { data: { n }, usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 }, attempts: 1, provider: "openai", model: "m", raw: `{"n":${n}}` };
}
