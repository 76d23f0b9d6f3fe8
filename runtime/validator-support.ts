/**
 * What precompiled validators (the Ajv standalone code in generated modules) call at run time.
 * Generated modules reach these through `extractgen/runtime`, so a project that uses generated
 * extractors needs no direct dependency on ajv or ajv-formats, and nothing compiles a schema at
 * run time.
 */
import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

/**
 * Helpers named by Ajv's generated code: `equal` (deep equality for `enum`, `const`,
 * `uniqueItems`), `ucs2length` (string length in code points for `minLength`/`maxLength`) and the
 * `formats` of ajv-formats ("full" mode: exact date, time, email, uri checks).
 */
export const validatorRuntime = {
  // Ajv's runtime helpers are CommonJS modules whose export is `default`.
  equal: equalModule.default,
  ucs2length: ucs2lengthModule.default,
  formats: fullFormats,
} as const;
