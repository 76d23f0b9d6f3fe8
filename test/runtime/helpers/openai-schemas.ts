/**
 * The official OpenAI components (../shared/specs/openai.components.json, already normalised),
 * loaded as wire-formats.md §9.1 says, to check request and reply bodies in tests.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const SPEC = new URL("../../../../shared/specs/openai.components.json", import.meta.url);

export type OpenAIComponent =
  | "CreateChatCompletionRequest"
  | "CreateChatCompletionResponse"
  | "CreateChatCompletionStreamResponse"
  | "CreateResponse"
  | "Response"
  | "ResponseStreamEvent"
  | "ErrorResponse";

let ajv: Ajv2020 | undefined;

/** Validation errors of a value against a component (empty when valid). */
export function openAIErrors(component: OpenAIComponent, value: unknown): string[] {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("unixtime", true);
    const doc = JSON.parse(readFileSync(SPEC, "utf8")) as { components: { schemas: Record<string, Record<string, unknown>> } };
    // `InputItem` is a oneOf whose discriminator the normaliser dropped: a user message with a
    // content list matches both `EasyInputMessage` and `Item`, so "exactly one" can never hold.
    // At least one must match.
    const inputItem = doc.components.schemas["InputItem"] as { oneOf?: unknown; anyOf?: unknown };
    inputItem.anyOf = inputItem.oneOf;
    delete inputItem.oneOf;
    ajv.addSchema(doc);
  }
  const check = ajv.getSchema(`openai#/components/schemas/${component}`);
  if (!check) throw new Error(`no component ${component}`);
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
