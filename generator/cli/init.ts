/**
 * `extractgen init [--schemas <dir>] [--out <dir>]` (design.md §5): start a project — the config
 * file, a sample schema, and `codegen` / `codegen:check` scripts in package.json. Never
 * overwrites: whatever exists is left alone and named as skipped.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";
import { CONFIG_FILE } from "../config.js";
import type { CommandIO } from "./command-io.js";

export interface InitArgs {
  schemas: string;
  out: string;
}

/** What init writes, as data (no I/O): the files and the package.json scripts. */
export interface InitPlan {
  files: { path: string; content: string }[];
  scripts: Record<string, string>;
}

export const SAMPLE_SCHEMA_FILE = "invoice.schema.json";

/** The scaffold for `schemas` and `out` (paths relative to the project folder). */
export function planInit(args: InitArgs): InitPlan {
  const config = { schemas: args.schemas, out: args.out };
  return {
    files: [
      { path: CONFIG_FILE, content: `${JSON.stringify(config, null, 2)}\n` },
      { path: path.posix.join(args.schemas, SAMPLE_SCHEMA_FILE), content: `${JSON.stringify(SAMPLE_SCHEMA, null, 2)}\n` },
    ],
    scripts: { "codegen": "extractgen generate", "codegen:check": "extractgen check" },
  };
}

/**
 * A sample that shows what a schema file carries: extractor settings and a version, a definition
 * referenced twice, an enum, an optional nullable field, constraints the validator enforces.
 */
const SAMPLE_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "Invoice",
  description: "An invoice as printed on paper or in a PDF.",
  "x-extractor": {
    name: "Invoice",
    version: 1,
    instructions: "Extract the invoice from the document. Use null for a due date that is not printed.",
  },
  type: "object",
  properties: {
    number: { type: "string", description: "The invoice number as printed.", minLength: 1 },
    issued: { type: "string", format: "date", description: "Issue date, YYYY-MM-DD." },
    due: { type: ["string", "null"], format: "date", description: "Due date, YYYY-MM-DD, or null." },
    currency: { type: "string", enum: ["EUR", "USD", "GBP"] },
    seller: { $ref: "#/$defs/Party" },
    buyer: { $ref: "#/$defs/Party" },
    lines: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          description: { type: "string" },
          quantity: { type: "number", exclusiveMinimum: 0 },
          unitPrice: { type: "number" },
        },
        required: ["description", "quantity", "unitPrice"],
      },
    },
    total: { type: "number", description: "Total including tax." },
  },
  required: ["number", "issued", "currency", "seller", "buyer", "lines", "total"],
  $defs: {
    Party: {
      type: "object",
      properties: {
        name: { type: "string" },
        vatId: { type: "string", description: "VAT identification number, if printed." },
      },
      required: ["name"],
    },
  },
};

export const initCommand: CommandModule<object, InitArgs> = {
  command: "init",
  describe: "create extractgen.config.json, a sample schema and the codegen scripts (never overwrites)",
  builder: (y: Argv) =>
    y
      .option("schemas", { type: "string", default: "schemas", describe: "schema folder to create" })
      .option("out", { type: "string", default: "src/extractors", describe: "output folder for generated modules" }) as unknown as Argv<InitArgs>,
  handler: async (args: ArgumentsCamelCase<InitArgs>) => {
    process.exitCode = await runInit(args, {
      cwd: process.cwd(),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
  },
};

/** Apply the plan in `io.cwd`, one line per file or script: created, added or skipped (and why). */
export async function runInit(args: InitArgs, io: CommandIO): Promise<number> {
  const plan = planInit(args);
  for (const file of plan.files) {
    const abs = path.join(io.cwd, ...file.path.split("/"));
    try {
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, file.content, { flag: "wx" }); // wx: fail rather than overwrite
      io.stdout(`created  ${file.path}\n`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      io.stdout(`skipped  ${file.path} (it exists)\n`);
    }
  }
  const code = await addScripts(plan.scripts, io);
  io.stdout(`next: npm run codegen  (writes ${args.out}; commit it with extractgen.lock.json)\n`);
  return code;
}

/** Add each script package.json lacks; keep the file's indentation. */
async function addScripts(scripts: Record<string, string>, io: CommandIO): Promise<number> {
  const file = path.join(io.cwd, "package.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    const lines = Object.entries(scripts).map(([name, command]) => `"${name}": "${command}"`).join(", ");
    io.stdout(`skipped  package.json scripts (no package.json here): add ${lines}\n`);
    return 0;
  }
  let pkg: { scripts?: unknown };
  try {
    pkg = JSON.parse(text) as { scripts?: unknown };
  } catch (e) {
    io.stderr(`error: package.json is not valid JSON (${(e as Error).message}); scripts not added\n  hint: fix package.json, then run extractgen init again\n`);
    return 1;
  }
  const existing = typeof pkg.scripts === "object" && pkg.scripts !== null ? (pkg.scripts as Record<string, unknown>) : {};
  const added: string[] = [];
  for (const [name, command] of Object.entries(scripts)) {
    if (existing[name] === undefined) {
      existing[name] = command;
      added.push(name);
    } else if (existing[name] === command) io.stdout(`skipped  script ${name} (already there)\n`);
    else io.stdout(`skipped  script ${name} (package.json has ${JSON.stringify(existing[name])}; wanted ${JSON.stringify(command)})\n`);
  }
  if (added.length === 0) return 0;
  pkg.scripts = existing;
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
  await writeFile(file, `${JSON.stringify(pkg, null, indent)}\n`);
  io.stdout(`added    script${added.length === 1 ? "" : "s"} ${added.join(", ")} to package.json\n`);
  return 0;
}
