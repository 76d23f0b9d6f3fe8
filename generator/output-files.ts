/**
 * Writing generated files so that nothing lands outside the folder they belong to (#9). An output
 * folder is shared with other tools and people: a symbolic link in it, planted or forgotten, must
 * not let `generate` write through it. So:
 * - every folder on the way from the output folder down to the file is created one level at a
 *   time, and one that is a link resolving outside the output folder is refused;
 * - the file itself is opened without following a link (`O_NOFOLLOW`); a link in its place is
 *   removed and a regular file written instead.
 * Module names are already plain segments (names/module-name.ts); this is about the disk.
 */
import { constants } from "node:fs";
import { lstat, mkdir, open, realpath, unlink } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "./diagnostics.js";

const WRITE_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0);

/**
 * Write `content` to `file`, which must lie below `folder`, following no link out of `folder`.
 * Returns a diagnostic naming `shownFile` (the file as the project root sees it), and writes
 * nothing, when a folder on the way leads outside.
 */
export async function writeOutputFile(folder: string, file: string, content: string, shownFile: string): Promise<Diagnostic | undefined> {
  await mkdir(folder, { recursive: true });
  const base = await realpath(folder);
  const steps = path.relative(folder, path.dirname(file)).split(path.sep).filter((s) => s !== "");
  let dir = folder;
  for (const step of steps) {
    dir = path.join(dir, step);
    const stat = await lstat(dir).catch(() => undefined);
    if (stat === undefined) await mkdir(dir);
    else if (stat.isSymbolicLink()) {
      const target = await realpath(dir).catch(() => undefined);
      if (target !== undefined && isInside(target, base)) continue;
      return {
        code: "EG_OUTPUT_LINK",
        severity: "error",
        file: shownFile,
        message: `not written: ${path.relative(folder, dir)} in the output folder is a link to ${target ?? "a missing target"}, outside it`,
        hint: "remove the link (generate writes only inside its output folder)",
      };
    }
  }
  await writeNoFollow(file, content);
  return undefined;
}

/** Write a regular file at `file`; a link there is replaced, never written through. */
async function writeNoFollow(file: string, content: string): Promise<void> {
  if ((await lstat(file).catch(() => undefined))?.isSymbolicLink() === true) await unlink(file);
  // O_NOFOLLOW (where the system has it): a link put back in the meantime fails the open (ELOOP).
  const handle = await open(file, WRITE_NO_FOLLOW);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

function isInside(target: string, base: string): boolean {
  return target === base || target.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}
