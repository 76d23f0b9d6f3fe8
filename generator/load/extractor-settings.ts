import type { Diagnostic } from "../diagnostics.js";
import type { JsonSchemaObject } from "../json-schema.js";
import { closestMatch } from "./did-you-mean.js";
import { childPointer } from "./json-pointer.js";
import { isPlainObject } from "./keywords.js";
import type { ExtractorSettings } from "./project.js";

const PROVIDERS = ["openai", "openai-responses", "gemini", "anthropic"];

/** Each `x-extractor` key with a check that returns a problem, or `undefined` when the value is fine. */
const CHECKS: Record<keyof ExtractorSettings, (value: unknown) => string | undefined> = {
  name: (v) => (typeof v === "string" && v.trim() !== "" ? undefined : "must be a non-empty string"),
  instructions: (v) => (typeof v === "string" ? undefined : "must be a string"),
  model: (v) => (typeof v === "string" && v !== "" ? undefined : "must be a non-empty string"),
  provider: (v) => (typeof v === "string" && PROVIDERS.includes(v) ? undefined : `must be one of ${PROVIDERS.join(", ")}`),
  temperature: (v) => (typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 2 ? undefined : "must be a number from 0 to 2"),
  version: (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : "must be an integer >= 1"),
};

/** What a schema root says about its extractor. */
export interface LoadedSettings {
  settings: ExtractorSettings;
  /** `x-extractor.version`, else the `/v<N>` at the end of `$id`, else 1. */
  version: number;
  diagnostics: Diagnostic[];
}

/**
 * Read and check `x-extractor` (design.md §3): unknown keys are warnings (with a suggestion),
 * wrong values are errors and are left out. `instructions` defaults to the root `description`.
 */
export function loadExtractorSettings(root: JsonSchemaObject, file: string): LoadedSettings {
  const diagnostics: Diagnostic[] = [];
  const settings: ExtractorSettings = {};
  const raw = root["x-extractor"];
  if (raw !== undefined && !isPlainObject(raw)) {
    diagnostics.push({ code: "EG_EXTRACTOR_SETTINGS", severity: "error", file, pointer: "/x-extractor", message: "x-extractor must be an object", hint: 'e.g. "x-extractor": { "name": "Invoice", "version": 2 }' });
  }
  for (const [key, value] of Object.entries(isPlainObject(raw) ? raw : {})) {
    const pointer = childPointer("/x-extractor", key);
    if (!Object.hasOwn(CHECKS, key)) {
      const near = closestMatch(key, Object.keys(CHECKS));
      diagnostics.push({
        code: "EG_EXTRACTOR_SETTINGS",
        severity: "warning",
        file,
        pointer,
        message: `unknown x-extractor key "${key}" is ignored`,
        hint: near ? `did you mean "${near}"?` : `known keys: ${Object.keys(CHECKS).join(", ")}`,
      });
      continue;
    }
    const problem = CHECKS[key as keyof ExtractorSettings](value);
    if (problem) {
      diagnostics.push({ code: "EG_EXTRACTOR_SETTINGS", severity: "error", file, pointer, message: `x-extractor.${key} ${problem} (found ${JSON.stringify(value)})`, hint: settingHint(key, value) });
      continue;
    }
    (settings as Record<string, unknown>)[key] = value;
  }
  if (settings.instructions === undefined && typeof root.description === "string") settings.instructions = root.description;
  const idVersion = typeof root.$id === "string" ? /\/v([1-9]\d*)\/?#?$/.exec(root.$id)?.[1] : undefined;
  return { settings, version: settings.version ?? (idVersion ? Number(idVersion) : 1), diagnostics };
}

function settingHint(key: string, value: unknown): string {
  if (key === "provider" && typeof value === "string") {
    const near = closestMatch(value, PROVIDERS);
    return near ? `did you mean "${near}"?` : `use one of ${PROVIDERS.join(", ")}`;
  }
  if (key === "version" && typeof value === "string" && /^\d+$/.test(value)) return `write the number without quotes: ${value}`;
  if (key === "temperature" && typeof value === "string") return "write a number without quotes, e.g. 0";
  return "x-extractor takes name, instructions, model (strings), provider, temperature (0-2) and version (integer >= 1)";
}

/** The config's project defaults, for the settings a schema leaves open. */
export interface ProjectDefaults {
  model: string | undefined;
  provider: string | undefined;
}

/** `settings` with the project defaults filled in where the schema says nothing (a copy). */
export function withProjectDefaults(settings: ExtractorSettings, defaults: ProjectDefaults | undefined): ExtractorSettings {
  const filled = { ...settings };
  if (filled.model === undefined && defaults?.model !== undefined) filled.model = defaults.model;
  if (filled.provider === undefined && defaults?.provider !== undefined) filled.provider = defaults.provider;
  return filled;
}
