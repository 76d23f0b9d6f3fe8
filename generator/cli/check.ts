/**
 * `extractgen check` (design.md §5, same options as generate): write nothing; list every stale,
 * missing and orphaned file and exit 1 when there is one, 0 when the output is up to date.
 */
import path from "node:path";
import type { ArgumentsCamelCase, CommandModule } from "yargs";
import { check } from "../generate.js";
import type { GenerateOptions } from "../generate.js";
import { type GenerateArgs, generateOptions, reportDiagnostics, toGenerateOptions } from "./generate.js";

export const checkCommand: CommandModule<object, GenerateArgs> = {
  command: "check",
  describe: "fail when generated files are stale, missing or orphaned (writes nothing)",
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
    const result = await check(options);
    const code = reportDiagnostics(result.diagnostics, args.quiet);
    if (code === 2) {
      process.exitCode = 2;
      return;
    }
    const shown = (p: string): string => path.relative(cwd, p) || p;
    const problems = [
      ...result.stale.map((f) => `stale     ${shown(f)}`),
      ...result.missing.map((f) => `missing   ${shown(f)}`),
      ...result.orphaned.map((f) => `orphaned  ${shown(f)}`),
    ];
    for (const line of problems) process.stdout.write(`${line}\n`);
    if (problems.length > 0) process.stdout.write(`${problems.length} generated file(s) out of date: run extractgen generate\n`);
    else if (!args.quiet) process.stdout.write("generated files are up to date\n");
    process.exitCode = problems.length > 0 ? 1 : code;
  },
};
