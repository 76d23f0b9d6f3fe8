/**
 * `extractgen generate [--schemas <dir|glob>] [--out <dir>] [--config <file>] [--ref-map <prefix>=<dir>]... [--watch] [--force] [--quiet]`
 * (design.md §5): write the modules, index.ts and extractgen.lock.json. Exit 1 if any schema
 * failed (the others are still written), 2 for usage or configuration errors. With nothing
 * changed since the last run it answers from extractgen.lock.json (generator/incremental).
 */
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import { loadConfig } from "../config.js";
import type { GenerateOptions, GenerateResult } from "../generate.js";
import { findUpToDateOutput } from "../incremental/up-to-date.js";
import { tuneCompilerForBatch } from "./batch-compiler.js";
import type { CommandIO } from "./command-io.js";
import { parseRefMap } from "./ref-map.js";

/** The flags `generate` and `check` share (the keys of extractgen.config.json). */
export interface GenerateArgs {
  schemas?: string | undefined;
  out?: string | undefined;
  config?: string | undefined;
  refMap?: string[] | undefined;
  quiet?: boolean | undefined;
  force?: boolean | undefined;
  watch?: boolean | undefined;
}

/** Declare the shared flags. */
export function generateOptions(y: Argv): Argv<GenerateArgs> {
  return y
    .option("schemas", { type: "string", describe: "folder, file or glob of schema files (default: config, else schemas)" })
    .option("out", { type: "string", describe: "output folder (default: config, else src/extractors)" })
    .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
    .option("ref-map", { type: "string", array: true, describe: "resolve remote $refs under a URL prefix from a folder: <url-prefix>=<dir>" })
    .option("quiet", { type: "boolean", default: false, describe: "print errors only" })
    .option("force", { type: "boolean", default: false, describe: "build every module again, whatever extractgen.lock.json says" }) as unknown as Argv<GenerateArgs>;
}

/**
 * Flags as generate() options. A malformed --ref-map is a usage error: `undefined` after printing
 * it (the caller exits 2).
 */
