import { readFile as readFileFromDisk } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import type { JsonSchemaObject } from "../json-schema.js";
import { nameModule } from "../names/module-name.js";
import { type ExtractorNameRequest, type NameRequest, nameProject } from "../names/name-project.js";
import { toPascalIdentifier } from "../names/identifier.js";
import { bundleExtractor, hashSources, type BundleUnit } from "./bundle.js";
import { checkReferenceCycles } from "./cycles.js";
import { type SchemaDocument, createDocumentStore, loadDocumentFile } from "./documents.js";
import { loadExtractorSettings, type LoadedSettings } from "./extractor-settings.js";
import { type ListFiles, findSchemaFiles, listFilesOnDisk } from "./find-schema-files.js";
import { childPointer, parsePointer } from "./json-pointer.js";
import { isPlainObject, isSchema } from "./keywords.js";
import { type NormalisedUnit, normaliseUnit } from "./normalise.js";
import type { ExtractorSchema, NamedType, SchemaProject } from "./project.js";
import { type SchemaLocation, locationKey } from "./resolve-ref.js";
import { loadSchemaGraph, valueOf } from "./schema-graph.js";

/** Longest PascalCase title used as a (non-extractor) type name; see {@link isNameLike}. */
const MAX_TITLE_NAME = 40;

/** What {@link loadProject} reads. */
export interface LoadOptions {
  /** Project root (the config folder or cwd); every path in the output is relative to it. */
  root: string;
  /** Folder, file or glob of schema files, relative to `root`. */
  schemas: string;
  /** URL prefix -> folder (relative to `root`): remote `$ref`s resolve there, never over the network. */
  refMap?: Record<string, string>;
  /** Reads a file (default: the file system). `extractgen diff` passes one that reads from git. */
  readFile?: (absPath: string) => Promise<string>;
  /** Lists the files below a folder (default: the file system). */
  listFiles?: ListFiles;
}

/** One file of the schemas set, loaded. */
interface SchemaFile {
  doc: SchemaDocument;
  module: string;
  /** Base name starts with `_`: referenced by others, no extractor of its own. */
  refOnly: boolean;
  /** Settings and version (extractor files only). */
  loaded?: LoadedSettings;
}

/**
 * Load every schema of a project: read (JSON, YAML), check against the draft's meta-schema,
 * resolve `$ref`s across files without inlining them, normalise to draft 2020-12, name every type
 * once, and bundle one self-contained schema per extractor. Never throws on bad schemas: each
 * problem is a diagnostic, and the other schemas still load.
 * @example
 * const { project, diagnostics } = await loadProject({ root: process.cwd(), schemas: "schemas" });
 * for (const x of project.extractors) console.log(x.module, x.typeName, Object.keys(x.schema.$defs ?? {}));
 */
