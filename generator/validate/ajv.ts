/**
 * Ajv, configured once for standalone code (design.md §1 "validate"):
 * - Ajv2020: load normalises every schema to draft 2020-12, so one dialect is enough.
 * - `allErrors: true`: a failed reply is sent back to the model with every issue at once (the
 *   repair turn), and `validate(spec, value)` promises complete issues; stopping at the first
 *   error would cost one repair round-trip per issue. Measured on the SchemaStore sample, the
 *   code is no larger than with `allErrors: false` (first-error code has its own branches).
 * - `inlineRefs: false`: each `$defs` entry is one function instead of a copy at every use; the
 *   code is ~16% smaller and TypeScript checks small functions much faster than large ones.
 * - `strict: false`: real-world schemas carry unknown keywords (`x-*`, `markdownDescription`) and
 *   unknown formats; they are ignored (unknown formats with a warning), never fatal.
 * - `validateSchema: false`: load already checked each schema against its draft's meta-schema.
 * - `code.lines: true`: one statement per line, so a schema change gives a readable diff.
 * - `code.optimize: false`: Ajv's optimizer doubles the compile time on large schemas (its name
 *   counting is quadratic in block size); standalone-typescript.ts removes the unread locals it
 *   would have removed, in linear time.
 * - `code.process` replaces the function body Ajv would evaluate with `new Function` by an empty
 *   one: only the source is used (standalone), and evaluating it was 60% of the compile time.
 * - ajv-formats' full formats (the exact ones, e.g. date-time with time zone), referenced by the
 *   generated code through `extractgen/runtime` (see runtime/validator-support.ts).
 */
import { Ajv2020, type Options } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import formatsModule from "ajv-formats";
import type { JsonSchemaObject } from "../json-schema.js";

/** A warning Ajv logged while compiling (unknown format, ignored keyword). */
export interface AjvWarning {
  message: string;
}

export interface StandaloneValidator {
  /** ESM standalone code from Ajv, unmodified. */
  code: string;
  warnings: AjvWarning[];
}

/** Ajv's CommonJS modules set `module.exports` to the function, with `default` pointing at it too. */
const standaloneCode = standaloneModule.default;
const addFormats = formatsModule.default;

/** How a schema must be compiled (see {@link compileStandalone}). */
export interface CompileMode {
  /** Patterns get the `u` flag (all of them compile with it). */
  unicode: boolean;
  /**
   * Properties are looked up as own properties: needed when the schema names one that every object
   * inherits (`constructor`, `toString`, `__proto__`), which `data.constructor !== undefined` would
   * find on any object. Off otherwise: the plain lookup is faster.
   */
  ownProperties: boolean;
}

// One Ajv instance per mode, reused for the whole run (creating one costs more than compiling a
// small schema); compileStandalone removes each schema again, so no state leaks between schemas.
const instances = new Map<string, { ajv: Ajv2020; warnings: AjvWarning[] }>();

function instance(mode: CompileMode): { ajv: Ajv2020; warnings: AjvWarning[] } {
  const key = `${mode.unicode}/${mode.ownProperties}`;
  const existing = instances.get(key);
  if (existing) return existing;
  const warnings: AjvWarning[] = [];
  const options: Options = {
    strict: false,
    allErrors: true,
    inlineRefs: false,
    validateSchema: false,
    unicodeRegExp: mode.unicode,
    ownProperties: mode.ownProperties,
    code: { source: true, esm: true, lines: true, optimize: false, process: () => "return function unused() { return false; };" },
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => void warnings.push({ message: args.map(String).join(" ") }),
      error: (...args: unknown[]) => void warnings.push({ message: args.map(String).join(" ") }),
    },
  };
  const ajv = new Ajv2020(options);
  addFormats(ajv);
  const created = { ajv, warnings };
  instances.set(key, created);
  return created;
}

/**
 * Compile `schema` to Ajv standalone ESM code. Throws what Ajv throws (a schema Ajv cannot
 * compile). The instance is reused across calls; each schema is removed again afterwards, and the
 * code's numbered names are renumbered by the caller, so output does not depend on call order.
 */
export function compileStandalone(schema: JsonSchemaObject, mode: CompileMode): StandaloneValidator {
  const { ajv, warnings } = instance(mode);
  warnings.length = 0;
  // `$id`/`$schema` at the root would make Ajv cache the schema under its URI (clashing with the
  // next schema of the same id) or look for a meta-schema; the bundle needs neither.
  const { $id: _id, $schema: _schema, ...bundled } = schema;
  try {
    const validate = ajv.compile(bundled);
    return { code: standaloneCode(ajv, validate), warnings: [...warnings] };
  } finally {
    ajv.removeSchema(bundled);
  }
}
