/**
 * `extractgen generate [--schemas <dir|glob>] [--out <dir>] [--config <file>] [--ref-map <prefix>=<dir>]... [--quiet]`
 * (design.md §5): write the modules, index.ts and extractgen.lock.json. Exit 1 if any schema
 * failed (the others are still written), 2 for usage or configuration errors.
 */
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import { type GenerateOptions, generate } from "../generate.js";
import { parseRefMap } from "./lower.js";

/** The flags `generate` and `check` share. */
export interface GenerateArgs {
  schemas?: string;
  out?: string;
  config?: string;
  "ref-map": string[];
  quiet: boolean;
}

/** Declare the shared flags (same keys as extractgen.config.json). */
export function generateOptions(y: Argv): Argv<GenerateArgs> {
  return y
    .option("schemas", { type: "string", describe: "folder, file or glob of schema files (default: config, else schemas)" })
    .option("out", { type: "string", describe: "output folder (default: config, else src/extractors)" })
    .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
    .option("ref-map", { type: "string", array: true, default: [], describe: "resolve remote $refs under a URL prefix from a folder: <url-prefix>=<dir>" })
    .option("quiet", { type: "boolean", default: false, describe: "print errors only" }) as unknown as Argv<GenerateArgs>;
}

/** Flags as generate() options; a malformed --ref-map is a usage error (thrown, exit 2). */
export function toGenerateOptions(args: GenerateArgs, cwd: string): GenerateOptions {
  const refMap = parseRefMap(args["ref-map"]);
  return {
    cwd,
    ...(args.config !== undefined && { config: args.config }),
    ...(args.schemas !== undefined && { schemas: args.schemas }),
    ...(args.out !== undefined && { out: args.out }),
    ...(Object.keys(refMap).length > 0 && { refMap }),
  };
}

/** Print diagnostics to stderr (warnings unless quiet; info never) and return the exit code. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], quiet: boolean): 0 | 1 | 2 {
  for (const d of diagnostics) {
    if (d.severity === "error" || (d.severity === "warning" && !quiet)) process.stderr.write(`${formatDiagnostic(d)}\n`);
  }
  if (diagnostics.some((d) => d.code === "EG_CONFIG" && d.severity === "error")) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe: "write the extractor modules, index.ts and extractgen.lock.json",
  builder: generateOptions,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    const cwd = process.cwd();
    let options: GenerateOptions;
    try {
      options = toGenerateOptions(args, cwd);
    } catch (error) {
      process.stderr.write(`error: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    const result = await generate(options);
    const code = reportDiagnostics(result.diagnostics, args.quiet);
    if (result.config && !args.quiet) {
      const shown = (p: string): string => path.relative(cwd, p) || ".";
      const modules = result.files.filter((f) => f.path.endsWith(".ts")).length;
      const unchanged = result.files.length - result.written.length;
      process.stdout.write(`${modules} files in ${shown(result.config.out)}: ${result.written.length} written, ${unchanged} unchanged, ${result.removed.length} removed\n`);
      for (const file of result.written) process.stdout.write(`  wrote   ${shown(file)}\n`);
      for (const file of result.removed) process.stdout.write(`  removed ${shown(file)}\n`);
    }
    process.exitCode = code;
  },
};
