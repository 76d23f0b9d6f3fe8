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
/** `ResponseStreamEvent` members by their `type`, so an event is checked against its own component. */
let streamEvents: Map<string, string> | undefined;

/**
 * Validation errors of a value against a component (empty when valid). A `ResponseStreamEvent`
 * is checked against the member its `type` names, which gives precise errors instead of an anyOf
 * of 58 failures.
 */
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
    const members = (doc.components.schemas["ResponseStreamEvent"] as { anyOf: { $ref: string }[] }).anyOf.map((m) => m.$ref.split("/").pop() as string);
    streamEvents = new Map();
    for (const name of members) {
      const type = (doc.components.schemas[name] as { properties?: { type?: { enum?: string[] } } }).properties?.type?.enum?.[0];
      if (type !== undefined) streamEvents.set(type, name);
    }
  }
  let name: string = component;
  if (component === "ResponseStreamEvent") {
    const type = (value as { type?: unknown } | null)?.type;
    const member = typeof type === "string" ? streamEvents?.get(type) : undefined;
    if (member === undefined) return [`/type ${JSON.stringify(type)} is no ResponseStreamEvent`];
    name = member;
  }
  const check = ajv.getSchema(`openai#/components/schemas/${name}`);
  if (!check) throw new Error(`no component ${name}`);
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => `${name}: ${e.instancePath || "/"} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
