/**
 * The programmatic generator (design.md §2): `generate(options)` writes what the schemas describe,
 * `check(options)` says what `generate` would change. Both run the same pipeline:
 * load -> (types, validate, lower) per module -> emit, in `planGeneration`, which reads the schema
 * files and returns files as data; only `generate` writes.
 */
import type { Dirent } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { moduleUnits } from "./build-module.js";
import { type ExtractgenConfig, type ResolvedConfig, loadConfig } from "./config.js";
import { type Diagnostic, hasErrors } from "./diagnostics.js";
import { LOCK_FILE, type GeneratedFile, emitIndex, emitLock, loadTemplates, readBanner } from "./emit/index.js";
import { type IncrementalState, createModuleCache, findUpToDateOutput, generatorVersion, moduleKey, readIncrementalState, settingsFingerprint, sha256 } from "./incremental/index.js";
import { findSchemaFiles, loadProject } from "./load/index.js";
import type { ExtractorSchema } from "./load/project.js";
import { type ModuleThreads, buildModules, startModuleThreads, stopModuleThreads } from "./module-pool.js";
import { writeOutputFile } from "./output-files.js";

/** Options of {@link generate} and {@link check}: the config keys, plus where to start from. */
export interface GenerateOptions extends ExtractgenConfig {
  /** Working directory: where the config file is looked for and flags are relative to. @default process.cwd() */
  cwd?: string;
  /** Config file to read. @default "extractgen.config.json" in `cwd`, when it exists */
  config?: string;
  /**
   * Build every module again, ignoring what extractgen.lock.json says the last run did
   * (generator/incremental). Files whose content does not change are still not rewritten.
   * @default false
   */
  force?: boolean;
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
  const resolved = await resolveOptions(options);
  if (!resolved.config) return { files: [], written: [], removed: [], diagnostics: resolved.diagnostics };
  // Nothing changed since the last run: its output stands, nothing is loaded or compiled.
  const upToDate = options.force ? undefined : await findUpToDateOutput(resolved.config);
  if (upToDate) return { config: resolved.config, files: upToDate.files, written: [], removed: [], diagnostics: upToDate.diagnostics };
  const plan = { config: resolved.config, ...(await planGeneration(resolved.config, { reuse: !options.force })) };
  const onDisk = await readGeneratedFiles(plan.config.out);
  const { out, root } = plan.config;
  const written: string[] = [];
  const diagnostics = [...plan.diagnostics];
  for (const file of plan.files) {
    if ((await readIfExists(file.path)) === file.content) continue;
    // The lock file sits in the project root; everything else in the output folder.
    const folder = file.path === path.join(root, LOCK_FILE) ? root : out;
    const refused = await writeOutputFile(folder, file.path, file.content, path.relative(root, file.path).split(path.sep).join("/"));
    if (refused) diagnostics.push(refused);
    else written.push(file.path);
  }
  const planned = new Set(plan.files.map((f) => f.path));
  const removed = [...onDisk.keys()].filter((p) => !planned.has(p));
  for (const file of removed) await rm(file);
  return { config: plan.config, files: plan.files, written, removed, diagnostics };
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
  const resolved = await resolveOptions(options);
  if (!resolved.config) return { files: [], diagnostics: resolved.diagnostics };
  const plan = await planGeneration(resolved.config, { reuse: !options.force });
  return { config: resolved.config, ...plan };
}

/** The config file and flags of `options`, resolved (style.md rule 4). */
function resolveOptions(options: GenerateOptions): Promise<{ config?: ResolvedConfig; diagnostics: Diagnostic[] }> {
  const { cwd, config, force: _force, ...flags } = options;
  return loadConfig(path.resolve(cwd ?? process.cwd()), config, flags);
}

/**
 * The whole pipeline for one resolved configuration: every output file as data, and every
 * diagnostic, sorted so that two runs print the same. With `reuse`, modules whose inputs match
 * the last run's (extractgen.lock.json) are taken from disk instead of being built again.
 */
