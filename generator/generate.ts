/**
 * The programmatic generator (design.md §2): `generate(options)` writes what the schemas describe,
 * `check(options)` says what `generate` would change. Both run the same pipeline:
 * load -> (types, validate, lower) per module -> emit, in `planGeneration`, which reads the schema
 * files and returns files as data; only `generate` writes.
 */
import type { Dirent } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILE, type ExtractgenConfig, type ResolvedConfig, readConfigFile, resolveConfig } from "./config.js";
import type { Diagnostic } from "./diagnostics.js";
import { LOCK_FILE, type GeneratedFile, type IndexModule, type Templates, emitIndex, emitLock, emitModule, extractorNames, loadTemplates, readBanner } from "./emit/index.js";
import { loadProject } from "./load/index.js";
import type { ExtractorSchema, NamedType, SchemaProject } from "./load/project.js";
import { lowerExtractor } from "./lower/index.js";
import { type TypeDeclaration, declareType } from "./types/index.js";
import { compileValidator } from "./validate/index.js";

/** Options of {@link generate} and {@link check}: the config keys, plus where to start from. */
export interface GenerateOptions extends ExtractgenConfig {
  /** Working directory: where the config file is looked for and flags are relative to. @default process.cwd() */
  cwd?: string;
  /** Config file to read. @default "extractgen.config.json" in `cwd`, when it exists */
  config?: string;
}

/** One file the generator owns, with its absolute path. */
export interface PlannedFile {
  path: string;
  content: string;
}

export interface GenerateResult {
  /** The resolved configuration (absent when it was invalid: see the diagnostics). */
  config?: ResolvedConfig;
  /** Every file of the output, sorted by path: modules, `index.ts`, the lock file. */
  files: PlannedFile[];
  /** Files whose content changed (or that were new), absolute paths. */
  written: string[];
  /** Generated files of an earlier run that no schema produces any more, now deleted. */
  removed: string[];
  diagnostics: Diagnostic[];
}

export interface CheckResult {
  config?: ResolvedConfig;
  /** Files whose content differs from what generate would write. */
  stale: string[];
  /** Files generate would write that do not exist. */
  missing: string[];
  /** Generated `.ts` files in the output folder that generate would not write. */
  orphaned: string[];
  diagnostics: Diagnostic[];
}

/**
 * Generate the extractor modules, `index.ts` and `extractgen.lock.json`. A schema with errors is
 * left out (its diagnostics say why); every other schema is still written. Files whose content
 * does not change are not rewritten, and generated files no schema produces any more are removed.
 * @example
 * const { written, diagnostics } = await generate({ schemas: "schemas", out: "src/extractors" });
 * if (hasErrors(diagnostics)) process.exitCode = 1;
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const plan = await planFromOptions(options);
  if (!plan.config) return { files: [], written: [], removed: [], diagnostics: plan.diagnostics };
  const onDisk = await readGeneratedFiles(plan.config.out);
  const written: string[] = [];
  for (const file of plan.files) {
    if ((await readIfExists(file.path)) === file.content) continue;
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    written.push(file.path);
  }
  const planned = new Set(plan.files.map((f) => f.path));
  const removed = [...onDisk.keys()].filter((p) => !planned.has(p));
  for (const file of removed) await rm(file);
  return { config: plan.config, files: plan.files, written, removed, diagnostics: plan.diagnostics };
}

/**
 * Compare the output on disk with what {@link generate} would write; writes nothing.
 * @example
 * const { stale, missing, orphaned } = await check({ config: "extractgen.config.json" });
 */
export async function check(options: GenerateOptions = {}): Promise<CheckResult> {
  const plan = await planFromOptions(options);
  if (!plan.config) return { stale: [], missing: [], orphaned: [], diagnostics: plan.diagnostics };
  const stale: string[] = [];
  const missing: string[] = [];
  for (const file of plan.files) {
    const current = await readIfExists(file.path);
    if (current === undefined) missing.push(file.path);
    else if (current !== file.content) stale.push(file.path);
  }
  const planned = new Set(plan.files.map((f) => f.path));
  const orphaned = [...(await readGeneratedFiles(plan.config.out)).keys()].filter((p) => !planned.has(p));
  return { config: plan.config, stale, missing, orphaned, diagnostics: plan.diagnostics };
}

async function planFromOptions(options: GenerateOptions): Promise<{ config?: ResolvedConfig; files: PlannedFile[]; diagnostics: Diagnostic[] }> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const { cwd: _cwd, config: configPath, ...flags } = options;
  const read = await readConfigFile(configPath ?? CONFIG_FILE, cwd, configPath !== undefined);
  if (read.diagnostics.length > 0) return { files: [], diagnostics: read.diagnostics };
  const resolved = resolveConfig({ cwd, ...(read.file && { file: read.file }), flags });
  if (!resolved.config) return { files: [], diagnostics: resolved.diagnostics };
  const plan = await planGeneration(resolved.config);
  return { config: resolved.config, ...plan };
}

/**
 * The whole pipeline for one resolved configuration: every output file as data, and every
 * diagnostic, sorted so that two runs print the same.
 */