export function toGenerateOptions(args: GenerateArgs, io: CommandIO): GenerateOptions | undefined {
  let refMap: Record<string, string>;
  try {
    refMap = parseRefMap(args.refMap ?? []);
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n`);
    return undefined;
  }
  return {
    cwd: io.cwd,
    ...(args.config !== undefined && { config: args.config }),
    ...(args.schemas !== undefined && { schemas: args.schemas }),
    ...(args.out !== undefined && { out: args.out }),
    ...(Object.keys(refMap).length > 0 && { refMap }),
    ...(args.force === true && { force: true }),
  };
}

/**
 * Print diagnostics (errors always; warnings and lowering losses unless quiet, then one summary line
 * per provider; other info never); return the exit code.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], quiet: boolean, io: CommandIO): 0 | 1 | 2 {
  for (const d of diagnostics) {
    if (d.severity === "error" || (d.severity === "warning" && !quiet)) io.stderr(`${formatDiagnostic(d)}\n`);
  }
  if (!quiet) printLosses(diagnostics, io);
  if (diagnostics.some((d) => d.code === "EG_CONFIG" && d.severity === "error")) return 2;
  return hasErrors(diagnostics) ? 1 : 0;
}

const LOSS_PREFIX = "EG_LOWER_";
const LOWERING_TARGETS = ["openai", "gemini", "anthropic"] as const;

/**
 * Lowering losses are info diagnostics in the core; the CLI shows them as warnings (#3): each one,
 * then per provider how many constraints it cannot enforce and how many schemas fell back to a
 * weaker mode. Loss messages start with the provider name.
 */
function printLosses(diagnostics: readonly Diagnostic[], io: CommandIO): void {
  const losses = diagnostics.filter((d) => d.code.startsWith(LOSS_PREFIX));
  if (losses.length === 0) return;
  for (const d of losses) io.stderr(`${formatDiagnostic({ ...d, severity: "warning" })}\n`);
  for (const target of LOWERING_TARGETS) {
    const mine = losses.filter((d) => d.message.startsWith(`${target}:`));
    const fallbacks = mine.filter((d) => d.code === "EG_LOWER_MODE_FALLBACK").length;
    io.stderr(`${target}: ${mine.length} constraint(s) not enforced by the provider (still validated locally), ${fallbacks} schema(s) in a weaker mode\n`);
  }
}

/** A path as the user sees it: relative to the working directory. */
export function shown(io: CommandIO, file: string): string {
  return path.relative(io.cwd, file) || ".";
}

/** Run `extractgen generate`; returns the exit code (0, 1 a schema failed, 2 usage or config). */
export async function runGenerate(args: GenerateArgs, io: CommandIO): Promise<number> {
  const options = toGenerateOptions(args, io);
  if (!options) return 2;
  if (args.watch === true) return runWatch(options, args.quiet === true, io);
  // Loaded here, not at the top, and only when the lock cannot answer: the other commands and a
  // run with nothing to do do not pay for the generator's dependencies.
  const result = (await upToDate(options)) ?? (await (await import("../generate.js")).generate(options));
  const code = printDiagnostics(result.diagnostics, args.quiet === true, io);
  if (result.config && args.quiet !== true) {
    const unchanged = result.files.length - result.written.length;
    io.stdout(`${result.files.length} files (out: ${shown(io, result.config.out)}): ${result.written.length} written, ${unchanged} unchanged, ${result.removed.length} removed\n`);
    for (const file of result.written) io.stdout(`  wrote    ${shown(io, file)}\n`);
    for (const file of result.removed) io.stdout(`  removed  ${shown(io, file)}\n`);
  }
  return code;
}

/**
 * The no-op answer, found before the pipeline (load, types, validate, lower, emit) is imported:
 * with nothing changed, `generate` finishes in the time it takes to check the lock's hashes.
 */
async function upToDate(options: GenerateOptions): Promise<GenerateResult | undefined> {
  if (options.force) return undefined;
  const { cwd, config: configFile, force: _force, ...flags } = options;
  const { config } = await loadConfig(cwd ?? process.cwd(), configFile, flags);
  const found = config ? await findUpToDateOutput(config) : undefined;
  return config && found ? { config, files: found.files, written: [], removed: [], diagnostics: found.diagnostics } : undefined;
}

/**
 * `generate --watch`: one line per run (`regenerated ...`, `up to date ...`, `failed ...`), the
 * diagnostics of the run above it; runs until SIGINT or SIGTERM.
 */
async function runWatch(options: GenerateOptions, quiet: boolean, io: CommandIO): Promise<number> {
  const { watchGenerate } = await import("../watch/watch-generate.js");
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  process.once("SIGTERM", () => stop.abort());
  await watchGenerate(options, {
    onRun(result, elapsedMs, changed) {
      printDiagnostics(result.diagnostics, quiet, io);
      const errors = result.diagnostics.filter((d) => d.severity === "error").length;
      const trigger = changed.length > 0 ? ` after ${changed.map((f) => shown(io, f)).join(", ")} changed` : "";
      const timing = `in ${Math.round(elapsedMs)} ms${trigger}`;
      const touched = [...result.written, ...result.removed].map((f) => shown(io, f));
      if (errors > 0) io.stdout(`failed: ${errors} error${errors === 1 ? "" : "s"}, ${result.written.length} written ${timing}\n`);
      else if (touched.length > 0) io.stdout(`regenerated ${touched.join(", ")} ${timing}\n`);
      else if (!quiet) io.stdout(`up to date ${timing}\n`);
    },
    onError(error) {
      io.stderr(`error: ${(error as Error).stack ?? String(error)}\n`);
    },
  }, stop.signal);
  return 0;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe: "write the extractor modules, index.ts and extractgen.lock.json",
  builder: (y: Argv) => generateOptions(y).option("watch", { type: "boolean", default: false, describe: "keep running: generate again after every schema save" }) as unknown as Argv<GenerateArgs>,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    // Not for --watch: a long-running process gains from TurboFan's inlining.
    if (args.watch !== true) tuneCompilerForBatch();
    process.exitCode = await runGenerate(args, processIO());
  },
};

/** The real process: working directory, stdout, stderr. */
export function processIO(): CommandIO {
  return { cwd: process.cwd(), stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) };
}
