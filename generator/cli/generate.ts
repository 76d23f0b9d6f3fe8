/**
 * `extractgen generate [--schemas <dir|glob>] [--out <dir>] [--config <file>] [--ref-map <prefix>=<dir>]... [--quiet]`
 * (design.md §5): write the modules, index.ts and extractgen.lock.json. Exit 1 if any schema
 * failed (the others are still written), 2 for usage or configuration errors.
 */
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import type { GenerateOptions } from "../generate.js";
import type { CommandIO } from "./diff.js";
import { parseRefMap } from "./lower.js";

/** The flags `generate` and `check` share (the keys of extractgen.config.json). */
export interface GenerateArgs {
  schemas?: string | undefined;
  out?: string | undefined;
  config?: string | undefined;
  refMap?: string[] | undefined;
  quiet?: boolean | undefined;
}

/** Declare the shared flags. */
export function generateOptions(y: Argv): Argv<GenerateArgs> {
  return y
    .option("schemas", { type: "string", describe: "folder, file or glob of schema files (default: config, else schemas)" })
    .option("out", { type: "string", describe: "output folder (default: config, else src/extractors)" })
    .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
    .option("ref-map", { type: "string", array: true, describe: "resolve remote $refs under a URL prefix from a folder: <url-prefix>=<dir>" })
    .option("quiet", { type: "boolean", default: false, describe: "print errors only" }) as unknown as Argv<GenerateArgs>;
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
  // Loaded here, not at the top: the other commands do not pay for the generator's dependencies.
  const { generate } = await import("../generate.js");
  const result = await generate(options);
  const code = printDiagnostics(result.diagnostics, args.quiet === true, io);
  if (result.config && args.quiet !== true) {
    const unchanged = result.files.length - result.written.length;
    io.stdout(`${result.files.length} files (out: ${shown(io, result.config.out)}): ${result.written.length} written, ${unchanged} unchanged, ${result.removed.length} removed\n`);
    for (const file of result.written) io.stdout(`  wrote    ${shown(io, file)}\n`);
    for (const file of result.removed) io.stdout(`  removed  ${shown(io, file)}\n`);
  }
  return code;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: "generate",
  describe: "write the extractor modules, index.ts and extractgen.lock.json",
  builder: generateOptions,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    process.exitCode = await runGenerate(args, processIO());
  },
};

/** The real process: working directory, stdout, stderr. */
export function processIO(): CommandIO {
  return { cwd: process.cwd(), stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) };
}
