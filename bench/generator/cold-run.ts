/**
 * One cold run of the generator benchmark (#8 item 3), in a fresh process: one tool over the
 * schema files of a folder, then, as its last line of output, a JSON {@link ColdRun} with its CPU
 * time and peak memory.
 *
 * argv: <tool> <schemas folder> <project folder>
 *   extractgen   `extractgen generate` (the CLI, as `npx extractgen generate` runs it) in the project
 *                folder: types, extractors, validators, index.ts and the lock file, into out/
 *   jsts-format  json-schema-to-typescript `compile` per schema, with its Prettier formatting
 *   jsts-plain   the same with `format: false`
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { CORPUS_REFS_DIR } from "../corpus.js";

export type Tool = "extractgen" | "jsts-format" | "jsts-plain";

/** What a cold run prints. */
export interface ColdRun {
  cpuMs: number;
  maxRssMb: number;
  /** Schemas json-schema-to-typescript failed on (it went on with the others). */
  failed?: number;
}

const [tool, schemasDir = "", projectDir = ""] = process.argv.slice(2) as [Tool, string?, string?];

/** Meta-schemas some corpus schemas `$ref` (the copies Ajv ships). */
const META_SCHEMAS: Readonly<Record<string, string>> = {
  "http://json-schema.org/draft-07/schema": "node_modules/ajv/dist/refs/json-schema-draft-07.json",
  "http://json-schema.org/draft-06/schema": "node_modules/ajv/dist/refs/json-schema-draft-06.json",
  "http://json-schema.org/draft-04/schema": "node_modules/ajv-draft-04/dist/refs/json-schema-draft-04.json",
};

/**
 * `$ref`s of corpus schemas for json-schema-to-typescript: local files if they exist, meta-schemas
 * from Ajv, else SchemaStore's by name from refs/ (what extractgen's --ref-map does), never the
 * network.
 */
const corpusResolver = {
  order: 1,
  canRead: true,
  read(file: { url: string }): string {
    if (!/^https?:/i.test(file.url) && existsSync(file.url)) return readFileSync(file.url, "utf8");
    const meta = META_SCHEMAS[file.url.replace(/#.*$/, "")];
    if (meta !== undefined) return readFileSync(meta, "utf8");
    const name = basename(file.url.replace(/[?#].*$/, ""));
    for (const candidate of [name, `${name}.json`]) {
      const path = join(CORPUS_REFS_DIR, candidate);
      if (existsSync(path)) return readFileSync(path, "utf8");
    }
    throw new Error(`no local copy of ${file.url}`);
  },
};

async function runJsts(format: boolean): Promise<number> {
  const { compile } = await import("json-schema-to-typescript");
  let failed = 0;
  for (const name of readdirSync(schemasDir).filter((f) => f.endsWith(".json")).sort()) {
    try {
      const schema = JSON.parse(readFileSync(join(schemasDir, name), "utf8")) as Parameters<typeof compile>[0];
      await compile(schema, basename(name, ".json"), {
        format,
        bannerComment: "",
        cwd: `${schemasDir}/`,
        $refOptions: { resolve: { http: false, corpus: corpusResolver } as never },
      });
    } catch {
      failed++;
    }
  }
  return failed;
}

function report(failed?: number): void {
  const usage = process.resourceUsage();
  const result: ColdRun = { cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024, ...(failed !== undefined && { failed }) };
  // Last line: both tools may print diagnostics first.
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

if (tool === "extractgen") {
  process.chdir(projectDir);
  process.argv = [process.argv[0] ?? "node", "extractgen", "generate", "--schemas", schemasDir, "--out", "out", "--ref-map", `https://json.schemastore.org/=${CORPUS_REFS_DIR}`, "--quiet"];
  process.on("exit", () => report());
  await import("../../generator/cli/main.js");
} else {
  report(await runJsts(tool === "jsts-format"));
}