export async function loadProject(options: LoadOptions): Promise<{ project: SchemaProject; diagnostics: Diagnostic[] }> {
  const root = path.resolve(options.root);
  const refMap = Object.entries(options.refMap ?? {})
    .map(([prefix, folder]) => [prefix, path.resolve(root, folder)] as const)
    .sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  const store = createDocumentStore({ root, refMap, readFile: options.readFile ?? ((p) => readFileFromDisk(p, "utf8")) });
  const diagnostics = store.diagnostics;

  // 1. The schema files, their modules and settings.
  const found = await findSchemaFiles(root, options.schemas, options.listFiles ?? listFilesOnDisk);
  if (found.length === 0) {
    diagnostics.push({ code: "EG_NO_SCHEMAS", severity: "error", message: `no schema files found at ${JSON.stringify(options.schemas)}`, hint: "point --schemas at a folder or glob of .json, .yaml or .yml files" });
  }
  const files: SchemaFile[] = [];
  const modulesTaken = new Map<string, string>();
  for (const { absPath, schemaPath } of found) {
    const doc = await loadDocumentFile(store, absPath, undefined, /* reportMissing */ true);
    if (!doc) continue;
    const named = nameModule(schemaPath, doc.file);
    diagnostics.push(...named.diagnostics);
    const clash = modulesTaken.get(named.module.toLowerCase());
    if (clash !== undefined) {
      diagnostics.push({ code: "EG_MODULE_NAME", severity: "error", file: doc.file, message: `module ${named.module} is already written for ${clash}`, hint: "rename one of the two files (module names ignore case and the extension)" });
      continue;
    }
    modulesTaken.set(named.module.toLowerCase(), doc.file);
    const refOnly = path.posix.basename(schemaPath).startsWith("_");
    const file: SchemaFile = { doc, module: named.module, refOnly };
    if (doc.usable && !refOnly) file.loaded = checkExtractorRoot(doc, diagnostics);
    files.push(file);
  }

  // 2. Units: extractor roots, top-level definitions of schema files, and every reference target.
  const starts: SchemaLocation[] = [];
  for (const file of files) {
    if (!file.doc.usable) continue;
    if (file.loaded) starts.push({ doc: file.doc, pointer: "" });
    if (isPlainObject(file.doc.root)) {
      for (const container of ["$defs", "definitions"]) {
        const defs = file.doc.root[container];
        if (!isPlainObject(defs)) continue;
        for (const [key, definition] of Object.entries(defs)) if (isSchema(definition)) starts.push({ doc: file.doc, pointer: childPointer(childPointer("", container), key) });
      }
    }
  }
  const graph = await loadSchemaGraph(store, starts);
  diagnostics.push(...graph.diagnostics);
  for (const resolution of graph.refs.values()) if (!resolution.ok) diagnostics.push(resolution.diagnostic);
  const locations = new Map<string, SchemaLocation>();
  for (const location of [...starts, ...graph.targets.values()]) locations.set(locationKey(location), location);
  const unitKeys = [...locations.keys()].sort();
  const unitPointers = new Map<SchemaDocument, Set<string>>();
  for (const { doc, pointer } of locations.values()) (unitPointers.get(doc) ?? unitPointers.set(doc, new Set()).get(doc)!).add(pointer);

  // 3. Normalise every unit; find cycles; a unit fails when it or anything it refers to fails.
  const reported = new Set<string>();
  const units = new Map<string, NormalisedUnit>();
  for (const key of unitKeys) {
    units.set(key, normaliseUnit(locations.get(key)!, {
      graph,
      unitPointers,
      report: (d) => {
        const once = `${d.file}\0${d.code}\0${d.message}${d.severity === "error" ? `\0${d.pointer}` : ""}`;
        if (!reported.has(once)) diagnostics.push(d), reported.add(once);
      },
    }));
  }
  const cycles = checkReferenceCycles(units, locations);
  diagnostics.push(...cycles.diagnostics);
  const failed = propagateFailure(units, cycles.members);

  // 4. Extractors that can be generated, what each reaches, and who owns each unit.
  const fileErrors = new Set(diagnostics.filter((d) => d.severity === "error" && d.file !== undefined).map((d) => d.file!));
  const extractorFiles = files.filter((f) => f.loaded && !fileErrors.has(f.doc.file) && !failed.has(locationKey({ doc: f.doc, pointer: "" })));
  const reach = new Map(extractorFiles.map((f) => [f.doc.file, reachable(locationKey({ doc: f.doc, pointer: "" }), units)]));
  const generatedModules = new Map<string, string>();
  for (const file of files) if ((file.refOnly && file.doc.usable) || extractorFiles.includes(file)) generatedModules.set(file.doc.file, file.module);
  const owner = new Map<string, string>();
  for (const key of unitKeys) {
    if (failed.has(key)) continue;
    const module = generatedModules.get(locations.get(key)!.doc.file) ?? extractorFiles.find((f) => reach.get(f.doc.file)!.has(key))?.module;
    if (module !== undefined) owner.set(key, module);
  }

  // 5. Names, then the references get their final text.
  const extractorKeys = new Set(extractorFiles.map((f) => locationKey({ doc: f.doc, pointer: "" })));
  const names = nameProject(
    extractorFiles.map((f) => extractorNameRequest(f)),
    [...owner.keys()].filter((key) => !extractorKeys.has(key)).map((key) => typeNameRequest(locations.get(key)!, owner.get(key)!)),
  );
  diagnostics.push(...names.diagnostics);
  for (const unit of units.values()) for (const ref of unit.refs) ref.holder.$ref = `#/$defs/${names.names.get(ref.target) ?? ref.target}`;

  // 6. The project.
  const types = new Map<string, NamedType>();
  for (const key of [...owner.keys()].sort((a, b) => compare(owner.get(a)! + names.names.get(a), owner.get(b)! + names.names.get(b)))) {
    const name = names.names.get(key);
    if (name === undefined) continue;
    const location = locations.get(key)!;
    types.set(name, { name, module: owner.get(key)!, schema: units.get(key)!.schema, origin: { file: location.doc.file, pointer: location.pointer } });
  }
  const extractors: ExtractorSchema[] = [];
  for (const file of extractorFiles) {
    const key = locationKey({ doc: file.doc, pointer: "" });
    const typeName = names.names.get(key);
    if (typeName === undefined || names.duplicates.has(key)) continue;
    const reached = [...reach.get(file.doc.file)!];
    const bundleUnit = (k: string): BundleUnit => ({ key: k, name: names.names.get(k)!, unit: units.get(k)! });
    const sourceDocs = new Map<string, SchemaDocument>([[file.doc.file, file.doc]]);
    for (const k of [...reached].sort()) sourceDocs.set(locations.get(k)!.doc.file, locations.get(k)!.doc);
    const sources = [file.doc.file, ...[...sourceDocs.keys()].filter((f) => f !== file.doc.file).sort()];
    extractors.push({
      file: file.doc.file,
      uri: file.doc.scopes.get("") ?? file.doc.url,
      draft: file.doc.draft,
      module: file.module,
      name: names.extractorNames.get(key)!,
      version: file.loaded!.version,
      typeName,
      settings: file.loaded!.settings,
      schema: bundleExtractor(bundleUnit(key), reached.map(bundleUnit)),
      hash: hashSources(sources.map((f) => ({ file: f, text: sourceDocs.get(f)!.text }))),
      sources,
    });
  }
  const typeModules = [...new Set(files.filter((f) => f.refOnly && [...types.values()].some((t) => t.module === f.module)).map((f) => f.module))].sort();
  return { project: { extractors, types, typeModules }, diagnostics: sortDiagnostics(diagnostics) };
}

