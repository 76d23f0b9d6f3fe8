import type { Diagnostic } from "../diagnostics.js";
import { withBanner } from "./banner.js";
import { extractorNames } from "./exported-names.js";
import type { GeneratedFile } from "./emit-module.js";
import { relativeImport } from "./relative-import.js";
import { INDEX_PLACEHOLDERS, type Templates, fillPlaceholders } from "./templates.js";

/** What index.ts needs to know about one module. */
export interface IndexModule {
  module: string;
  /** Every name the module exports (types, and spec/extract/stream when it has an extractor). */
  exports: readonly string[];
  /** Its extractor, when it has one with a validator: name without version, version, root type. */
  extractor?: { name: string; version: number; typeName: string };
}

/**
 * index.ts (design.md §4): `export *` from every module, sorted; for an extractor name with several
 * versions, the unversioned names (`extractInvoice`, `Invoice`, ...) point at the newest version.
 * Two modules exporting one name would make `export *` ambiguous: that is reported, and the name
 * is left to the first module in sorted order.
 * @example
 * const { file } = emitIndex(modules, "schemas", templates);
 * file.path; // "index.ts"
 */
export function emitIndex(modules: readonly IndexModule[], source: string, templates: Templates): { file: GeneratedFile; diagnostics: Diagnostic[] } {
  const sorted = [...modules].sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  const exportedBy = new Map<string, string>();
  const claim = (name: string, module: string): boolean => {
    const owner = exportedBy.get(name);
    if (owner === undefined) {
      exportedBy.set(name, module);
      return true;
    }
    if (owner !== module) {
      diagnostics.push({
        code: "EG_EXPORT_COLLISION",
        severity: "error",
        message: `modules ${owner} and ${module} both export ${name}; index.ts re-exports the one from ${owner}`,
        hint: "rename one of the two schemas (x-extractor.name or title) or definitions",
      });
    }
    return false;
  };

  const statements: string[] = [];
  for (const entry of sorted) {
    const clashes = entry.exports.filter((name) => !claim(name, entry.module));
    const star = fillPlaceholders(templates.index.reexportModule, [[INDEX_PLACEHOLDERS.modulePath, relativeImport("index", entry.module)]]);
    // With a clash, `export *` would silently drop the name from both modules: list the others.
    const rest = entry.exports.filter((n) => !clashes.includes(n));
    if (clashes.length === 0) statements.push(star);
    else if (rest.length > 0) statements.push(`export { ${rest.join(", ")} } from "${relativeImport("index", entry.module)}";`);
  }
  statements.push(...newestVersionAliases(sorted, claim, templates));
  return { file: { path: "index.ts", content: withBanner(source, `${statements.join("\n")}\n`) }, diagnostics };
}

/** For each extractor name with several versions, alias the newest under the unversioned names. */
function newestVersionAliases(modules: readonly IndexModule[], claim: (name: string, module: string) => boolean, templates: Templates): string[] {
  const byName = new Map<string, IndexModule[]>();
  for (const entry of modules) if (entry.extractor) byName.set(entry.extractor.name, [...(byName.get(entry.extractor.name) ?? []), entry]);
  const out: string[] = [];
  for (const [name, versions] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (versions.length < 2) continue;
    const newest = versions.reduce((a, b) => ((b.extractor?.version ?? 0) > (a.extractor?.version ?? 0) ? b : a));
    if (!newest.extractor) continue;
    const plain = extractorNames(name);
    const versioned = extractorNames(newest.extractor.typeName);
    if (![plain.type, plain.extract, plain.stream, plain.spec].every((n) => claim(n, `${newest.module} (newest ${name})`))) continue;
    const values: ReadonlyArray<readonly [string, string]> = [
      [INDEX_PLACEHOLDERS.modulePath, relativeImport("index", newest.module)],
      [INDEX_PLACEHOLDERS.typeVersioned, versioned.type],
      [INDEX_PLACEHOLDERS.type, plain.type],
      [INDEX_PLACEHOLDERS.extractVersioned, versioned.extract],
      [INDEX_PLACEHOLDERS.extract, plain.extract],
      [INDEX_PLACEHOLDERS.streamVersioned, versioned.stream],
      [INDEX_PLACEHOLDERS.stream, plain.stream],
      [INDEX_PLACEHOLDERS.specVersioned, versioned.spec],
      [INDEX_PLACEHOLDERS.spec, plain.spec],
    ];
    out.push(fillPlaceholders(templates.index.newestValues, values), fillPlaceholders(templates.index.newestType, values));
  }
  return out;
}
