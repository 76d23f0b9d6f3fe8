/**
 * `npm run corpus`: generate ../shared/corpus/schemastore (see its README) and measure the output
 * (issue 2, "Real-world corpus"):
 * 1. schemas generated: a module with a spec (types, wires and validator) per schema file;
 * 2. output that type-checks: one tsc run over every module, strict + exactOptionalPropertyTypes
 *    + noUncheckedIndexedAccess; a schema counts when none of its files has an error;
 * 3. valid/ documents accepted by the types, twice:
 *    a. the issue's literal measure, `export const doc: Root = <document>;`, checked in the same tsc
 *       run. An object literal gets TypeScript's excess-property check, so a document carrying a key
 *       its schema does not declare fails wherever design.md §3 closes the object
 *       (`additionalProperties` unspecified: no index signature). Those failures are counted apart
 *       from real type errors.
 *    b. what the types are for: the document is first passed through the module's own restore plan
 *       by extractgen/runtime's `applyRestore`, exactly as a reply is before `extract` returns it
 *       (design.md §7: undeclared keys of closed objects are dropped), then assigned the same way.
 *       The plan is the `gemini` one: the plan is provider-independent except that the OpenAI and
 *       Anthropic lowerings add `unwrap` for roots they wrapped, which a document never is. Its other
 *       steps (`null` of an optional property -> absent, `{key, value}` lists -> maps) undo lowering
 *       artefacts a valid document does not contain, so in effect only undeclared keys are dropped.
 *       Checked in a second, small tsc run against the declarations the first run emitted. A
 *       restored document is also validated again: a valid document the restore spoils is a valid
 *       reply `extract` would turn down.
 * 4. valid/ documents accepted by the validators and 5. invalid/ documents rejected: the emitted
 *    JavaScript of each module, run through `validate` from extractgen/runtime;
 * 6. numbered duplicate names: numbers extractgen made up (`Party1` beside `Party`), must be none
 *    (scripts/corpus/numbered-names.ts);
 * and the wall time of generation. Runs from dist/ (the worker threads need compiled JavaScript).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toLiteral } from "../generator/emit/literal.js";
import { planGeneration } from "../generator/generate.js";
import type { ExtractorSpec } from "../runtime/spec.js";
import { madeUpNumberedNames, sourceSpellings } from "./corpus/numbered-names.js";
import { onlyExcessProperties, runTsc, type TscError } from "./corpus/typecheck.js";

/** The issue's targets. */
export const TARGETS = { generated: 0.98, typeChecks: 0.97, validByTypes: 0.97, validByValidators: 0.99, invalidRejected: 0.95, seconds: 40 } as const;

export interface Ratio {
  passed: number;
  total: number;
}

export interface CorpusReport {
  generated: Ratio;
  typeChecks: Ratio;
  /** 3a: `const doc: Root = <document>` as written. */
  validByTypes: Ratio;
  /** 3a's failures whose only errors are excess properties (keys the closed types do not declare). */
  validByTypesUndeclaredKeysOnly: number;
  /** 3b: the same after the runtime's restore (undeclared keys of closed objects dropped). */
  validByTypesRestored: Ratio;
  /** Documents the restore changed (dropped a key somewhere). */
  restoredDocumentsChanged: number;
  /**
   * Valid documents the validator rejects once restored: replies `extract` would turn down although
   * the provider sent valid data (a restore that dropped too much).
   */
  restoredDocumentsRejected: number;
  validByValidators: Ratio;
  invalidRejected: Ratio;
  /** Numbered names extractgen made up (scripts/corpus/numbered-names.ts). */
  numberedDuplicates: string[];
  /** Wall time of generation (load to files in memory), seconds. */
  generateSeconds: number;
  /** Wall time of the tsc run over the output and the literal documents, seconds. */
  typecheckSeconds: number;
  /** Examples of what failed, per measure, for the report. */
  failures: Record<Measure, string[]>;
}

type Measure = "generated" | "typeChecks" | "validByTypes" | "validByTypesRestored" | "validAfterRestore" | "validByValidators" | "invalidRejected";

/** The extractgen checkout: the nearest folder above this file with a package.json (source or dist/). */
const REPO = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const REF_MAP = { "https://json.schemastore.org/": "refs/" };

/**
 * Generate and measure the corpus at `corpus` (a folder with schemas/, refs/, valid/, invalid/).
 * The work happens in a temporary folder, or in `keepIn` (emptied first, kept afterwards).
 */
