/**
 * One output module through the per-module stages: types (every named type it declares), then for
 * an extractor the validator and the lowering, then emit. Pure: data in, files and diagnostics
 * out, so modules can be built in any order, in worker threads (module-pool.ts).
 */
import type { Diagnostic } from "./diagnostics.js";
import { type GeneratedFile, type IndexModule, type Templates, emitModule, extractorNames } from "./emit/index.js";
import { type ProjectDefaults, withProjectDefaults } from "./load/extractor-settings.js";
import type { ExtractorSchema, NamedType, SchemaProject } from "./load/project.js";
import { lowerExtractor } from "./lower/index.js";
import { declareType } from "./types/index.js";
import { compileValidator } from "./validate/index.js";

/** One output module: its extractor (if any) and the named types it declares. */
export interface ModuleUnit {
  module: string;
  extractor: ExtractorSchema | undefined;
  types: NamedType[];
}

/** What every module's build reads (plain data: it is copied to worker threads). */
export interface SharedBuildData {
  /** Every exported type name of the project. */
  typeNames: string[];
  /** Type name -> the module that declares it. */
  typeOwners: [string, string][];
  templates: Templates;
  /** Project defaults from the config for settings a schema leaves open. */
  defaults: ProjectDefaults;
}

export interface BuiltModule {
  files: GeneratedFile[];
  index: IndexModule;
  diagnostics: Diagnostic[];
}

/** Extractor modules and type-only modules, sorted by module name; each type in exactly one. */
export function moduleUnits(project: SchemaProject): ModuleUnit[] {
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

/** A builder for the modules of one project (the shared data indexed once). */
export function moduleBuilder(shared: SharedBuildData): (unit: ModuleUnit) => BuiltModule {
  const typeNames = new Set(shared.typeNames);
  const typeOwners = new Map(shared.typeOwners);
  return (unit) => {
    const diagnostics: Diagnostic[] = [];
    const report = (d: Diagnostic): void => void diagnostics.push(d);
    const rootName = unit.extractor?.typeName;
    const declarations = unit.types.map((named) => declareType(named, { typeNames, ...(rootName !== undefined && { rootName }), report }));
    const source = unit.extractor?.file ?? unit.types[0]?.origin.file ?? unit.module;
    const exports = declarations.map((d) => d.name);
    const extractor = unit.extractor ? buildExtractor(unit.extractor, shared, report) : undefined;
    const files = emitModule({ module: unit.module, source, declarations, typeOwners, ...(extractor && { extractor }) }, shared.templates);
    if (!extractor || !unit.extractor) return { files, index: { module: unit.module, exports }, diagnostics };
    const names = extractorNames(unit.extractor.typeName);
    return {
      files,
      index: {
        module: unit.module,
        exports: [...exports, names.spec, names.extract, names.stream],
        extractor: { name: unit.extractor.name, version: unit.extractor.version, typeName: unit.extractor.typeName },
      },
      diagnostics,
    };
  };
}

/** Validator and wires of one extractor; `undefined` (types only) when the validator fails. */
function buildExtractor(extractor: ExtractorSchema, shared: SharedBuildData, report: (d: Diagnostic) => void) {
  const validator = compileValidator(extractor, { runtime: shared.templates.module.runtimeNamespace, report });
  if (!validator) return undefined;
  const lowered = lowerExtractor(extractor);
  lowered.diagnostics.forEach(report);
  return { schema: { ...extractor, settings: withProjectDefaults(extractor.settings, shared.defaults) }, wire: lowered.wire, validator };
}
