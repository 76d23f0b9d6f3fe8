/**
 * Hand-written extractor specs for runtime tests (generated specs come from `emit`). The validator
 * is an Ajv-compiled function of the original schema, as the generated one is.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ExtractorSpec, PrecompiledValidator, WireSchema } from "../../../runtime/spec.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });

export interface Person {
  name: string;
  age?: number;
  tags: string[];
}

/** The original schema: `age` optional and not nullable, so OpenAI lowers it to required + nullable. */
export const PERSON_SCHEMA: WireSchema = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 1 },
    age: { type: "integer", minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["name", "tags"],
  additionalProperties: false,
};

const OPENAI_PERSON: WireSchema = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: ["integer", "null"], minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["name", "age", "tags"],
  additionalProperties: false,
};

/** A spec for Person with per-provider wires; override fields per test. */
export function personSpec(overrides: Partial<ExtractorSpec<Person>> = {}): ExtractorSpec<Person> {
  return {
    name: "Person",
    version: 1,
    instructions: "Extract the person.",
    schema: PERSON_SCHEMA,
    wire: {
      openai: { mode: "strict", name: "Person", schema: OPENAI_PERSON, restore: { root: { kind: "object", props: { age: { nullToAbsent: true } } } } },
      gemini: { mode: "json", field: "responseJsonSchema", schema: PERSON_SCHEMA, restore: {} },
      anthropic: { mode: "output_format", toolName: "emit_person", schema: PERSON_SCHEMA, restore: {} },
    },
    validate: ajv.compile(PERSON_SCHEMA) as PrecompiledValidator<Person>,
    ...overrides,
  };
}