export async function runCorpus(corpus: string, keepIn?: string): Promise<CorpusReport> {
  const work = keepIn ? path.resolve(keepIn) : await mkdtemp(path.join(tmpdir(), "extractgen-corpus-"));
  if (keepIn) {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
  }
  try {
    return await measure(path.resolve(corpus), work);
  } finally {
    if (!keepIn) await rm(work, { recursive: true, force: true });
  }
}

interface GeneratedSchema {
  /** Schema file name without `.json` (the valid/ and invalid/ folder name). */
  name: string;
  module: string;
  /** The module exports a spec: `[specName, typeName]`. */
  spec?: [string, string];
}

async function measure(corpus: string, work: string): Promise<CorpusReport> {
  const failures: Record<Measure, string[]> = { generated: [], typeChecks: [], validByTypes: [], validByTypesRestored: [], validAfterRestore: [], validByValidators: [], invalidRejected: [] };
  const out = path.join(work, "out");

  // 1. Generate.
  const started = performance.now();
  const plan = await planGeneration({ root: corpus, configFile: undefined, schemas: "schemas", out, refMap: REF_MAP, provider: undefined, model: undefined });
  const generateSeconds = (performance.now() - started) / 1000;
  const lock = plan.files.find((f) => f.path.endsWith("extractgen.lock.json"));
  const modules = new Map<string, string>();
  for (const file of plan.files) {
    if (!file.path.startsWith(out + path.sep)) continue;
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    modules.set(path.relative(out, file.path).split(path.sep).join("/"), file.content);
  }
  const locked = JSON.parse(lock?.content ?? "{}") as { schemas?: Record<string, { module: string }> };
  const schemaFiles = (await readdir(path.join(corpus, "schemas"))).filter((f) => f.endsWith(".json")).sort();
  const schemas: GeneratedSchema[] = schemaFiles.map((file) => {
    const name = file.replace(/\.json$/, "");
    const module = locked.schemas?.[`schemas/${file}`]?.module ?? "";
    const spec = SPEC_DECLARATION.exec(modules.get(`${module}.ts`) ?? "");
    return { name, module, ...(spec?.[1] && spec[2] && { spec: [spec[1], spec[2]] as [string, string] }) };
  });
  const generated = schemas.filter((s) => s.spec);
  failures.generated = schemas.filter((s) => !s.spec).map((s) => `${s.name}: ${firstError(plan.diagnostics, `schemas/${s.name}.json`)}`);

  // 3a. Per valid document, `const doc: Root = <document>` (docs/literal).
  const documents: ValidDocument[] = [];
  for (const schema of generated) {
    for (const file of await listJson(path.join(corpus, "valid", schema.name))) {
      const tsName = `${schema.name}__${path.basename(file, ".json")}.ts`.replace(/[^\w.-]/g, "_");
      const document = { schema, file, tsName, value: JSON.parse(await readFile(file, "utf8")) as unknown };
      await writeDocumentCheck(work, "literal", "out", document, document.value);
      documents.push(document);
    }
  }

  // 2 + 3a. One tsc run over the output and the literal documents; it also emits the JavaScript
  // that 3b, 4 and 5 run and the declarations 3b checks against. `extractgen/runtime` resolves to
  // this checkout's build, for tsc and for node.
  await mkdir(path.join(work, "node_modules"), { recursive: true });
  await symlink(REPO, path.join(work, "node_modules", "extractgen"), "dir");
  await writeFile(path.join(work, "package.json"), JSON.stringify({ type: "module" }));
  const tscStarted = performance.now();
  const errors = byFile(await runTsc(work, "tsconfig", ["out/**/*.ts", "docs/literal/**/*.ts"], { outDir: "js", rootDir: ".", declaration: true, noEmitOnError: false }));
  const typecheckSeconds = (performance.now() - tscStarted) / 1000;

  const moduleErrors = (s: GeneratedSchema): TscError[] => [...(errors.get(`out/${s.module}.ts`) ?? []), ...(errors.get(`out/${s.module}.validator.ts`) ?? [])];
  const typeChecks = generated.filter((s) => moduleErrors(s).length === 0);
  failures.typeChecks = generated.filter((s) => !typeChecks.includes(s)).map((s) => `${s.name}: ${moduleErrors(s)[0]!.message}`);
  let validByTypes = 0;
  let undeclaredKeysOnly = 0;
  for (const document of documents) {
    const found = errors.get(`docs/literal/${document.tsName}`);
    if (!found) {
      validByTypes++;
      continue;
    }
    if (onlyExcessProperties(found)) undeclaredKeysOnly++;
    failures.validByTypes.push(`${document.schema.name}/${document.tsName}: ${found[0]!.message}`);
  }

  // 3b, 4 and 5: load each module's JavaScript; restore the valid documents as the runtime restores
  // a reply; validate the documents as they are (the validator sees what SchemaStore's tests give it).
  const runtime = (await import(pathToFileURL(path.join(REPO, "dist/runtime/index.js")).href)) as typeof import("../runtime/index.js");
  const { restorePlanOf } = (await import(pathToFileURL(path.join(REPO, "dist/runtime/extract.js")).href)) as typeof import("../runtime/extract.js");
  let valid = 0;
  let validTotal = 0;
  let rejected = 0;
  let invalidTotal = 0;
  let restoredChanged = 0;
  let restoredRejected = 0;
  const restored = new Set<ValidDocument>();
  for (const schema of generated) {
    const validDocuments = documents.filter((d) => d.schema === schema);
    const invalidFiles = await listJson(path.join(corpus, "invalid", schema.name));
    if (validDocuments.length === 0 && invalidFiles.length === 0) continue;
    let spec: ExtractorSpec<unknown> | undefined;
    let loadError = "the module exports no spec";
    try {
      const module = (await import(pathToFileURL(path.join(work, "js", "out", `${schema.module}.js`)).href)) as Record<string, ExtractorSpec<unknown>>;
      spec = module[schema.spec![0]];
    } catch (error) {
      loadError = `module does not load: ${(error as Error).message}`;
    }
    for (const document of validDocuments) {
      validTotal++;
      const result = spec && runtime.validate(spec, document.value);
      if (result?.ok) valid++;
      else failures.validByValidators.push(`${schema.name}/${path.basename(document.file)}: ${result ? JSON.stringify(result.issues.slice(0, 2)) : loadError}`);
      if (!spec) {
        failures.validByTypesRestored.push(`${schema.name}/${document.tsName}: ${loadError}`);
        continue;
      }
      const value = runtime.applyRestore(restorePlanOf(spec, "gemini"), document.value);
      if (value !== document.value) {
        restoredChanged++;
        const after = result?.ok ? runtime.validate(spec, value) : undefined;
        if (after && !after.ok) {
          restoredRejected++;
          failures.validAfterRestore.push(`${schema.name}/${path.basename(document.file)}: ${JSON.stringify(after.issues.slice(0, 2))}`);
        }
      }
      await writeDocumentCheck(work, "restored", "js/out", document, value);
      restored.add(document);
    }
    for (const file of invalidFiles) {
      invalidTotal++;
      const result = spec && runtime.validate(spec, JSON.parse(await readFile(file, "utf8")));
      if (result && !result.ok) rejected++;
      else failures.invalidRejected.push(`${schema.name}/${path.basename(file)}${spec ? "" : `: ${loadError}`}`);
    }
  }

  // 3b. The restored documents, checked against the declarations the first run emitted: the same
  // types, without type-checking every module a second time.
  const restoredErrors = restored.size === 0 ? new Map<string, TscError[]>() : byFile(await runTsc(work, "tsconfig.restored", ["docs/restored/**/*.ts"], { noEmit: true }));
  let validByTypesRestored = 0;
  for (const document of restored) {
    const found = restoredErrors.get(`docs/restored/${document.tsName}`);
    if (!found) validByTypesRestored++;
    else failures.validByTypesRestored.push(`${document.schema.name}/${document.tsName}: ${found[0]!.message}`);
  }

  return {
    generated: { passed: generated.length, total: schemas.length },
    typeChecks: { passed: typeChecks.length, total: schemas.length },
    validByTypes: { passed: validByTypes, total: documents.length },
    validByTypesUndeclaredKeysOnly: undeclaredKeysOnly,
    validByTypesRestored: { passed: validByTypesRestored, total: documents.length },
    restoredDocumentsChanged: restoredChanged,
    restoredDocumentsRejected: restoredRejected,
    validByValidators: { passed: valid, total: validTotal },
    invalidRejected: { passed: rejected, total: invalidTotal },
    numberedDuplicates: madeUpNumberedNames(modules, await corpusSpellings(corpus)),
    generateSeconds,
    typecheckSeconds,
    failures,
  };
}