export async function planGeneration(config: ResolvedConfig): Promise<{ files: PlannedFile[]; diagnostics: Diagnostic[] }> {
  const { project, diagnostics } = await loadProject({ root: config.root, schemas: config.schemas, refMap: config.refMap });
  const report = (d: Diagnostic): void => void diagnostics.push(d);
  const templates = project.types.size > 0 || project.extractors.length > 0 ? await loadTemplates() : undefined;
  const files: GeneratedFile[] = [];
  const indexModules: IndexModule[] = [];
  if (templates) {
    const context: BuildContext = {
      typeNames: new Set(project.types.keys()),
      typeOwners: new Map([...project.types.values()].map((t) => [t.name, t.module] as const)),
      config,
      templates,
      report,
    };
    for (const unit of moduleUnits(project)) {
      const built = buildModule(unit, context);
      files.push(...built.files);
      indexModules.push(built.index);
    }
    const index = emitIndex(indexModules, config.schemas, templates);
    files.push(index.file);
    diagnostics.push(...index.diagnostics);
  }
  const planned: PlannedFile[] = files.map((f) => ({ path: path.join(config.out, ...f.path.split("/")), content: f.content }));
  planned.push({ path: path.join(config.root, LOCK_FILE), content: emitLock(project.extractors) });
  planned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: planned, diagnostics: sortDiagnostics(diagnostics) };
}

/** One output module: its extractor (if any) and the named types it declares. */
interface ModuleUnit {
  module: string;
  extractor: ExtractorSchema | undefined;
  types: NamedType[];
}

/** Extractor modules and type-only modules, sorted by module name; each type in exactly one. */
function moduleUnits(project: SchemaProject): ModuleUnit[] {
  const units = new Map<string, ModuleUnit>();
  const unit = (module: string): ModuleUnit => {
    let found = units.get(module);
    if (!found) units.set(module, (found = { module, extractor: undefined, types: [] }));
    return found;
  };
  for (const extractor of project.extractors) unit(extractor.module).extractor = extractor;
  for (const named of project.types.values()) unit(named.module).types.push(named);
  for (const u of units.values()) {
    const root = u.extractor?.typeName;
    // The extractor's root type first, then the rest by name (design.md §4).
    u.types.sort((a, b) => (a.name === root ? -1 : b.name === root ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return [...units.values()].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
}

/** What building every module shares. */
interface BuildContext {
  typeNames: ReadonlySet<string>;
  typeOwners: ReadonlyMap<string, string>;
  config: ResolvedConfig;
  templates: Templates;
  report: (d: Diagnostic) => void;
}

function buildModule(unit: ModuleUnit, { typeNames, typeOwners, config, templates, report }: BuildContext): { files: GeneratedFile[]; index: IndexModule } {
  const rootName = unit.extractor?.typeName;
  const declarations: TypeDeclaration[] = unit.types.map((named) => declareType(named, { typeNames, ...(rootName !== undefined && { rootName }), report }));
  const source = unit.extractor?.file ?? unit.types[0]?.origin.file ?? unit.module;
  const exports = declarations.map((d) => d.name);
  const extractor = unit.extractor ? buildExtractor(unit.extractor, config, templates, report) : undefined;
  const files = emitModule({ module: unit.module, source, declarations, typeOwners, ...(extractor && { extractor }) }, templates);
  if (!extractor || !unit.extractor) return { files, index: { module: unit.module, exports } };
  const names = extractorNames(unit.extractor.typeName);
  return {
    files,
    index: {
      module: unit.module,
      exports: [...exports, names.spec, names.extract, names.stream],
      extractor: { name: unit.extractor.name, version: unit.extractor.version, typeName: unit.extractor.typeName },
    },
  };
}

/** Validator and wires of one extractor; `undefined` (types only) when the validator fails. */
function buildExtractor(extractor: ExtractorSchema, config: ResolvedConfig, templates: Templates, report: (d: Diagnostic) => void) {
  const validator = compileValidator(extractor, { runtime: templates.module.runtimeNamespace, report });
  if (!validator) return undefined;
  const lowered = lowerExtractor(extractor);
  lowered.diagnostics.forEach(report);
  // Project defaults from the config fill settings the schema leaves open.
  const settings = { ...extractor.settings };
  if (settings.model === undefined && config.model !== undefined) settings.model = config.model;
  if (settings.provider === undefined && config.provider !== undefined) settings.provider = config.provider;
  return { schema: { ...extractor, settings }, wire: lowered.wire, validator };
}

/**
 * Every `.ts` file below `out` that carries our banner: the files generate owns. `node_modules`
 * and dot-folders are not entered (an output folder may well be the project root).
 */
async function readGeneratedFiles(out: string, found = new Map<string, string>()): Promise<Map<string, string>> {
  let entries: Dirent[];
  try {
    entries = await readdir(out, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(out, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) await readGeneratedFiles(file, found);
    } else if (entry.isFile() && entry.name.endsWith(".ts")) {
      const text = await readIfExists(file);
      if (text !== undefined && readBanner(text)) found.set(file, text);
    }
  }
  return found;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): string => [d.file ?? "", String(d.line ?? 0).padStart(8, "0"), d.pointer ?? "", d.code, d.message].join("\u0000");
  return [...diagnostics].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
