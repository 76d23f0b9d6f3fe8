import type { ExtractorSchema, SchemaProject } from "../load/project.js";
import { breaking, compatible } from "./change.js";
import { diffSchemas } from "./diff-schemas.js";
import { type SchemaDiff, isBlocked } from "./report.js";

/**
 * Compare every extractor of two loaded versions of a project. Schemas pair up by file; the
 * files left over pair by extractor name and version (a file that moved), then by name alone when
 * that is unambiguous. An unpaired new schema is added (compatible); an unpaired old one is
 * deleted (breaking, and blocked unless a higher version of its extractor remains).
 */
export function diffProjects(before: SchemaProject, after: SchemaProject): SchemaDiff[] {
  const pairs: [ExtractorSchema, ExtractorSchema][] = [];
  const oldLeft = new Set(before.extractors);
  const newLeft = new Set(after.extractors);
  const pairUp = (matches: (o: ExtractorSchema, n: ExtractorSchema) => boolean) => {
    for (const n of [...newLeft]) {
      const olds = [...oldLeft].filter((o) => matches(o, n));
      // Only a one-to-one match counts: two candidates either way leave both sides unpaired.
      if (olds.length !== 1 || [...newLeft].filter((m) => matches(olds[0]!, m)).length !== 1) continue;
      pairs.push([olds[0]!, n]);
      oldLeft.delete(olds[0]!);
      newLeft.delete(n);
    }
  };
  pairUp((o, n) => o.file === n.file);
  pairUp((o, n) => o.name === n.name && o.version === n.version);
  pairUp((o, n) => o.name === n.name);

  const diffs: SchemaDiff[] = pairs.map(([o, n]) => {
    const changes = o.hash === n.hash ? [] : diffSchemas(o.schema, n.schema);
    return {
      file: n.file,
      ...(o.file !== n.file ? { oldFile: o.file } : {}),
      status: changes.length > 0 ? "changed" : "unchanged",
      name: n.name,
      oldVersion: o.version,
      newVersion: n.version,
      changes,
      blocked: isBlocked(changes, o.version, n.version),
    };
  });
  for (const n of newLeft) {
    diffs.push({ file: n.file, status: "added", name: n.name, newVersion: n.version, changes: [compatible("", "schema added")], blocked: false });
  }
  for (const o of oldLeft) {
    const successor = after.extractors.some((n) => n.name === o.name && n.version > o.version);
    diffs.push({ file: o.file, status: "deleted", name: o.name, oldVersion: o.version, changes: [breaking("", "schema deleted")], blocked: !successor });
  }
  return diffs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
