import type { ExtractorSchema } from "../load/project.js";
import type { ExtractorWires } from "../lower/index.js";
import type { TypeDeclaration } from "../types/index.js";
import type { ValidatorCode } from "../validate/index.js";
import { withBanner } from "./banner.js";
import { extractorNames } from "./exported-names.js";
import { toLiteral } from "./literal.js";
import { relativeImport } from "./relative-import.js";
import { MODULE_PLACEHOLDERS, type Templates, fillPlaceholders } from "./templates.js";

/** One file to write, its path relative to the output folder (`/`-separated). */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Everything one output module holds. */
export interface ModuleInput {
  /** Module name, e.g. `invoice` or `billing/invoice` (the file is `<module>.ts`). */
  module: string;
  /** The schema file it comes from, relative to the project root (for the banner). */
  source: string;
  /** The types it declares, in output order (the extractor's root type first). */
  declarations: readonly TypeDeclaration[];
  /** Which module declares each type of the project (for `import type`). */
  typeOwners: ReadonlyMap<string, string>;
  /** The extractor, when this module has one whose validator compiled. */
  extractor?: { schema: ExtractorSchema; wire: ExtractorWires; validator: ValidatorCode };
}

const PROVIDERS = new Set(["openai", "openai-responses", "gemini", "anthropic"]);

/**
 * Assemble one module (design.md §4): banner, imports, types, then the template's spec, extract
 * and stream functions, then the precompiled validator. A validator too large for TypeScript's
 * control-flow analysis goes to a sibling `<module>.validator.ts` (see ValidatorCode).
 * @example
 * const files = emitModule({ module: "invoice", source: "schemas/invoice.schema.json", declarations, typeOwners, extractor }, templates);
 * files[0].path; // "invoice.ts"
 */
export function emitModule(input: ModuleInput, templates: Templates): GeneratedFile[] {
  const declared = new Set(input.declarations.map((d) => d.name));
  const imports: string[] = [];
  const extractor = input.extractor;
  const separateValidator = extractor?.validator.tooLargeToCheck === true;
  if (extractor) imports.push(templates.module.runtimeImport);
  imports.push(...typeImports(input, declared, extractor ? [extractor.schema.typeName] : []));
  if (extractor && separateValidator) {
    imports.push(`import { ${extractor.validator.functionName} } from "${relativeImport(input.module, validatorModule(input.module))}";`);
  }

  const sections = [imports.join("\n"), ...input.declarations.map((d) => d.text)];
  if (extractor) {
    sections.push(...extractorStatements(extractor.schema, extractor.wire, templates));
    if (!separateValidator) sections.push(validatorSection(extractor.validator.text));
  }
  const files: GeneratedFile[] = [{ path: `${input.module}.ts`, content: withBanner(input.source, `${sections.filter((s) => s !== "").join("\n\n")}\n`) }];
  if (extractor && separateValidator) {
    files.push({ path: `${validatorModule(input.module)}.ts`, content: emitSeparateValidator(input, extractor.schema.typeName, extractor.validator, templates) });
  }
  return files;
}

/** `import type { A, B } from "./other.js";` for every type declared elsewhere, sorted by module. */
function typeImports(input: ModuleInput, declared: ReadonlySet<string>, extraRefs: readonly string[]): string[] {
  const byModule = new Map<string, Set<string>>();
  const refs = [...input.declarations.flatMap((d) => d.refs), ...extraRefs];
  for (const ref of refs) {
    if (declared.has(ref)) continue;
    const owner = input.typeOwners.get(ref);
    if (owner === undefined || owner === input.module) continue;
    byModule.set(owner, (byModule.get(owner) ?? new Set()).add(ref));
  }
  return [...byModule]
    .sort(([a], [b]) => compare(a, b))
    .map(([owner, names]) => `import type { ${[...names].sort(compare).join(", ")} } from "${relativeImport(input.module, owner)}";`);
}