/** Root checks of an extractor file: boolean roots, then `x-extractor`. */
function checkExtractorRoot(doc: SchemaDocument, diagnostics: Diagnostic[]): LoadedSettings {
  if (typeof doc.root === "boolean") {
    diagnostics.push(
      doc.root
        ? { code: "EG_ROOT_BOOLEAN", severity: "warning", file: doc.file, pointer: "", message: "the schema is `true`: it accepts anything, so the extractor returns unknown", hint: "describe the expected object with type and properties" }
        : { code: "EG_ROOT_BOOLEAN", severity: "error", file: doc.file, pointer: "", message: "the schema is `false`: no value is ever valid, so no extractor can succeed", hint: "describe the expected object with type and properties" },
    );
    return { settings: {}, version: 1, diagnostics: [] };
  }
  const loaded = loadExtractorSettings(doc.root as JsonSchemaObject, doc.file);
  diagnostics.push(...loaded.diagnostics);
  return loaded;
}

/** Name ladder of an extractor: `x-extractor.name`, `title`, file name, module path. */
function extractorNameRequest(file: SchemaFile): ExtractorNameRequest {
  const root = isPlainObject(file.doc.root) ? file.doc.root : {};
  const explicit = file.loaded!.settings.name;
  const title = typeof root.title === "string" ? root.title : undefined;
  return {
    key: locationKey({ doc: file.doc, pointer: "" }),
    ladder: ladder([explicit, title, baseName(file.doc.file), file.module.replace(/\//g, " "), "Schema"]),
    origin: { file: file.doc.file, pointer: "" },
    version: file.loaded!.version,
    explicit: explicit !== undefined,
  };
}

/**
 * Name ladder of a type: its definition key (or title, or path below the nearest definition or
 * the document root, e.g. `InvoicePropertiesAddress`), then qualified by the owning module, then
 * by its file and full pointer.
 */
function typeNameRequest(location: SchemaLocation, module: string): NameRequest {
  const tokens = parsePointer(location.pointer) ?? [];
  const node = valueOf(location);
  const title = isPlainObject(node) && typeof node.title === "string" && isNameLike(node.title) ? node.title : undefined;
  const definitionAt = tokens.length >= 2 && (tokens.at(-2) === "$defs" || tokens.at(-2) === "definitions") ? tokens.at(-1) : undefined;
  let anchor = -1;
  for (let i = tokens.length - 2; i >= 0; i--) {
    if (tokens[i] === "$defs" || tokens[i] === "definitions") {
      anchor = i + 1;
      break;
    }
  }
  const docName = documentName(location.doc);
  const pathName = anchor >= 0 ? [tokens[anchor]!, ...tokens.slice(anchor + 1)].join(" ") : [docName, ...tokens].join(" ");
  const base = definitionAt ?? (tokens.length === 0 ? docName : (title ?? pathName));
  const moduleName = module.replace(/\//g, " ");
  // A module already ending in the name qualifies it alone (`shared/_party` + `Party` -> `SharedParty`).
  const qualified = (toPascalIdentifier(moduleName) ?? "").endsWith(toPascalIdentifier(base) ?? "\0") ? moduleName : `${moduleName} ${base}`;
  return {
    key: locationKey(location),
    ladder: [
      ...ladder([base, qualified, `${moduleName} ${pathName}`, `${baseName(location.doc.file)} ${tokens.join(" ")}`]),
      // Keys that differ only in case or separators (`schemaVersion`, `SchemaVersion`) part here.
      ...ladder([moduleName]).map((prefix) => `${prefix}_${tokens.map((t) => t.replace(/[^\p{ID_Continue}]+/gu, "_")).join("_")}`),
    ],
    origin: { file: location.doc.file, pointer: location.pointer },
  };
}

/** {@link documentName} of each document: every type of a document asks for it. */
const documentNames = new WeakMap<SchemaDocument, string>();

/** The readable name of a document's root: `x-extractor.name`, `title`, or the file name. */
function documentName(doc: SchemaDocument): string {
  let name = documentNames.get(doc);
  if (name === undefined) documentNames.set(doc, (name = readDocumentName(doc)));
  return name;
}

function readDocumentName(doc: SchemaDocument): string {
  const root = isPlainObject(doc.root) ? doc.root : {};
  const settings = isPlainObject(root["x-extractor"]) ? root["x-extractor"] : {};
  for (const candidate of [settings.name, isNameLike(root.title) ? root.title : undefined, baseName(doc.file)]) {
    if (typeof candidate === "string" && toPascalIdentifier(candidate) !== undefined) return candidate;
  }
  return "Schema";
}

/**
 * True for a title short enough to name a type that is not an extractor. Titles are often whole
 * sentences ("JSON schema for the manifest files; this is the base ..."); those name the type
 * after its place instead.
 */
function isNameLike(title: unknown): title is string {
  const name = typeof title === "string" ? toPascalIdentifier(title) : undefined;
  return name !== undefined && name.length <= MAX_TITLE_NAME;
}

/** PascalCase rungs, without the ones that are empty or repeat an earlier rung. */
function ladder(candidates: readonly (string | undefined)[]): string[] {
  const rungs: string[] = [];
  for (const candidate of candidates) {
    const name = candidate === undefined ? undefined : toPascalIdentifier(candidate);
    if (name !== undefined && !rungs.includes(name)) rungs.push(name);
  }
  return rungs;
}

function baseName(file: string): string {
  return path.posix.basename(file).replace(/(\.schema)?\.(json|ya?ml)$/i, "");
}

/** Every unit reachable from `start` through references (itself included). */
function reachable(start: string, units: ReadonlyMap<string, NormalisedUnit>): Set<string> {
  const seen = new Set([start]);
  const pending = [start];
  while (pending.length > 0) {
    for (const ref of units.get(pending.pop()!)?.refs ?? []) {
      if (!seen.has(ref.target)) seen.add(ref.target), pending.push(ref.target);
    }
  }
  return seen;
}

/** Units that failed, or refer (directly or not) to one that did. */
function propagateFailure(units: ReadonlyMap<string, NormalisedUnit>, cyclic: ReadonlySet<string>): Set<string> {
  const referrers = new Map<string, string[]>();
  for (const [key, unit] of units) for (const ref of unit.refs) (referrers.get(ref.target) ?? referrers.set(ref.target, []).get(ref.target)!).push(key);
  const failed = new Set([...units].filter(([key, unit]) => unit.failed || cyclic.has(key)).map(([key]) => key));
  const pending = [...failed];
  while (pending.length > 0) {
    for (const referrer of referrers.get(pending.pop()!) ?? []) if (!failed.has(referrer)) failed.add(referrer), pending.push(referrer);
  }
  return failed;
}

/** Diagnostics by file, then line or pointer; stable for the rest. */
function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => compare(a.file ?? "", b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || compare(a.pointer ?? "", b.pointer ?? ""));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
