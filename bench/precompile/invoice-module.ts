/**
 * The extractor module the per-call benchmark calls, built from bench/invoice/invoice.schema.json.
 *
 * generator/emit is not merged yet, so this writes by hand what `extractgen generate` will write
 * for the schema, reduced to what runs at call time: `invoiceSpec` with the wires from
 * `lowerExtractor` and the precompiled validator, and `extractInvoice`/`streamInvoice`, one-line
 * wrappers around the runtime's `extract`/`stream`, imported from `extractgen/runtime` as
 * generated code does (the package resolves itself to dist/runtime). Once emit lands, this is
 * replaced by a real `generate()` run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { lowerExtractor } from "../../generator/lower/index.js";
import { INVOICE_SCHEMA_FILE } from "../invoice/invoice.js";
import { loadOneExtractor } from "./load-extractor.js";
import { writeStandaloneValidator } from "./standalone-validator.js";

/** Where prepared modules go: inside the package (so `extractgen/runtime` resolves), ignored by git. */
export const PREPARED_DIR = ".tmp/bench";

export interface InvoiceModule {
  /** Absolute path of the module exporting `invoiceSpec`, `extractInvoice`, `streamInvoice`. */
  module: string;
  /** Absolute path of the precompiled validator module (default export). */
  validator: string;
}

/** Load, lower and precompile the invoice schema, and write its extractor module. */
export async function writeInvoiceModule(): Promise<InvoiceModule> {
  const dir = resolve(PREPARED_DIR);
  mkdirSync(dir, { recursive: true });
  const extractor = await loadOneExtractor({ root: process.cwd(), schemas: INVOICE_SCHEMA_FILE });
  const { wire } = lowerExtractor(extractor);
  const validator = join(dir, "invoice.validator.mjs");
  writeStandaloneValidator(extractor.schema, validator);
  const spec = {
    name: extractor.name,
    version: extractor.version,
    instructions: extractor.settings.instructions ?? "",
    ...(extractor.settings.model !== undefined && { model: extractor.settings.model }),
    schema: extractor.schema,
    wire,
  };
  const module = join(dir, "invoice.mjs");
  writeFileSync(
    module,
    [
      `// Stand-in for the module extractgen generate writes for ${INVOICE_SCHEMA_FILE} (bench/precompile/invoice-module.ts).`,
      `import { extract, stream } from "extractgen/runtime";`,
      `import validateInvoice from "./invoice.validator.mjs";`,
      ``,
      `export const invoiceSpec = { ...${JSON.stringify(spec)}, validate: validateInvoice };`,
      ``,
      `export async function extractInvoice(input, options) {`,
      `  return (await extract(invoiceSpec, input, options)).data;`,
      `}`,
      ``,
      `export function streamInvoice(input, options) {`,
      `  return stream(invoiceSpec, input, options);`,
      `}`,
      ``,
    ].join("\n"),
  );
  return { module, validator };
}
