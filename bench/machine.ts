/** What a result depends on besides the code: machine, load, Node and package versions. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

/**
 * The installed version of a package, read from node_modules (not every package exports its
 * package.json); `extractgen` is this repository: its version and commit.
 */
export function packageVersion(name: string): string {
  if (name === "extractgen") return `${readVersion(process.cwd())} (${gitCommit()})`;
  return readVersion(join(process.cwd(), "node_modules", name));
}

function readVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim() !== "";
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return "no git";
  }
}

/** `name version` for each package. */
export function versions(names: readonly string[]): string {
  return names.map((name) => `${name} ${packageVersion(name)}`).join(", ");
}

/** One line on the machine: Node, CPU model, cores, load averages. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const load = loadavg().map((l) => l.toFixed(2)).join(" / ");
  return `Node ${process.version}, ${process.platform} ${process.arch}, ${cpu}, ${cpus().length} cores, load average ${load} (1 / 5 / 15 min)`;
}
