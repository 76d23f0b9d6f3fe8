import type { ExtractorSchema, SchemaProject } from "../load/project.js";
import { type Change, compatible, removal } from "./change.js";
import { diffSchemas } from "./diff-schemas.js";
import { type SchemaDiff, isBlocked } from "./report.js";

/**
 * Compare every extractor of two loaded versions of a project. Schemas pair up by file; the
 * files left over pair by extractor name and version (a file that moved), then by name alone when
 * that is unambiguous. An unpaired new schema is added (compatible); an unpaired old one is
 * deleted (breaking, and blocked unless a higher version of its extractor remains).
 * @param unchanged new extractors known to be the same on both sides (their files did not
 *   change): reported unchanged without being compared; `before` need not hold them.
 */
export function diffProjects(before: SchemaProject, after: SchemaProject, unchanged: readonly ExtractorSchema[] = []): SchemaDiff[] {
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
    const changes = o.hash === n.hash ? [] : locateChanges(diffSchemas(o.schema, n.schema), { project: before, extractor: o }, { project: after, extractor: n });
    return pairDiff(o, n, changes, { file: n.file, oldFile: o.file });
  });
  for (const n of newLeft) {
    diffs.push({ file: n.file, status: "added", name: n.name, newVersion: n.version, changes: [compatible("", "schema added")], blocked: false });
  }
  for (const n of unchanged) {
    diffs.push({ file: n.file, status: "unchanged", name: n.name, oldVersion: n.version, newVersion: n.version, changes: [], blocked: false });
  }
  for (const o of oldLeft) {
    const successor = [...after.extractors, ...unchanged].some((n) => n.name === o.name && n.version > o.version);
    diffs.push({ file: o.file, status: "deleted", name: o.name, oldVersion: o.version, changes: [removal("breaking", "", "schema deleted")], blocked: !successor });
  }
  return diffs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** One side of a compared pair: the extractor and the project whose types it uses. */
export interface ProjectSide {
  project: SchemaProject;
  extractor: ExtractorSchema;
}

/**
 * Point changes at the files the user edits rather than at the bundle: `/$defs/<Type>/...` is the
 * definition's origin (`/definitions/Party/...` in the same file, or a pointer into the file it
 * came from, named in `file`). The rest of the pointer is in draft 2020-12 spelling, which is
 * the original's except for keywords normalisation renamed (`items` arrays, `dependencies`).
 */
export function locateChanges(changes: readonly Change[], before: ProjectSide, after: ProjectSide): Change[] {
  return changes.map((change) => {
    const side = change.side === "old" ? before : after;
    const match = /^\/\$defs\/([^/]+)(.*)$/.exec(change.pointer);
    if (!match) return change;
    const name = match[1]!.replace(/~1/g, "/").replace(/~0/g, "~");
    const origin = side.project.types.get(name)?.origin;
    if (!origin) return change;
    const located: Change = { ...change, pointer: `${origin.pointer}${match[2]}` };
    if (origin.file !== side.extractor.file) located.file = origin.file;
    return located;
  });
}

/** The report of one old/new pair of an extractor, under the file names the report shows. */
export function pairDiff(o: ExtractorSchema, n: ExtractorSchema, changes: Change[], files: { file: string; oldFile: string }): SchemaDiff {
  return {
    file: files.file,
    ...(files.oldFile !== files.file ? { oldFile: files.oldFile } : {}),
    status: changes.length > 0 ? "changed" : "unchanged",
    name: n.name,
    oldVersion: o.version,
    newVersion: n.version,
    changes,
    blocked: isBlocked(changes, o.version, n.version),
  };
}
