/**
 * The built CLI (`dist/generator/cli/main.js`) for tests that spawn it as users do. A fresh
 * checkout has it from `npm ci` (the prepare script builds); a source edited since is rebuilt.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BUILT_CLI = join(REPO, "dist/generator/cli/main.js");

/** Build dist/ when a source file is newer than the CLI entry. */
export function ensureBuilt(): void {
  const newestSource = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return Math.max(newest, newestSource(path));
      return entry.name.endsWith(".ts") ? Math.max(newest, statSync(path).mtimeMs) : newest;
    }, 0);
  const source = Math.max(newestSource(join(REPO, "generator")), newestSource(join(REPO, "runtime")));
  if (!existsSync(BUILT_CLI) || statSync(BUILT_CLI).mtimeMs < source) execFileSync("npm", ["run", "build"], { cwd: REPO, stdio: "ignore" });
}
