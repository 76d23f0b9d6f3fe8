import { realpath } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { loadProject } from "../load/index.js";
import { diffSchemas } from "./diff-schemas.js";
import { openGitTree } from "./git-tree.js";
import { diffProjects } from "./pair-projects.js";
import { type DiffReport, isBlocked } from "./report.js";

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
  const [before, after] = await Promise.all([
    loadProject({ ...common, readFile: tree.readFile, listFiles: tree.listFiles }),
    loadProject(common),
  ]);
  const oldProblems = before.diagnostics
    .filter((d) => d.severity === "error" && d.code !== "EG_NO_SCHEMAS")
    .map((d): Diagnostic => ({ ...d, severity: "warning", message: `at ${options.base}: ${d.message}` }));
  // A schema that fails to load now is reported by its diagnostics, not as deleted.
  const failing = new Set(after.diagnostics.filter((d) => d.severity === "error" && d.file !== undefined).map((d) => d.file));
  const schemas = diffProjects(before.project, after.project).filter((s) => !(s.status === "deleted" && failing.has(s.file)));
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
  const changes = diffSchemas(o.schema, n.schema);
  return {
    schemas: [{
      file: newFile,
      ...(oldFile !== newFile ? { oldFile } : {}),
      status: changes.length > 0 ? "changed" : "unchanged",
      name: n.name,
      oldVersion: o.version,
      newVersion: n.version,
      changes,
      blocked: isBlocked(changes, o.version, n.version),
    }],
    diagnostics,
  };
}
