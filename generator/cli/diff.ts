import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { type Diagnostic, formatDiagnostic, hasErrors } from "../diagnostics.js";
import { diffAgainstRef, diffFiles } from "../diff/diff-project.js";
import { GitTreeError } from "../diff/git-tree.js";
import { renderDiffJson, renderDiffText } from "../diff/render.js";
import { blockedDiagnostics } from "../diff/report.js";

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

/** Where a command reads and writes: the process, or a test's buffers. */
export interface CommandIO {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const DEFAULT_CONFIG_FILE = "extractgen.config.json";
const DEFAULT_SCHEMAS = "schemas";

/** `extractgen diff <old> <new>` / `extractgen diff --base <git-ref>`: schema compatibility. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: "diff [old] [new]",
  describe: "say which schema changes break consumers: two files, or the working tree against a git ref",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("old", { type: "string", describe: "old schema file" })
      .positional("new", { type: "string", describe: "new schema file" })
      .option("base", { type: "string", describe: "git ref to compare every schema of the working tree with (e.g. origin/main)" })
      .option("schemas", { type: "string", describe: `schema folder, file or glob (default: config, else ${DEFAULT_SCHEMAS})` })
      .option("config", { type: "string", describe: `config file (default: ${DEFAULT_CONFIG_FILE} if present)` })
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
  const config = await readDiffConfig(args, io.cwd);
  if ("error" in config) return usage(config.error, config.hint);

  let report;
  try {
    report = args.base !== undefined
      ? await diffAgainstRef({ root: config.root, schemas: config.schemas, refMap: config.refMap, base: args.base })
      : await diffFiles(args.old!, args.new!, { cwd: io.cwd, refMap: config.refMap });
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

interface DiffConfig {
  root: string;
  schemas: string;
  refMap: Record<string, string>;
}

/**
 * The keys `diff` needs from `extractgen.config.json` and the flags (flags win): `schemas` and
 * `refMap`. The project root is the config file's folder, else the working directory.
 */
async function readDiffConfig(args: DiffArgs, cwd: string): Promise<DiffConfig | { error: string; hint: string }> {
  const configPath = path.resolve(cwd, args.config ?? DEFAULT_CONFIG_FILE);
  let file: { schemas?: unknown; refMap?: unknown } = {};
  let text: string | undefined;
  try {
    text = await readFile(configPath, "utf8");
  } catch (e) {
    if (args.config !== undefined) return { error: `cannot read config ${args.config}: ${(e as Error).message}`, hint: "pass an existing file to --config" };
  }
  if (text !== undefined) {
    try {
      file = JSON.parse(text) as typeof file;
    } catch (e) {
      return { error: `${path.relative(cwd, configPath) || configPath} is not valid JSON: ${(e as Error).message}`, hint: "fix the config file's syntax" };
    }
  }
  const refMap: Record<string, string> = {};
  if (file.refMap !== undefined) {
    if (typeof file.refMap !== "object" || file.refMap === null || Object.values(file.refMap).some((v) => typeof v !== "string")) {
      return { error: "config refMap must map URL prefixes to folders", hint: '"refMap": { "https://acme.dev/schemas/": "schemas/shared" }' };
    }
    Object.assign(refMap, file.refMap);
  }
  for (const entry of args.refMap ?? []) {
    const at = entry.indexOf("=");
    if (at <= 0 || at === entry.length - 1) return { error: `--ref-map ${JSON.stringify(entry)} is not <url-prefix>=<dir>`, hint: "--ref-map https://acme.dev/=schemas/shared" };
    refMap[entry.slice(0, at)] = entry.slice(at + 1);
  }
  if (file.schemas !== undefined && typeof file.schemas !== "string") return { error: "config schemas must be a string", hint: '"schemas": "schemas"' };
  return {
    root: text !== undefined ? path.dirname(configPath) : cwd,
    schemas: args.schemas ?? (file.schemas as string | undefined) ?? DEFAULT_SCHEMAS,
    refMap,
  };
}
