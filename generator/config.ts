/**
 * The generator's options (style.md rule 4): `ExtractgenConfig` is what users write, in
 * `extractgen.config.json` or as flags (the same keys); `resolveConfig` is the only place defaults
 * are applied; `ResolvedConfig` is what the rest of the generator reads. Problems are EG_CONFIG
 * diagnostics naming the key (and its replacement when it was renamed or misspelt).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ProviderName } from "../runtime/spec.js";
import type { Diagnostic } from "./diagnostics.js";
import { closestMatch } from "./load/did-you-mean.js";

/** The config file `generate` and `check` look for in the working directory. */
export const CONFIG_FILE = "extractgen.config.json";

/** Options of `extractgen generate` / `check`: flags and `extractgen.config.json` keys. */
export interface ExtractgenConfig {
  /**
   * Folder, file or glob of schema files (`*.schema.json`, `.json`, `.yaml`, `.yml`), relative to
   * the config file's folder (flags: to the working directory).
   * @default "schemas"
   */
  schemas?: string;
  /**
   * Folder the modules, `index.ts` go to (the lock file goes to the project root).
   * @default "src/extractors"
   */
  out?: string;
  /**
   * Remote `$ref` URL prefix -> local folder. Remote references are never fetched.
   * @default {}
   * @example { "https://acme.dev/schemas/": "schemas/shared" }
   */
  refMap?: Record<string, string>;
  /** Default provider written into specs whose schema has no `x-extractor.provider`. */
  provider?: ProviderName;
  /** Default model written into specs whose schema has no `x-extractor.model`. */
  model?: string;
}

/** Every option resolved: absolute folders, defaults applied. */
export interface ResolvedConfig {
  /** Project root: the config file's folder, else the working directory. Output paths are relative to it. */
  root: string;
  /** The config file that was read, if any (absolute). */
  configFile: string | undefined;
  /** Schema folder, file or glob, relative to `root`, `/`-separated. */
  schemas: string;
  /** Output folder (absolute). */
  out: string;
  /** URL prefix -> folder relative to `root`. */
  refMap: Record<string, string>;
  provider: ProviderName | undefined;
  model: string | undefined;
}

/** Where each value came from: config file values are relative to its folder, flags to the cwd. */
export interface ConfigSources {
  /** The working directory (flags are relative to it). */
  cwd: string;
  /** The config file, as read by {@link readConfigFile}. */
  file?: { path: string; values: unknown };
  /** Values given as flags or to the programmatic API; they override the file. */
  flags?: ExtractgenConfig;
}

const DEFAULTS = { schemas: "schemas", out: "src/extractors" } as const;
const KEYS = ["schemas", "out", "refMap", "provider", "model"] as const;
/** Keys people write for ours (other tools' names, older spellings). */
const RENAMED: Record<string, (typeof KEYS)[number]> = {
  outDir: "out",
  output: "out",
  outputDir: "out",
  schemaDir: "schemas",
  schema: "schemas",
  input: "schemas",
  "ref-map": "refMap",
  refmap: "refMap",
  refs: "refMap",
};
const PROVIDERS: readonly ProviderName[] = ["openai", "openai-responses", "gemini", "anthropic"];

/**
 * Apply defaults and check every key: unknown keys, wrong types and renamed keys are EG_CONFIG
 * errors naming the key. Returns no config when there is an error.
 * @example
 * const { config, diagnostics } = resolveConfig({ cwd: process.cwd(), flags: { out: "src/gen" } });
 */
