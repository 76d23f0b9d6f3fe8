/**
 * The corpus script's tsc runs: one process per run (own heap, as large as the output needs), its
 * errors read back by file from `--pretty false` output.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

export interface TscError {
  /** Path relative to the folder tsc ran in, `/`-separated. */
  file: string;
  /** `TS2353`, ... */
  code: string;
  /** The first line of the message, code included, cut at 200 characters. */
  message: string;
}

/** The compiler options generated code promises to compile under (design.md §4). */
const STRICT_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  types: [],
};

/**
 * Write `<name>.json` in `work` (strict options plus `options`, over `include`) and run tsc on it;
 * returns its errors.
 */
export async function runTsc(work: string, name: string, include: string[], options: Record<string, unknown>): Promise<TscError[]> {
  await writeFile(path.join(work, `${name}.json`), JSON.stringify({ compilerOptions: { ...STRICT_OPTIONS, ...options }, include }));
  const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
  const { stdout } = await promisify(execFile)(process.execPath, ["--max-old-space-size=8192", tsc, "-p", `${name}.json`, "--pretty", "false"], { cwd: work, maxBuffer: 256 * 1024 * 1024 }).catch(
    (error: { stdout?: string; message: string }) => {
      if (error.stdout === undefined) throw new Error(`tsc did not run: ${error.message}`);
      return { stdout: error.stdout };
    },
  );
  const errors: TscError[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    if (match?.[1] && match[2] && match[3] !== undefined) errors.push({ file: match[1], code: match[2], message: `${match[2]}: ${match[3]}`.slice(0, 200) });
  }
  return errors;
}

/**
 * TypeScript's excess-property errors: an object literal names a key its (closed) type does not
 * declare. TS2561 is the same check with a spelling suggestion.
 */
const EXCESS_PROPERTY_CODES = new Set(["TS2353", "TS2561"]);

/** True when every error of a file is an excess-property error (an undeclared key, nothing else reported). */
export function onlyExcessProperties(errors: readonly TscError[]): boolean {
  return errors.length > 0 && errors.every((e) => EXCESS_PROPERTY_CODES.has(e.code));
}
