import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * A machine-local memo of file hashes keyed by size and modification time, so checking that a
 * file still has the content the lock records usually costs one `stat`, not a read and a hash
 * (the corpus output alone is 165 MB). A file whose size or mtime moved is hashed again. Kept in
 * `node_modules/.cache/extractgen` (the usual place for tool caches); a project without
 * node_modules hashes every time. Never in the lock, which is shared through git.
 */
export interface FileStamps {
  /** Whether `abs` has content hashing to `hash` ("" expects the file not to exist). */
  matches(abs: string, hash: string): Promise<boolean>;
  /** Write the memo back if it changed. */
  save(): Promise<void>;
}

interface Stamp {
  size: number;
  mtimeMs: number;
  hash: string;
  /** When the stamp was taken (ms since the epoch). */
  takenMs: number;
}

/**
 * A file modified this close before its stamp was taken could be modified again within the same
 * mtime tick without its size changing: such a stamp is not trusted (git's "racy clean" rule).
 */
const RACY_MS = 2000;

const STAMPS_VERSION = 2;

/** The stamps of the project at `root`. A missing or unreadable memo is an empty one. */
export async function openFileStamps(root: string): Promise<FileStamps> {
  const file = stampsFile(root);
  let stamps: Record<string, Stamp> = {};
  try {
    if (file === undefined) throw new Error("no cache folder");
    const saved = JSON.parse(await readFile(file, "utf8")) as { version?: unknown; stamps?: unknown };
    if (saved.version === STAMPS_VERSION && typeof saved.stamps === "object" && saved.stamps !== null) stamps = saved.stamps as Record<string, Stamp>;
  } catch {
    // first run, or a memo from another version: start empty
  }
  let dirty = false;
  return {
    async matches(abs, hash) {
      let info;
      try {
        info = await stat(abs);
      } catch (e) {
        return hash === "" && (e as NodeJS.ErrnoException).code === "ENOENT";
      }
      const known = stamps[abs];
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs && known.takenMs - known.mtimeMs > RACY_MS) return known.hash === hash;
      const actual = createHash("sha256").update(await readFile(abs)).digest("hex");
      stamps[abs] = { size: info.size, mtimeMs: info.mtimeMs, hash: actual, takenMs: Date.now() };
      dirty = true;
      return actual === hash;
    },
    async save() {
      if (!dirty || file === undefined) return;
      try {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, JSON.stringify({ version: STAMPS_VERSION, stamps }));
        dirty = false;
      } catch {
        // a read-only cache folder only costs speed
      }
    },
  };
}

function stampsFile(root: string): string | undefined {
  const modules = path.join(root, "node_modules");
  return existsSync(modules) ? path.join(modules, ".cache", "extractgen", "stamps.json") : undefined;
}