export async function planGeneration(config: ResolvedConfig, options: { reuse?: boolean } = {}): Promise<GenerationPlan> {
  const previous = options.reuse ? await readIncrementalState(config.root) : undefined;
  // A cold run builds every module: its threads start now and get ready while the project loads.
  const threads = previous ? undefined : startModuleThreads((await findSchemaFiles(config.root, config.schemas)).length);
  try {
    return await planModules(config, previous, threads);
  } finally {
    await stopModuleThreads(threads);
  }
}

type GenerationPlan = { files: PlannedFile[]; diagnostics: Diagnostic[]; incremental: IncrementalState };

async function planModules(config: ResolvedConfig, previous: IncrementalState | undefined, threads: ModuleThreads | undefined): Promise<GenerationPlan> {
  // Every file load reads, hashed as read: the next run compares against exactly these contents.
  const inputs: Record<string, string> = {};
  const readSchemaFile = async (abs: string): Promise<string> => {
    const file = path.relative(config.root, abs).split(path.sep).join("/");
    try {
      const text = await readFile(abs, "utf8");
      inputs[file] = sha256(text);
      return text;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") inputs[file] = "";
      throw e;
    }
  };
  const { project, diagnostics } = await loadProject({ root: config.root, schemas: config.schemas, refMap: config.refMap, readFile: readSchemaFile });
  const cache = createModuleCache(previous, config.root, config.out);
  const files: GeneratedFile[] = [];
  const units = moduleUnits(project);
  if (units.length > 0) {
    const templates = await loadTemplates();
    const typeOwners = [...project.types.values()].map((t): [string, string] => [t.name, t.module]);
    // What every module depends on besides itself: the version, the options, who declares which type.
    const projectKey = moduleKey([generatorVersion(), config.provider ?? null, config.model ?? null, [...typeOwners].sort()]);
    const keys = units.map((unit) => moduleKey([projectKey, unit.module, unit.extractor ? portable(unit.extractor, config.root) : null, unit.types]));
    const reused = await Promise.all(units.map((unit, i) => cache.reuse(unit.module, keys[i]!)));
    const built = await buildModules(units.filter((_, i) => !reused[i]), {
      typeNames: [...project.types.keys()],
      typeOwners,
      templates,
      defaults: { model: config.model, provider: config.provider },
    }, threads);
    let nextBuilt = 0;
    const modules = units.map((_, i) => reused[i] ?? built[nextBuilt++]!);
    modules.forEach((module, i) => {
      files.push(...module.files);
      diagnostics.push(...module.diagnostics);
      // A module that failed is built again next time, so its errors come from a real attempt.
      if (!hasErrors(module.diagnostics)) cache.record(units[i]!.module, keys[i]!, module.files, module.index, module.diagnostics);
    });
    const index = emitIndex(
      modules.map((m) => m.index),
      config.schemas,
      templates,
    );
    files.push(index.file);
    diagnostics.push(...index.diagnostics);
  }
  const planned: PlannedFile[] = files.map((f) => ({ path: path.join(config.out, ...f.path.split("/")), content: f.content }));
  const sorted = sortDiagnostics(diagnostics);
  const incremental: IncrementalState = {
    fingerprint: settingsFingerprint(config),
    inputs: sortedRecord(inputs),
    outputs: sortedRecord(Object.fromEntries(planned.map((f) => [path.relative(config.root, f.path).split(path.sep).join("/"), sha256(f.content)]))),
    modules: sortedRecord(cache.records()),
    diagnostics: sorted.filter((d) => d.severity !== "info"),
  };
  planned.push({ path: path.join(config.root, LOCK_FILE), content: emitLock(project.extractors, incremental) });
  planned.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: planned, diagnostics: sorted, incremental };
}

/** The extractor as it goes into a module key: a `file://` URI made relative, so keys match across checkouts. */
function portable(extractor: ExtractorSchema, root: string): ExtractorSchema {
  if (!extractor.uri.startsWith("file:")) return extractor;
  return { ...extractor, uri: path.relative(root, fileURLToPath(extractor.uri)).split(path.sep).join("/") };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
