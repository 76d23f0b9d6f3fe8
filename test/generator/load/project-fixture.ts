import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { formatDiagnostic, type Diagnostic } from "../../../generator/diagnostics.js";
import { type LoadOptions, loadProject } from "../../../generator/load/index.js";

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** Files of a throwaway project: path relative to the root -> text, or a value written as JSON. */
export type ProjectFiles = Record<string, string | object | boolean>;

/** Write `files` into a fresh temp folder and load it (`schemas` defaults to `schemas`). */
export async function loadFiles(files: ProjectFiles, options: Partial<LoadOptions> = {}) {
  const root = await mkdtemp(path.join(tmpdir(), "extractgen-load-"));
  folders.push(root);
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  const result = await loadProject({ root, schemas: "schemas", ...options });
  return { ...result, root };
}

/** Diagnostics as one line each (`severity CODE file#pointer: message`), for readable assertions. */
export function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]!);
}
