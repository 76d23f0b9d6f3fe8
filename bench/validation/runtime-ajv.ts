/**
 * Ajv compiling at run time, set up as generator/validate sets Ajv up for the precompiled code
 * (Ajv 2020, all errors, `$defs` as functions, no meta-schema check, ajv-formats' full formats), so
 * both sides of the validation benchmark run the same checks.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = formatsModule.default;

/** A fresh Ajv ready to `compile`. */
export function runtimeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, inlineRefs: false, validateSchema: false, logger: false });
  addFormats(ajv);
  return ajv;
}
