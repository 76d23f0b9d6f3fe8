import type { ExtractorSpec, ValidateResult, ValidationIssue, ValidatorError } from "./spec.js";

/**
 * Validate a value against the extractor's ORIGINAL schema with its precompiled validator.
 * @example
 * const r = validate(invoiceSpec, JSON.parse(text));
 * if (!r.ok) console.error(r.issues);
 */
export function validate<T>(spec: ExtractorSpec<T>, value: unknown): ValidateResult<T> {
  const check = spec.validate;
  if (check(value)) return { ok: true, value };
  return { ok: false, issues: toIssues(check.errors) };
}

/** Ajv-style errors as `{ path, message }`, path a JSON pointer into the value ("" is the root). */
export function toIssues(errors: readonly ValidatorError[] | null | undefined): ValidationIssue[] {
  if (!errors || errors.length === 0) return [{ path: "", message: "value does not match the schema" }];
  return errors.map((e) => ({ path: e.instancePath, message: describe(e) }));
}

function describe(e: ValidatorError): string {
  const params = e.params ?? {};
  if (e.keyword === "additionalProperties" && typeof params["additionalProperty"] === "string") {
    return `must not have property ${JSON.stringify(params["additionalProperty"])}`;
  }
  if (e.keyword === "required" && typeof params["missingProperty"] === "string") {
    return `must have property ${JSON.stringify(params["missingProperty"])}`;
  }
  if (e.keyword === "enum" && Array.isArray(params["allowedValues"])) {
    return `must be one of ${params["allowedValues"].map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return e.message ?? `fails ${e.keyword}`;
}