/** `export const <spec>: runtime.ExtractorSpec<<Root>> = `; names may hold any identifier character (`Heloísa`). */
const SPEC_DECLARATION = /^export const ([\p{ID_Start}$_][\p{ID_Continue}$]*): runtime\.ExtractorSpec<([\p{ID_Start}$_][\p{ID_Continue}$]*)> = /mu;

interface ValidDocument {
  schema: GeneratedSchema;
  /** The JSON file. */
  file: string;
  /** The file name of its checks under docs/literal/ and docs/restored/. */
  tsName: string;
  value: unknown;
}

/** Write `docs/<kind>/<document>.ts`: `export const doc: Root = <value>;`, `Root` imported from `<types>/<module>.js`. */
async function writeDocumentCheck(work: string, kind: "literal" | "restored", types: string, document: ValidDocument, value: unknown): Promise<void> {
  const dir = path.join(work, "docs", kind);
  await mkdir(dir, { recursive: true });
  const from = path.relative(dir, path.join(work, types, document.schema.module)).split(path.sep).join("/");
  const root = document.schema.spec![1];
  await writeFile(path.join(dir, document.tsName), `import type { ${root} } from "${from}.js";\nexport const doc: ${root} = ${toLiteral(value)};\n`);
}

function byFile(errors: readonly TscError[]): Map<string, TscError[]> {
  const map = new Map<string, TscError[]>();
  for (const error of errors) {
    const list = map.get(error.file);
    if (list) list.push(error);
    else map.set(error.file, [error]);
  }
  return map;
}

