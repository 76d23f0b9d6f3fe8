/**
 * `extractgen check` (design.md §5, same options as generate): write nothing; list every stale,
 * missing and orphaned file and exit 1 when there is one, 0 when the output is up to date.
 */
import type { ArgumentsCamelCase, CommandModule } from "yargs";
import { tuneCompilerForBatch } from "./batch-compiler.js";
import type { CommandIO } from "./command-io.js";
import { type GenerateArgs, generateOptions, printDiagnostics, processIO, shown, toGenerateOptions } from "./generate.js";

/** Run `extractgen check`; returns the exit code (0 up to date, 1 out of date or a schema failed, 2 usage). */
export async function runCheck(args: GenerateArgs, io: CommandIO): Promise<number> {
  const options = toGenerateOptions(args, io);
  if (!options) return 2;
  const { check } = await import("../generate.js");
  const result = await check(options);
  const code = printDiagnostics(result.diagnostics, args.quiet === true, io);
  if (code === 2) return 2;
  const problems = [
    ...result.stale.map((f) => `stale     ${shown(io, f)}`),
    ...result.missing.map((f) => `missing   ${shown(io, f)}`),
    ...result.orphaned.map((f) => `orphaned  ${shown(io, f)}`),
  ];
  for (const line of problems) io.stdout(`${line}\n`);
  if (problems.length > 0) io.stdout(`${problems.length} generated file(s) out of date: run extractgen generate\n`);
  else if (args.quiet !== true) io.stdout("generated files are up to date\n");
  return problems.length > 0 ? 1 : code;
}

export const checkCommand: CommandModule<object, GenerateArgs> = {
  command: "check",
  describe: "fail when generated files are stale, missing or orphaned (writes nothing)",
  builder: generateOptions,
  handler: async (args: ArgumentsCamelCase<GenerateArgs>) => {
    tuneCompilerForBatch();
    process.exitCode = await runCheck(args, processIO());
  },
};
