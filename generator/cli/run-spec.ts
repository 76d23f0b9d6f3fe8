/**
 * The `ExtractorSpec` that `extractgen run` needs, built from the schema files when the command
 * starts: the same pieces `generate` writes into `<name>Spec` (load, lower, the original schema's
 * validator), except that the validator is compiled here with Ajv 2020 instead of emitted as code.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { ExtractorSpec, PrecompiledValidator, ProviderName } from "../../runtime/index.js";
import { hasErrors, type Diagnostic } from "../diagnostics.js";
import { closestMatch } from "../load/did-you-mean.js";
import { loadProject, type ExtractorSchema } from "../load/index.js";
import { type ProjectDefaults, withProjectDefaults } from "../load/extractor-settings.js";
import { lowerExtractor } from "../lower/index.js";
import { checkPatterns } from "../validate/patterns.js";

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const PROVIDERS: readonly string[] = ["openai", "openai-responses", "gemini", "anthropic"];

export interface RuntimeSpecOptions {
  /** Project root: paths in diagnostics are relative to it. */
  root: string;
  /** Folder, file or glob of schema files, relative to `root`. */
  schemas: string;
  refMap?: Record<string, string>;
  /** Extractor name: `Invoice`, or `InvoiceV2` for one version of several. */
  name: string;
  /** Project defaults from the config, for settings the schema leaves open (as generate applies them). */
  defaults?: ProjectDefaults;
}

/**
 * Load the project, pick the extractor called `name` and build its spec. Returns no spec when the
 * extractor is missing or its schema has errors; the diagnostics say why (errors and warnings of
 * the files it reads; lowering losses are left to `generate` and `lower`).
 */
export async function loadRuntimeSpec(options: RuntimeSpecOptions): Promise<{ spec?: ExtractorSpec<unknown>; diagnostics: Diagnostic[] }> {
  const loadOptions = { root: options.root, schemas: options.schemas, ...(options.refMap !== undefined && { refMap: options.refMap }) };
  const { project, diagnostics } = await loadProject(loadOptions);
  const extractor = pickExtractor(project.extractors, options.name);
  if (extractor === undefined) {
    const known = project.extractors.map((x) => x.typeName).sort();
    return {
      diagnostics: [
        ...diagnostics.filter((d) => d.severity === "error"),
        {
          code: "EG_EXTRACTOR_NOT_FOUND",
          severity: "error",
          message: `no extractor named ${JSON.stringify(options.name)} in ${options.schemas}`,
          hint: hintForName(options.name, known),
        },
      ],
    };
  }
  const own = diagnostics.filter((d) => d.severity !== "info" && d.file !== undefined && extractor.sources.includes(d.file));
  if (hasErrors(own)) return { diagnostics: own };
  const { wire } = lowerExtractor(extractor);
  try {
    const settings = withProjectDefaults(extractor.settings, options.defaults);
    return { spec: buildSpec({ ...extractor, settings }, wire, (d) => own.push(d)), diagnostics: own };
  } catch (error) {
    // Ajv could not compile the schema: generate reports the same and writes no extractor either.
    own.push({
      code: "EG_VALIDATOR_FAILED",
      severity: "error",
      file: extractor.file,
      message: `the validator cannot be compiled: ${error instanceof Error ? error.message : String(error)}`,
      hint: "fix the keyword named in the message",
    });
    return { diagnostics: own };
  }
}

function hintForName(name: string, known: readonly string[]): string {
  if (known.length === 0) return "point --schemas at the folder that holds your schema files";
  const close = closestMatch(name, known);
  return `${close === undefined ? "" : `did you mean ${JSON.stringify(close)}? `}names here: ${known.join(", ")}`;
}

/**
 * `InvoiceV2` names one version; `Invoice` the newest; case is forgiven when nothing matches
 * exactly.
 */
function pickExtractor(extractors: readonly ExtractorSchema[], name: string): ExtractorSchema | undefined {
  const newest = (found: ExtractorSchema[]): ExtractorSchema | undefined => found.sort((a, b) => b.version - a.version)[0];
  const lower = name.toLowerCase();
  return (
    extractors.find((x) => x.typeName === name) ??
    newest(extractors.filter((x) => x.name === name)) ??
    extractors.find((x) => x.typeName.toLowerCase() === lower) ??
    newest(extractors.filter((x) => x.name.toLowerCase() === lower))
  );
}

function buildSpec(extractor: ExtractorSchema, wire: ExtractorSpec<unknown>["wire"], report: (d: Diagnostic) => void): ExtractorSpec<unknown> {
  const { settings } = extractor;
  const spec: { -readonly [K in keyof ExtractorSpec<unknown>]: ExtractorSpec<unknown>[K] } = {
    name: extractor.name,
    version: extractor.version,
    instructions: settings.instructions ?? "",
    schema: extractor.schema,
    wire,
    validate: compileRuntimeValidator(extractor, report),
  };
  if (settings.model !== undefined) spec.model = settings.model;
  if (settings.provider !== undefined && PROVIDERS.includes(settings.provider)) spec.provider = settings.provider as ProviderName;
  if (settings.temperature !== undefined) spec.temperature = settings.temperature;
  return spec;
}

/**
 * The original schema's validator, compiled once for the whole run, with the options of the
 * emitted one (generator/validate/ajv.ts) so that `run` accepts exactly what generated code
 * accepts: every error, unknown keywords and formats ignored, patterns without the `u` flag when
 * they need it (checkPatterns drops the ones no engine takes, with a warning).
 */
function compileRuntimeValidator(extractor: ExtractorSchema, report: (d: Diagnostic) => void): PrecompiledValidator<unknown> {
  const { schema, unicode } = checkPatterns(extractor.schema, extractor.file, report);
  const { $id: _id, $schema: _schema, ...bundled } = schema;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: unicode, logger: false });
  addFormats(ajv);
  return ajv.compile(bundled) as PrecompiledValidator<unknown>;
}
