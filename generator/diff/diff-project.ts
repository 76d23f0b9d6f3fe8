import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { type ExtractorSchema, loadProject } from "../load/index.js";
import { diffSchemas } from "./diff-schemas.js";
import { openGitTree } from "./git-tree.js";
import { diffProjects, locateChanges, pairDiff } from "./pair-projects.js";
import type { DiffReport } from "./report.js";

/** Where a project's schemas are: the same keys `extractgen generate` reads. */
export interface DiffSourceOptions {
  /** Project root (config folder or cwd). */
  root: string;
  /** Folder, file or glob of schema files, relative to `root`. */
  schemas: string;
  /** URL prefix -> folder, relative to `root`. */
  refMap?: Record<string, string>;
}

/**
 * Compare every schema of the working tree with its content at the git ref `base` (read with
 * the local git, never the network). Both sides go through `loadProject`, so `$ref`s, YAML and
 * older drafts compare alike. Problems loading the old side are warnings: history is not the
 * user's to fix now. Rejects with a GitTreeError when git cannot provide `base`.
 * @example
 * const report = await diffAgainstRef({ root: process.cwd(), schemas: "schemas", base: "origin/main" });
 */
export async function diffAgainstRef(options: DiffSourceOptions & { base: string }): Promise<DiffReport> {
  const root = await realpath(path.resolve(options.root));
  const tree = await openGitTree(root, options.base);
  const common = { root, schemas: options.schemas, ...(options.refMap ? { refMap: options.refMap } : {}) };
  const [after, changed] = await Promise.all([loadProject(common), tree.changedFiles()]);

  // Only extractors built from a changed file need their old side: load just those at the ref
  // (plus changed files there, which covers deleted ones). Their references load on demand.
  const touched = (x: ExtractorSchema) => x.sources.some((file) => changed.has(path.join(root, file)));
  const compared = after.project.extractors.filter(touched);
  const unchanged = after.project.extractors.filter((x) => !touched(x));
  const wanted = new Set([...changed, ...compared.map((x) => path.join(root, x.file))]);
  const before = await loadProject({
    ...common,
    readFile: tree.readFile,
    listFiles: async (dir) => (await tree.listFiles(dir)).filter((file) => wanted.has(file)),
  });

  const oldProblems = before.diagnostics
    .filter((d) => d.severity === "error" && d.code !== "EG_NO_SCHEMAS")
    .map((d): Diagnostic => ({ ...d, severity: "warning", message: `at ${options.base}: ${d.message}` }));
  // A schema that fails to load now is reported by its diagnostics, not as deleted.
  const failing = new Set(after.diagnostics.filter((d) => d.severity === "error" && d.file !== undefined).map((d) => d.file));
  // (A `schemas` naming one file bypasses the listing: keep the old side to the wanted files here.)
  const oldCompared = before.project.extractors.filter((x) => wanted.has(path.join(root, x.file)));
  const schemas = diffProjects({ ...before.project, extractors: oldCompared }, { ...after.project, extractors: compared }, unchanged)
    .filter((s) => !(s.status === "deleted" && failing.has(s.file)));
  return { schemas, diagnostics: [...oldProblems, ...after.diagnostics] };
}

/**
 * Compare two schema files (each loaded with what it references). The report names them as
 * given, relative to `cwd`.
 */
export async function diffFiles(oldFile: string, newFile: string, options: { cwd: string; refMap?: Record<string, string> }): Promise<DiffReport> {
  const load = async (file: string) => {
    const abs = path.resolve(options.cwd, file);
    return loadProject({ root: path.dirname(abs), schemas: path.basename(abs), ...(options.refMap ? { refMap: options.refMap } : {}) });
  };
  const [before, after] = await Promise.all([load(oldFile), load(newFile)]);
  const diagnostics = [...before.diagnostics, ...after.diagnostics];
  const o = before.project.extractors[0];
  const n = after.project.extractors[0];
  for (const [side, file] of [[o, oldFile], [n, newFile]] as const) {
    if (side) continue;
    diagnostics.push({ code: "EG_DIFF_NO_EXTRACTOR", severity: "error", file, message: "no extractor schema to compare", hint: "name a schema file (not a _-prefixed shared one) that loads without errors" });
  }
  if (!o || !n) return { schemas: [], diagnostics };
  // Each side was loaded from its own folder: name other files relative to cwd, as the user does.
  const fromCwd = (file: string, side: string) => path.relative(options.cwd, path.join(path.dirname(path.resolve(options.cwd, side)), file)).split(path.sep).join("/");
  const changes = locateChanges(diffSchemas(o.schema, n.schema), { project: before.project, extractor: o }, { project: after.project, extractor: n })
    .map((c) => (c.file === undefined ? c : { ...c, file: fromCwd(c.file, c.side === "old" ? oldFile : newFile) }));
  return {
    schemas: [pairDiff(o, n, changes, { file: newFile, oldFile })],
    diagnostics,
  };
}