/** Every name spelling the corpus's schema sources give (scripts/corpus/numbered-names.ts). */
async function corpusSpellings(corpus: string): Promise<Set<string>> {
  const spellings = new Set<string>();
  for (const folder of ["schemas", "refs"]) {
    for (const file of await listJson(path.join(corpus, folder))) {
      let root: unknown;
      try {
        root = JSON.parse(await readFile(file, "utf8"));
      } catch {
        continue; // a file that does not parse names nothing
      }
      for (const spelling of sourceSpellings(file, root)) spellings.add(spelling);
    }
  }
  return spellings;
}

async function listJson(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f));
}

function firstError(diagnostics: readonly { file?: string; severity: string; code: string; message: string }[], file: string): string {
  const d = diagnostics.find((x) => x.file === file && x.severity === "error");
  return d ? `${d.code} ${d.message}` : "no module";
}

/** The report as the lines `npm run corpus` prints. */
export function formatReport(report: CorpusReport): string {
  const pct = (r: Ratio): string => `${r.passed}/${r.total} (${((100 * r.passed) / Math.max(1, r.total)).toFixed(1)}%)`;
  const rejectedByTypes = report.validByTypes.total - report.validByTypes.passed;
  const names = report.numberedDuplicates;
  return [
    `schemas generated:               ${pct(report.generated)}   target >= ${TARGETS.generated * 100}%`,
    `output that type-checks:         ${pct(report.typeChecks)}   target >= ${TARGETS.typeChecks * 100}%`,
    `valid/ accepted by the types:    ${pct(report.validByTypes)}   target >= ${TARGETS.validByTypes * 100}% (const x: Root = <document>, as written)`,
    `  of the ${rejectedByTypes} rejected: ${report.validByTypesUndeclaredKeysOnly} only for keys the schema does not declare (TS2353/TS2561 on closed objects, design.md §3), ${rejectedByTypes - report.validByTypesUndeclaredKeysOnly} other type errors`,
    `  ... after the runtime restore: ${pct(report.validByTypesRestored)}   (undeclared keys of closed objects dropped as from a reply, design.md §7; ${report.restoredDocumentsChanged} documents changed, ${report.restoredDocumentsRejected} of them then rejected by the validator)`,
    `valid/ accepted by validators:   ${pct(report.validByValidators)}   target >= ${TARGETS.validByValidators * 100}%`,
    `invalid/ rejected by validators: ${pct(report.invalidRejected)}   target >= ${TARGETS.invalidRejected * 100}%`,
    `numbered names made up:          ${names.length}${names.length > 0 ? ` (${names.slice(0, 5).join(", ")})` : ""}   target 0 (numbers the schemas spell themselves do not count)`,
    `generation wall time:            ${report.generateSeconds.toFixed(1)} s   target < ${TARGETS.seconds} s (tsc over the output: ${report.typecheckSeconds.toFixed(1)} s)`,
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const corpus = process.argv[2] ?? path.join(REPO, "../shared/corpus/schemastore");
  // CORPUS_KEEP=<dir> keeps the generated output, the document files and tsc's JavaScript there.
  const report = await runCorpus(corpus, process.env["CORPUS_KEEP"]);
  process.stdout.write(`${formatReport(report)}\n`);
  for (const [measure, list] of Object.entries(report.failures)) {
    if (list.length === 0) continue;
    const shown = process.env["CORPUS_ALL_FAILURES"] ? list : list.slice(0, 15);
    process.stdout.write(`\n${measure}: ${list.length} failed\n${shown.map((l) => `  ${l}`).join("\n")}\n`);
  }
}
