import { readdir } from "node:fs/promises";
import path from "node:path";

/** A schema file found under the `schemas` option. */
export interface FoundSchemaFile {
  absPath: string;
  /** Path below the schemas folder (the static part of a glob), `/`-separated: the module name's source. */
  schemaPath: string;
}

/**
 * Lists every file below a folder (absolute paths, recursively). Rejects with code `ENOTDIR` when
 * the path is a file (then `schemas` names that one file) and `ENOENT` when nothing is there.
 */
export type ListFiles = (absDir: string) => Promise<string[]>;

const SCHEMA_FILE = /\.(json|ya?ml)$/i;
const GLOB_CHARS = /[*?[\]{}]/;

/** Default {@link ListFiles}: the file system, skipping `node_modules` and dot-folders. */
export async function listFilesOnDisk(absDir: string): Promise<string[]> {
  const entries = await readdir(absDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !path.relative(absDir, file).split(path.sep).some((segment) => segment === "node_modules" || segment.startsWith(".")));
}

/**
 * The schema files named by `schemas` (relative to `root`): a folder (every `.json`, `.yaml` and
 * `.yml` below it, `*.schema.json` included), one file, or a glob (`*`, `**`, `?`, `[...]`,
 * `{a,b}`). Sorted by path, so every later stage sees the same order on every machine.
 */
export async function findSchemaFiles(root: string, schemas: string, listFiles: ListFiles = listFilesOnDisk): Promise<FoundSchemaFile[]> {
  const normalised = schemas.replace(/\\/g, "/");
  let base: string;
  let accept: (relative: string) => boolean;
  if (GLOB_CHARS.test(normalised)) {
    const segments = normalised.split("/");
    const firstGlob = segments.findIndex((segment) => GLOB_CHARS.test(segment));
    base = path.resolve(root, segments.slice(0, firstGlob).join("/") || ".");
    const matcher = globToRegExp(segments.slice(firstGlob).join("/"));
    accept = (relative) => matcher.test(relative);
  } else {
    base = path.resolve(root, normalised);
    accept = (relative) => SCHEMA_FILE.test(relative);
  }
  let files: string[];
  try {
    files = await listFiles(base);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOTDIR") return [];
    // `schemas` names a single file.
    return SCHEMA_FILE.test(base) || GLOB_CHARS.test(normalised) ? [{ absPath: base, schemaPath: path.basename(base) }] : [];
  }
  return files
    .map((absPath) => ({ absPath, schemaPath: path.relative(base, absPath).split(path.sep).join("/") }))
    .filter((file) => accept(file.schemaPath))
    .sort((a, b) => (a.schemaPath < b.schemaPath ? -1 : a.schemaPath > b.schemaPath ? 1 : 0));
}

/**
 * A glob as a regular expression over `/`-separated relative paths: `**` spans folders (also
 * none), `*` and `?` stay inside one segment, `{a,b}` is a choice, `[...]` a character class.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*" && glob[i + 1] === "*") {
      const slashAfter = glob[i + 2] === "/";
      source += slashAfter ? "(?:[^/]*/)*" : ".*";
      i += slashAfter ? 2 : 1;
    } else if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "{") {
      braces++;
      source += "(?:";
    } else if (ch === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (ch === "," && braces > 0) source += "|";
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 1);
      if (end === -1) source += "\\[";
      else {
        source += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^$()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
