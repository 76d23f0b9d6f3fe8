/**
 * `extractgen generate [--schemas <dir|glob>] [--out <dir>] [--config <file>] [--ref-map <prefix>=<dir>]... [--quiet]`
 * (design.md §5): write the modules, index.ts and extractgen.lock.json. Exit 1 if any schema
 * failed (the others are still written), 2 for usage or configuration errors.
 */
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import { loadConfig } from "../config.js";
import type { GenerateOptions, GenerateResult } from "../generate.js";
import { findUpToDateOutput } from "../incremental/up-to-date.js";
import { parseRefMap } from "./ref-map.js";

/** The flags `generate` and `check` share. */
export interface GenerateArgs {
  schemas?: string;
  out?: string;
  config?: string;
  "ref-map": string[];
  quiet: boolean;
  force: boolean;
  watch?: boolean;
}

/** Declare the shared flags (same keys as extractgen.config.json). */
export function generateOptions(y: Argv): Argv<GenerateArgs> {
  return y
    .option("schemas", { type: "string", describe: "folder, file or glob of schema files (default: config, else schemas)" })
    .option("out", { type: "string", describe: "output folder (default: config, else src/extractors)" })
    .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
    .option("ref-map", { type: "string", array: true, default: [], describe: "resolve remote $refs under a URL prefix from a folder: <url-prefix>=<dir>" })
    .option("quiet", { type: "boolean", default: false, describe: "print errors only" })
    .option("force", { type: "boolean", default: false, describe: "build every module again, whatever extractgen.lock.json says" }) as unknown as Argv<GenerateArgs>;
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
    ...(args.force && { force: true }),
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

/**
 * `generate --watch`: one line per run (`regenerated ...`, `up to date ...`, `failed ...`), the
 * errors of a failed run above it; runs until Ctrl-C.
 */
async function watchUntilInterrupted(options: GenerateOptions, quiet: boolean, cwd: string): Promise<number> {
  const { watchGenerate } = await import("../watch/watch-generate.js");
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  const shown = (p: string): string => path.relative(cwd, p) || ".";
  await watchGenerate(options, {
    onRun(result, elapsedMs, changed) {
      const errors = result.diagnostics.filter((d) => d.severity === "error");
      reportDiagnostics(result.diagnostics, quiet);
      const trigger = changed.length > 0 ? ` after ${changed.map(shown).join(", ")} changed` : "";
      const timing = `in ${Math.round(elapsedMs)} ms${trigger}`;
      if (errors.length > 0) process.stdout.write(`failed: ${errors.length} error${errors.length === 1 ? "" : "s"}, ${result.written.length} written ${timing}\n`);
      else if (result.written.length + result.removed.length > 0) {
        const files = [...result.written, ...result.removed].map(shown).join(", ");
        process.stdout.write(`regenerated ${files} ${timing}\n`);
      } else if (!quiet) process.stdout.write(`up to date ${timing}\n`);
    },
    onError(error) {
      process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    },
  }, stop.signal);
  return 0;
}

/**
 * The no-op answer, found before the pipeline (load, types, validate, lower, emit) is even
 * imported: with nothing changed, `generate` finishes in the time it takes to hash the inputs.
 */
async function upToDate(options: GenerateOptions): Promise<GenerateResult | undefined> {
  if (options.force) return undefined;
  const { cwd, config: configFile, force: _force, ...flags } = options;
  const { config } = await loadConfig(cwd ?? process.cwd(), configFile, flags);
  const found = config ? await findUpToDateOutput(config) : undefined;
  return config && found ? { config, files: found.files, written: [], removed: [], diagnostics: found.diagnostics } : undefined;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe: "write the extractor modules, index.ts and extractgen.lock.json",
  builder: (y: Argv) => generateOptions(y).option("watch", { type: "boolean", default: false, describe: "keep running: generate again after every schema save" }) as unknown as Argv<GenerateArgs>,
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
    if (args.watch) {
      process.exitCode = await watchUntilInterrupted(options, args.quiet, cwd);
      return;
    }
    const result = (await upToDate(options)) ?? (await (await import("../generate.js")).generate(options));
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
