/**
 * Precompiled validators for the benchmarks: Ajv standalone code, the code a generated extractor
 * module embeds (design.md §1 "validate"). Compiled with the options generator/validate uses for it
 * (Ajv 2020, all errors, `$defs` as functions, ajv-formats' full formats, no optimizer pass and no
 * evaluation of the code, one instance reused), so timing this code times the generated validator
 * and timing its compilation approximates the generator's validate stage; `runtimeAjv` is the same
 * Ajv set up to compile at run time instead.
 */
import { writeFileSync } from "node:fs";
import { Ajv2020, type Options } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import formatsModule from "ajv-formats";

// Ajv's CommonJS modules export the function as `default` under NodeNext.
const standaloneCode = standaloneModule.default;
const addFormats = formatsModule.default;

const SHARED: Options = { strict: false, allErrors: true, inlineRefs: false, validateSchema: false, logger: false };

/** An Ajv that compiles at run time, configured like the precompiled code (`extractgen run` does this). */
export function runtimeAjv(): Ajv2020 {
  return ajvWith({});
}

let codeAjv: Ajv2020 | undefined;

/**
 * Ajv standalone ES module code for `schema`, default export the validator. Ajv's standalone ESM
 * still `require`s its runtime helpers and formats, so the module makes a `require` of its own.
 */
export function standaloneValidatorCode(schema: Record<string, unknown>): string {
  codeAjv ??= ajvWith({ code: { source: true, esm: true, lines: true, optimize: false, process: () => "return function unused() { return false; };" } });
  // As generator/validate does: no root `$id`/`$schema` (the bundle needs neither), and the schema
  // is removed again so the next one may reuse ids.
  const { $id: _id, $schema: _schema, ...bundled } = schema;
  try {
    const code = standaloneCode(codeAjv, codeAjv.compile(bundled));
    return `import { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n${code}\n`;
  } finally {
    codeAjv.removeSchema(bundled);
  }
}

function ajvWith(extra: Options): Ajv2020 {
  const ajv = new Ajv2020({ ...SHARED, ...extra });
  addFormats(ajv);
  return ajv;
}

/** Write `schema`'s precompiled validator module to `file`. */
export function writeStandaloneValidator(schema: Record<string, unknown>, file: string): void {
  writeFileSync(file, standaloneValidatorCode(schema));
}