export function resolveConfig(sources: ConfigSources): { config?: ResolvedConfig; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const fileName = sources.file ? path.relative(sources.cwd, sources.file.path) || sources.file.path : undefined;
  const report = (key: string, message: string, hint: string): void => {
    diagnostics.push({ code: "EG_CONFIG", severity: "error", ...(fileName !== undefined && { file: fileName, pointer: `/${key}` }), message, hint });
  };
  const fromFile = sources.file ? checkValues(sources.file.values, report) : {};
  const flags = sources.flags ? checkValues(sources.flags, (key, message, hint) => diagnostics.push({ code: "EG_CONFIG", severity: "error", message: `option ${key}: ${message}`, hint })) : {};
  if (diagnostics.length > 0) return { diagnostics };

  const root = sources.file ? path.dirname(path.resolve(sources.cwd, sources.file.path)) : path.resolve(sources.cwd);
  // A value is relative to where it was written; everything is re-expressed relative to `root`.
  const fromRoot = (base: string, value: string): string => toPosix(path.relative(root, path.resolve(base, value))) || ".";
  const schemas = flags.schemas !== undefined ? fromRoot(sources.cwd, flags.schemas) : fromRoot(root, fromFile.schemas ?? DEFAULTS.schemas);
  const out = flags.out !== undefined ? path.resolve(sources.cwd, flags.out) : path.resolve(root, fromFile.out ?? DEFAULTS.out);
  const refMap: Record<string, string> = {};
  for (const [prefix, folder] of Object.entries(fromFile.refMap ?? {})) refMap[prefix] = fromRoot(root, folder);
  for (const [prefix, folder] of Object.entries(flags.refMap ?? {})) refMap[prefix] = fromRoot(sources.cwd, folder);
  return {
    config: {
      root,
      configFile: sources.file ? path.resolve(sources.cwd, sources.file.path) : undefined,
      schemas,
      out,
      refMap,
      provider: flags.provider ?? fromFile.provider,
      model: flags.model ?? fromFile.model,
    },
    diagnostics,
  };
}

/** Check the keys and value types of one source; returns the valid part. */
function checkValues(values: unknown, report: (key: string, message: string, hint: string) => void): ExtractgenConfig {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    report("", "the configuration must be a JSON object", `e.g. { "schemas": "schemas", "out": "src/extractors" }`);
    return {};
  }
  const out: ExtractgenConfig = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    switch (key) {
      case "$schema":
        break; // editors' schema association
      case "schemas":
      case "out":
      case "model":
        if (typeof value === "string" && value !== "") out[key] = value;
        else report(key, `${key} must be a non-empty string`, key === "out" ? `"out": "src/extractors"` : key === "schemas" ? `"schemas": "schemas"` : `"model": "gpt-4o-mini"`);
        break;
      case "provider":
        if (typeof value === "string" && (PROVIDERS as readonly string[]).includes(value)) out.provider = value as ProviderName;
        else report(key, `provider must be one of ${PROVIDERS.join(", ")}`, `"provider": "openai"`);
        break;
      case "refMap":
        if (isStringMap(value)) out.refMap = value;
        else report(key, "refMap must map URL prefixes to folders", `"refMap": { "https://acme.dev/schemas/": "schemas/shared" }`);
        break;
      default: {
        const renamed = RENAMED[key] ?? closestMatch(key, KEYS);
        report(key, `unknown option ${JSON.stringify(key)}`, renamed ? `use ${renamed}` : `the options are ${KEYS.join(", ")}`);
      }
    }
  }
  return out;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string" && v !== "");
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/**
 * Read a config file. A missing file is `undefined` unless it was asked for by name (`required`);
 * unreadable or invalid JSON is an EG_CONFIG error.
 */
export async function readConfigFile(file: string, cwd: string, required: boolean): Promise<{ file?: { path: string; values: unknown }; diagnostics: Diagnostic[] }> {
  const absolute = path.resolve(cwd, file);
  const shown = path.relative(cwd, absolute) || absolute;
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === "ENOENT") return { diagnostics: [] };
    return { diagnostics: [{ code: "EG_CONFIG", severity: "error", file: shown, message: `cannot read the config file: ${(error as Error).message}`, hint: "pass an existing file to --config" }] };
  }
  try {
    return { file: { path: absolute, values: JSON.parse(text) as unknown }, diagnostics: [] };
  } catch (error) {
    return { diagnostics: [{ code: "EG_CONFIG", severity: "error", file: shown, message: `not valid JSON: ${(error as Error).message}`, hint: "fix the syntax of the config file" }] };
  }
}
