import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ResolvedConfig } from "../config.js";

/** sha256 (hex) of a text. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

let version: string | undefined;

/**
 * The extractgen version (its package.json): a new version may generate different code, so it is
 * part of every fingerprint.
 */
export function generatorVersion(): string {
  if (version !== undefined) return version;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "extractgen" && typeof pkg.version === "string") return (version = pkg.version);
    } catch {
      // not here: keep walking up
    }
  }
  throw new Error("cannot find extractgen's package.json");
}

/**
 * What decides the output besides the schema files: the extractgen version and every resolved
 * option, with folders relative to the project root so a checkout elsewhere matches.
 */
export function settingsFingerprint(config: ResolvedConfig): string {
  const relative = (p: string) => path.relative(config.root, p).split(path.sep).join("/");
  return sha256(JSON.stringify({
    extractgen: generatorVersion(),
    schemas: config.schemas,
    out: relative(config.out),
    refMap: Object.entries(config.refMap).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    provider: config.provider ?? null,
    model: config.model ?? null,
  }));
}
