/**
 * `extractgen lower <files...> --provider openai|gemini|anthropic [--ref-map <prefix>=<dir>]...`
 * (design.md §5): one JSON line per file, in order — `{ file, provider, mode, field?, schema,
 * losses }`, or `{ file, error }` for a file that cannot be loaded; exit 1 if any file failed,
 * 2 on bad arguments.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { formatDiagnostic } from "../diagnostics.js";
import { loadProject } from "../load/index.js";
import type { ExtractorSchema } from "../load/project.js";
import { lower } from "../lower/lower-extractor.js";
import type { Loss } from "../lower/losses.js";

export const LOWER_PROVIDERS = ["openai", "gemini", "anthropic"] as const;
export type LowerProvider = (typeof LOWER_PROVIDERS)[number];

/** One output line of `extractgen lower`. */
export type LowerLine =
  | { file: string; provider: LowerProvider; mode: string; field?: string; schema: unknown; losses: Loss[] }
  | { file: string; error: string };

export interface LowerFilesOptions {
  files: readonly string[];
  provider: LowerProvider;
  /** URL prefix -> folder, relative to `cwd`. */
  refMap: Record<string, string>;
  cwd: string;
}

/** Lower each file for one provider; a file that cannot be loaded gets an error line. */
export async function lowerFiles(options: LowerFilesOptions): Promise<LowerLine[]> {
  const lines: LowerLine[] = [];
  for (const file of options.files) {
    const { project, diagnostics } = await loadProject({ root: options.cwd, schemas: file, refMap: options.refMap });
    const errors = diagnostics.filter((d) => d.severity === "error");
    const extractor = project.extractors[0];
    if (errors.length > 0 || extractor === undefined) {
      const why = errors.length > 0 ? errors.map(formatDiagnostic).join("\n") : "no extractor in this file (a file whose name starts with _ is ref-only)";
      lines.push({ file, error: why });
      continue;
    }
    lines.push({ file, ...lowerFor(options.provider, extractor) });
  }
  return lines;
}

function lowerFor(provider: LowerProvider, extractor: ExtractorSchema): Omit<Extract<LowerLine, { mode: string }>, "file"> {
  const lowered = lower(extractor, provider);
  const field = "field" in lowered ? { field: lowered.field } : {};
  return { provider, mode: lowered.mode, ...field, schema: lowered.schema, losses: lowered.losses };
}

/** `prefix=dir` pairs as a map; throws a usage error naming the bad entry. */
export function parseRefMap(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf("=");
    if (at <= 0 || at === entry.length - 1) throw new Error(`--ref-map ${JSON.stringify(entry)}: expected <url-prefix>=<dir>, e.g. https://acme.dev/schemas/=schemas/shared`);
    out[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return out;
}

interface LowerArgs {
  files: string[];
  provider: LowerProvider;
  "ref-map": string[];
}

export const lowerCommand: CommandModule<object, LowerArgs> = {
  command: "lower <files...>",
  describe: "print each schema as a provider receives it (one JSON line per file)",
  builder: (y: Argv) =>
    y
      .positional("files", { type: "string", array: true, demandOption: true, describe: "schema files" })
      .option("provider", { choices: LOWER_PROVIDERS, demandOption: true, describe: "lowering target" })
      .option("ref-map", { type: "string", array: true, default: [], describe: "map a $ref URL prefix to a folder: <url-prefix>=<dir>" }) as unknown as Argv<LowerArgs>,
  handler: async (args: ArgumentsCamelCase<LowerArgs>) => {
    let refMap: Record<string, string>;
    try {
      refMap = parseRefMap(args["ref-map"]);
    } catch (e) {
      console.error((e as Error).message);
      process.exitCode = 2;
      return;
    }
    const lines = await lowerFiles({ files: args.files, provider: args.provider, refMap, cwd: process.cwd() });
    for (const line of lines) process.stdout.write(JSON.stringify(line) + "\n");
    if (lines.some((l) => "error" in l)) process.exitCode = 1;
  },
};
