import type { Diagnostic } from "../diagnostics.js";
import type { ExtractorSchema } from "../load/project.js";
import { type AjvWarning, compileStandalone } from "./ajv.js";
import { checkPatterns } from "./patterns.js";
import { standaloneToTypeScript } from "./standalone-typescript.js";

/** The precompiled validator of one extractor, as TypeScript statements for its module. */
export interface ValidatorCode {
  /** The function the spec's `validate` field names, e.g. `validateInvoice`. */
  functionName: string;
  /** Top-level statements (functions and the constants they read); nothing is exported. */
  text: string;
  /**
   * The code is too large to type-check: emit puts it in a sibling `<module>.validator.ts` marked
   * `// @ts-nocheck` instead of the module (see {@link MAX_CHECKED_FUNCTION_LINES}).
   */
  tooLargeToCheck: boolean;
}

/**
 * Type-checking Ajv's code costs TypeScript's control-flow analysis time that grows faster than
 * the code (every read of `data` walks back through every branch before it): on the SchemaStore
 * sample, about 1.5 s per megabyte on an idle core, and functions of 7,000 lines and more fail
 * outright with TS2563 ("too large for control flow analysis"; 4,582 lines passed). Validators
 * past either limit below are not type-checked: the code is Ajv's, and what it exports is typed.
 */
const MAX_CHECKED_FUNCTION_LINES = 3000;
const MAX_CHECKED_VALIDATOR_BYTES = 200 * 1024;

export interface ValidateContext {
  /** The namespace the module imports `extractgen/runtime` as. */
  runtime: string;
  report: (d: Diagnostic) => void;
}

/**
 * Compile the validator of an extractor's ORIGINAL (bundled, 2020-12) schema to TypeScript:
 * Ajv standalone code, made type-clean (standalone-typescript.ts). Returns `undefined`, with an
 * error diagnostic, when Ajv cannot compile the schema.
 * @example
 * const code = compileValidator(extractor, { runtime: "runtime", report });
 * code?.functionName; // "validateInvoice"
 */
export function compileValidator(extractor: ExtractorSchema, ctx: ValidateContext): ValidatorCode | undefined {
  const functionName = `validate${extractor.typeName}`;
  const { schema, unicode } = checkPatterns(extractor.schema, extractor.file, ctx.report);
  try {
    const standalone = compileStandalone(schema, { unicode, ownProperties: namesInheritedProperty(schema) });
    // Ajv logs some warnings once per compilation pass over the same keyword.
    const messages = new Set(standalone.warnings.map((w) => w.message));
    for (const message of messages) ctx.report(toDiagnostic({ message }, extractor.file));
    const { text, longestFunction } = standaloneToTypeScript(standalone.code, { functionName, typeName: extractor.typeName, runtime: ctx.runtime });
    return { functionName, text, tooLargeToCheck: longestFunction > MAX_CHECKED_FUNCTION_LINES || text.length > MAX_CHECKED_VALIDATOR_BYTES };
  } catch (error) {
    ctx.report({
      code: "EG_VALIDATOR_FAILED",
      severity: "error",
      file: extractor.file,
      message: `the validator cannot be compiled: ${error instanceof Error ? error.message : String(error)}`,
      hint: "the module is written with its types only (no spec, no extract function) until the schema compiles",
    });
    return undefined;
  }
}

/** True when some `properties` or `required` entry names a property every object inherits. */
function namesInheritedProperty(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  if (Array.isArray(schema)) return schema.some(namesInheritedProperty);
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" && typeof value === "object" && value !== null && Object.keys(value).some((k) => k in Object.prototype)) return true;
    if (key === "required" && Array.isArray(value) && value.some((k) => typeof k === "string" && k in Object.prototype)) return true;
    if (namesInheritedProperty(value)) return true;
  }
  return false;
}

/** Ajv says `unknown format "color" ignored in schema at path "#/properties/c"`. */
const UNKNOWN_FORMAT = /^unknown format "(.*)" ignored in schema at path "#(.*)"$/;

function toDiagnostic(warning: AjvWarning, file: string): Diagnostic {
  const format = UNKNOWN_FORMAT.exec(warning.message);
  if (format) {
    return {
      code: "EG_FORMAT_UNKNOWN",
      severity: "warning",
      file,
      pointer: `${format[2] ?? ""}/format`,
      message: `format ${JSON.stringify(format[1])} is not validated`,
      hint: "known formats: date, time, date-time, duration, uri, uri-reference, uri-template, url, email, hostname, ipv4, ipv6, regex, uuid, json-pointer, relative-json-pointer, byte, int32, int64, float, double",
    };
  }
  return { code: "EG_VALIDATOR_FAILED", severity: "warning", file, message: `Ajv: ${warning.message}` };
}
