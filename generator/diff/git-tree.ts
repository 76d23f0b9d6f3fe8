import { execFile } from "node:child_process";
import path from "node:path";

/**
 * A project's files as they were at a git ref, read with the local `git` (no network): the
 * `readFile` and `listFiles` hooks `loadProject` takes, so the old side of `extractgen diff --base`
 * loads exactly like the working tree.
 */
export interface GitTree {
  /** The repository's top folder (absolute, symlinks resolved). */
  top: string;
  /** The commit the ref names. */
  commit: string;
  /** A file's content at the commit; rejects with `ENOENT` when it did not exist there. */
  readFile(absPath: string): Promise<string>;
  /** Every file below a folder at the commit (absolute paths); `ENOTDIR` for a file, `ENOENT` for nothing. */
  listFiles(absDir: string): Promise<string[]>;
  /** Files whose working-tree state differs from the commit: edited, staged, deleted, untracked (absolute). */
  changedFiles(): Promise<Set<string>>;
}

/** Why a git tree could not be opened: not a repository, an unknown ref, no git. */
export class GitTreeError extends Error {
  override readonly name = "GitTreeError";
}

/** The tree of `ref` in the repository that holds `cwd`. */
export async function openGitTree(cwd: string, ref: string): Promise<GitTree> {
  let top: string;
  try {
    top = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
  } catch (e) {
    throw new GitTreeError(`${cwd} is not inside a git repository (${firstLine(e)})`);
  }
  let commit: string;
  try {
    commit = (await git(top, ["rev-parse", "--verify", "--end-of-options", `${ref}^{commit}`])).trim();
  } catch {
    throw new GitTreeError(`unknown git ref ${JSON.stringify(ref)}`);
  }
  const listing = await git(top, ["ls-tree", "-r", "-z", "--name-only", commit]);
  const files = new Set(listing.split("\0").filter((f) => f !== ""));
  const relative = (absPath: string) => path.relative(top, absPath).split(path.sep).join("/");

  return {
    top,
    commit,
    async readFile(absPath) {
      const file = relative(absPath);
      if (!files.has(file)) throw fsError("ENOENT", `${file} does not exist at ${ref}`);
      return git(top, ["cat-file", "blob", `${commit}:${file}`]);
    },
    async listFiles(absDir) {
      const dir = relative(absDir);
      if (files.has(dir)) throw fsError("ENOTDIR", `${dir} is a file at ${ref}`);
      const prefix = dir === "" ? "" : `${dir}/`;
      const below = [...files].filter((f) => f.startsWith(prefix));
      if (below.length === 0) throw fsError("ENOENT", `${dir || "."} does not exist at ${ref}`);
      // The same files the working-tree listing keeps: no node_modules, no dot-folders.
      return below
        .filter((f) => !f.slice(prefix.length).split("/").some((s) => s === "node_modules" || s.startsWith(".")))
        .map((f) => path.join(top, f));
    },
    async changedFiles() {
      const [tracked, untracked] = await Promise.all([
        git(top, ["diff", "--name-only", "-z", "--no-renames", commit, "--"]),
        git(top, ["ls-files", "--others", "--exclude-standard", "-z"]),
      ]);
      return new Set(`${tracked}\0${untracked}`.split("\0").filter((f) => f !== "").map((f) => path.join(top, f)));
    },
  };
}

const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", args, { cwd, encoding: "utf8", maxBuffer: MAX_OUTPUT_BYTES }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim() || error.message));
      else resolve(stdout);
    });
  });
}

function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
