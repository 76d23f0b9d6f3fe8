/** Ajv 2020 with formats, as the tests use it to check schemas and values. */
import { Ajv2020 } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";

const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv2020) => Ajv2020 }).default;

/** A fresh Ajv that reads any 2020-12 schema (unknown keywords such as `propertyOrdering` ignored). */
export function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false, validateFormats: true });
  addFormats(ajv);
  return ajv;
}

/** Validate `value` against `schema`; the Ajv error text, or undefined when valid. */
export function schemaErrors(schema: object, value: unknown): string | undefined {
  const ajv = newAjv();
  const validate = ajv.compile(schema);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}
