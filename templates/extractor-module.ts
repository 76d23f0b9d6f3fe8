// Template of one generated extractor module (design.md §4). generator/emit reads this file with
// ts-morph and copies every statement not marked `@template-only`, JSDoc included, replacing the
// placeholder names: `Template` (the root type), `templateSpec`, `extractTemplate`,
// `streamTemplate`, `validateTemplate` (the precompiled validator) and `TEMPLATE_SPEC_FIELDS`
// (the spec's data: name, version, instructions, defaults, schema, wires). The types are written
// above these statements and the validator below them.
import * as runtime from "extractgen/runtime";

/** @template-only */
type Template = { readonly placeholder: true };
/** @template-only */
declare function validateTemplate(value: unknown): value is Template;
/** @template-only */
declare const TEMPLATE_SPEC_FIELDS: Omit<runtime.ExtractorSpec<Template>, "validate">;

/**
 * Everything the runtime needs to run the {@link Template} extractor: its instructions, the
 * original JSON Schema, each provider's wire schema with the plan that restores replies, and the
 * precompiled validator. Pass it to `extract`, `stream`, `extractMany` or `validate` from
 * `extractgen/runtime`.
 */
export const templateSpec: runtime.ExtractorSpec<Template> = {
  ...TEMPLATE_SPEC_FIELDS,
  validate: validateTemplate,
};

/**
 * Extract a {@link Template} from a text or a conversation. The reply is restored and validated
 * against the schema (and re-asked once when invalid) before it is returned.
 * @param input The text to read, or the messages of a conversation (text, images, files).
 * @param options Provider, model, base URL, API key, retries, timeout; each falls back to the
 *   environment (`EXTRACTGEN_PROVIDER`, `EXTRACTGEN_MODEL`, ...), then to the schema's defaults.
 * @returns The validated value.
 * @example
 * const value = await extractTemplate("…the text to read…");
 */
export async function extractTemplate(input: runtime.ExtractInput, options?: runtime.ExtractOptions): Promise<Template> {
  const result = await runtime.extract(templateSpec, input, options);
  return result.data;
}

/**
 * Stream a {@link Template}: iterate growing partial values while the reply arrives; `final()`
 * resolves with the validated value, `result()` with usage and attempts as well.
 * @param input The text to read, or the messages of a conversation.
 * @param options The same options as {@link extractTemplate}.
 * @example
 * const stream = streamTemplate("…the text to read…");
 * for await (const partial of stream) console.log(partial);
 * const value = await stream.final();
 */
export function streamTemplate(input: runtime.ExtractInput, options?: runtime.ExtractOptions): runtime.ExtractStream<Template> {
  return runtime.stream(templateSpec, input, options);
}
