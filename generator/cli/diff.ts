import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type ResolvedConfig, loadConfig } from "../config.js";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import { diffAgainstRef, diffFiles } from "../diff/diff-project.js";
import { GitTreeError } from "../diff/git-tree.js";
import { renderDiffJson, renderDiffText } from "../diff/render.js";
import { blockedDiagnostics } from "../diff/report.js";
import type { CommandIO } from "./command-io.js";
import { parseRefMap } from "./ref-map.js";

/** The options of `extractgen diff` (design.md §5). */
export interface DiffArgs {
  old?: string | undefined;
  new?: string | undefined;
  base?: string | undefined;
  schemas?: string | undefined;
  config?: string | undefined;
  refMap?: string[] | undefined;
  json?: boolean | undefined;
}



/** `extractgen diff <old> <new>` / `extractgen diff --base <git-ref>`: schema compatibility. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: "diff [old] [new]",
  describe: "say which schema changes break consumers: two files, or the working tree against a git ref",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("old", { type: "string", describe: "old schema file" })
      .positional("new", { type: "string", describe: "new schema file" })
      .option("base", { type: "string", describe: "git ref to compare every schema of the working tree with (e.g. origin/main)" })
      .option("schemas", { type: "string", describe: "schema folder, file or glob (default: config, else schemas)" })
      .option("config", { type: "string", describe: "config file (default: extractgen.config.json if present)" })
      .option("ref-map", { type: "string", array: true, describe: "<url-prefix>=<dir>: resolve remote $refs from a folder" })
      .option("json", { type: "boolean", describe: "print the report as JSON" })
      .example("$0 diff schemas/invoice.v1.json schemas/invoice.json", "compare two files")
      .example("$0 diff --base origin/main", "compare every schema with origin/main (CI)") as unknown as Argv<DiffArgs>,
  handler: async (argv: ArgumentsCamelCase<DiffArgs>) => {
    process.exitCode = await runDiff(argv, {
      cwd: process.cwd(),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
  },
};

/**
 * Run `extractgen diff`: print the report, the reasons for failing, and return the exit code:
 * 0 nothing blocks, 1 a breaking change without a higher version (or a schema that fails to
 * load), 2 a usage, configuration or git problem (no schema where the arguments point).
 */
export async function runDiff(args: DiffArgs, io: CommandIO): Promise<number> {
  const usage = (message: string, hint: string) => {
    io.stderr(`error: ${message}\n  hint: ${hint}\n`);
    return 2;
  };
  const twoFiles = args.old !== undefined || args.new !== undefined;
  if (args.base !== undefined && twoFiles) return usage("give either two files or --base, not both", "extractgen diff <old> <new>  |  extractgen diff --base <git-ref>");
  if (args.base === undefined && (args.old === undefined || args.new === undefined)) {
    return usage("nothing to compare", "extractgen diff <old> <new>  |  extractgen diff --base <git-ref>");
  }
  let flagRefMap: Record<string, string>;
  try {
    flagRefMap = parseRefMap(args.refMap ?? []);
  } catch (e) {
    return usage((e as Error).message, "--ref-map https://acme.dev/schemas/=schemas/shared");
  }
  // The same config file and keys generate reads; only schemas and refMap matter here.
  const { config, diagnostics: configProblems } = await loadConfig(io.cwd, args.config, {
    ...(args.schemas !== undefined && { schemas: args.schemas }),
    ...(Object.keys(flagRefMap).length > 0 && { refMap: flagRefMap }),
  });
  if (!config) {
    for (const d of configProblems) io.stderr(`${formatDiagnostic(d)}\n`);
    return 2;
  }

  let report;
  try {
    report = args.base !== undefined
      ? await diffAgainstRef({ root: config.root, schemas: config.schemas, refMap: config.refMap, base: args.base })
      : await diffFiles(args.old!, args.new!, { cwd: io.cwd, refMap: absoluteRefMap(config) });
  } catch (e) {
    if (!(e instanceof GitTreeError)) throw e;
    io.stderr(`${formatDiagnostic({ code: "EG_GIT", severity: "error", message: e.message, hint: "run inside the repository and name a ref that exists locally (in CI, fetch it first: git fetch origin main)" })}\n`);
    return 2;
  }
  const problems: Diagnostic[] = [...report.diagnostics.filter((d) => d.severity !== "info"), ...blockedDiagnostics(report)];
  for (const d of problems) io.stderr(`${formatDiagnostic(d)}\n`);
  io.stdout(args.json ? renderDiffJson(report) : renderDiffText(report, /* withFiles */ args.base !== undefined));
  // Nothing found where the user pointed (a wrong path or --schemas) is a usage error, not a verdict.
  const nothingThere = report.diagnostics.some((d) => d.code === "EG_NO_SCHEMAS") && (twoFiles || report.schemas.length === 0);
  if (nothingThere) return 2;
  return hasErrors(problems) ? 1 : 0;
}

/**
 * Two files given on the command line load from their own folders: the config's refMap folders
 * (relative to the project root) become absolute so they resolve from there.
 */
function absoluteRefMap(config: ResolvedConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(config.refMap).map(([prefix, folder]) => [prefix, path.resolve(config.root, folder)]));
}