/** The template's statements for one extractor: the spec, `extract<Name>`, `stream<Name>`. */
function extractorStatements(extractor: ExtractorSchema, wire: ExtractorWires, templates: Templates): string[] {
  const names = extractorNames(extractor.typeName);
  const fields = specFields(extractor, wire);
  // The spec's data goes in last: schema text must never be taken for a placeholder.
  return templates.module.statements.map((statement) =>
    fillPlaceholders(statement, [
      [MODULE_PLACEHOLDERS.type, names.type],
      [MODULE_PLACEHOLDERS.spec, names.spec],
      [MODULE_PLACEHOLDERS.extract, names.extract],
      [MODULE_PLACEHOLDERS.stream, names.stream],
      [MODULE_PLACEHOLDERS.validate, names.validate],
      [MODULE_PLACEHOLDERS.specFields, fields],
    ]),
  );
}

/**
 * Above this many characters of compact JSON, the schema and the wires are embedded as JSON text
 * (`JSON.parse("...")`) instead of object literals: TypeScript checks a string in no time, where
 * a megabyte of object literal costs seconds and memory in every build, and V8 parses JSON text
 * faster than the equivalent literal. Small specs stay literals, readable in review.
 */
const LITERAL_LIMIT = 64 * 1024;

/** The data fields of `<name>Spec` (runtime/spec.ts ExtractorSpec), one per line. */
function specFields(extractor: ExtractorSchema, wire: ExtractorWires): string {
  const { settings } = extractor;
  const fields: [string, unknown][] = [
    ["name", extractor.name],
    ["version", extractor.version],
    ["instructions", settings.instructions ?? ""],
  ];
  if (settings.model !== undefined) fields.push(["model", settings.model]);
  if (settings.provider !== undefined && PROVIDERS.has(settings.provider)) fields.push(["provider", settings.provider]);
  if (settings.temperature !== undefined) fields.push(["temperature", settings.temperature]);
  const data: [string, unknown][] = [["schema", extractor.schema], ["wire", { openai: wire.openai, gemini: wire.gemini, anthropic: wire.anthropic }]];
  const json = data.map(([, value]) => JSON.stringify(value));
  const asText = json.reduce((sum, text) => sum + text.length, 0) > LITERAL_LIMIT;
  const lines = fields.map(([key, value]) => `${key}: ${toLiteral(value, "  ")},`);
  if (asText) lines.push("// Embedded as JSON text: this schema is too large to read as a literal, and JSON text is faster to compile and load.");
  data.forEach(([key, value], i) => lines.push(`${key}: ${asText ? `JSON.parse(${JSON.stringify(json[i])})` : toLiteral(value, "  ")},`));
  return lines.join("\n  ");
}

function validatorSection(code: string): string {
  return [
    "// The precompiled validator of the original schema: Ajv standalone code, annotated for strict",
    "// TypeScript. It runs without compiling anything at run time; `validate` in extractgen/runtime",
    "// turns its errors into issues.",
    "",
    code,
  ].join("\n");
}

function validatorModule(module: string): string {
  return `${module}.validator`;
}

/**
 * The sibling validator module: the code of a schema so large that type-checking it would cost
 * more than it is worth, or fail (see ValidatorCode.tooLargeToCheck).
 */
function emitSeparateValidator(input: ModuleInput, typeName: string, validator: ValidatorCode, templates: Templates): string {
  const body = [
    [
      "// @ts-nocheck: this validator is too large for TypeScript's control-flow analysis to check in",
      "// reasonable time (or at all: TS2563). The code is Ajv's; the module that imports it is fully type-checked.",
      templates.module.runtimeImport,
      `import type { ${typeName} } from "${relativeImport(validatorModule(input.module), input.module)}";`,
    ].join("\n"),
    validatorSection(validator.text),
    `export { ${validator.functionName} };`,
  ].join("\n\n");
  return withBanner(input.source, `${body}\n`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
