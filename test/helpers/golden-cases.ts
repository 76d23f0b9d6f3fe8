/**
 * Golden cases (style.md rule 11): `fixtures/cases/<case>/` holds the input (`schemas/`, and an
 * `extractgen.config.json` when the case needs one) and `expected/`, one file per output file:
 * every module, `index.ts`, `extractgen.lock.json`, and `diagnostics.txt` when there are any.
 */
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CASES_DIR = path.join(REPO, "fixtures/cases");

/** Case folder names, sorted. */
export async function listCases(): Promise<string[]> {
  const entries = await readdir(CASES_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && !e.name.startsWith("_")).map((e) => e.name).sort();
}

/**
 * Generate one case inside `workDir` (a copy of the case's input) and return every output as
 * `expected/`-relative path -> content. The output folder is `out` unless the case's config says
 * otherwise.
 */
export async function generateCase(name: string, workDir: string): Promise<Map<string, string>> {
  const caseDir = path.join(CASES_DIR, name);
  for (const entry of await readdir(caseDir)) {
    if (entry !== "expected") await cp(path.join(caseDir, entry), path.join(workDir, entry), { recursive: true });
  }
  const hasConfig = existsSync(path.join(workDir, "extractgen.config.json"));
  const result = await generate(hasConfig ? { cwd: workDir } : { cwd: workDir, schemas: "schemas", out: "out" });
  const outputs = new Map<string, string>();
  const out = result.config?.out ?? path.join(workDir, "out");
  for (const file of result.files) {
    const relative = file.path.startsWith(out + path.sep) ? path.relative(out, file.path) : path.relative(workDir, file.path);
    outputs.set(relative.split(path.sep).join("/"), file.content);
  }
  if (result.diagnostics.length > 0) {
    // Diagnostics name files relative to the project root; a message may still carry the
    // absolute temporary folder (a file:// URL), which differs per run.
    const text = result.diagnostics.map(formatDiagnostic).join("\n").split(workDir).join("<root>");
    outputs.set("diagnostics.txt", `${text}\n`);
  }
  return outputs;
}

/** Every file under a case's `expected/`, relative and `/`-separated. */
export async function readExpected(name: string): Promise<Map<string, string>> {
  const expectedDir = path.join(CASES_DIR, name, "expected");
  const files = new Map<string, string>();
  if (!existsSync(expectedDir)) return files;
  for (const entry of await readdir(expectedDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(expectedDir, full).split(path.sep).join("/"), await readFile(full, "utf8"));
  }
  return files;
}

/** Run `fn` in a fresh temporary folder, removed afterwards. */
export async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "extractgen-golden-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
