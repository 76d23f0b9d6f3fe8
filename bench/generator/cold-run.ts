/**
 * One cold run of the generator benchmark (#8 item 3), in a fresh process: one tool over the first
 * N corpus schemas, then, as its last line, a JSON {@link ColdRun} with what it did, its CPU time
 * and its peak memory.
 *
 * argv: <tool> <N>
 *   extractgen  the generator stages merged so far, over the whole sample at once: load (read,
 *               check, resolve, normalise, name, bundle), lower (three providers + restore plans),
 *               validator code (Ajv standalone, as generator/validate makes it). Types and emit are
 *               not merged yet (generator/emit, #8 notes in bench/RESULTS.md).
 *   jsts-format json-schema-to-typescript `compile` per schema, with its Prettier formatting
 *   jsts-plain  the same with `format: false`
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { compile } from "json-schema-to-typescript";
import { loadProject } from "../../generator/load/index.js";
import { lowerExtractor } from "../../generator/lower/index.js";
import { CORPUS_DIR, CORPUS_REF_MAP, CORPUS_REFS_DIR, CORPUS_SCHEMAS_DIR, corpusSchemaFiles } from "../corpus.js";
import { standaloneValidatorCode } from "../precompile/standalone-validator.js";

export type Tool = "extractgen" | "jsts-format" | "jsts-plain";

/** What a cold run prints. */
export interface ColdRun {
  schemas: number;
  /** Schemas the tool failed on (it went on with the others). */
  failed: number;
  cpuMs: number;
  maxRssMb: number;
}

const [tool, limit = "Infinity"] = process.argv.slice(2) as [Tool, string?];
const files = corpusSchemaFiles(Number(limit));

async function runExtractgen(): Promise<number> {
  // Only the selected files are listed; `$ref`s to others still resolve through refs/.
  const { project, diagnostics } = await loadProject({ root: CORPUS_DIR, schemas: "schemas", refMap: { ...CORPUS_REF_MAP }, listFiles: async () => files });
  const failedFiles = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  for (const extractor of project.extractors) {
    lowerExtractor(extractor);
    try {
      standaloneValidatorCode(extractor.schema);
    } catch {
      failedFiles.add(extractor.file);
    }
  }
  return failedFiles.size;
}

/** Meta-schemas some corpus schemas `$ref` (the copies Ajv ships). */
const META_SCHEMAS: Readonly<Record<string, string>> = {
  "http://json-schema.org/draft-07/schema": "node_modules/ajv/dist/refs/json-schema-draft-07.json",
  "http://json-schema.org/draft-06/schema": "node_modules/ajv/dist/refs/json-schema-draft-06.json",
  "http://json-schema.org/draft-04/schema": "node_modules/ajv-draft-04/dist/refs/json-schema-draft-04.json",
};

/**
 * `$ref`s of corpus schemas: local files if they exist, meta-schemas from Ajv, else SchemaStore's
 * by name from refs/ (what extractgen's refMap does), never the network.
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
  let failed = 0;
  for (const file of files) {
    try {
      const schema = JSON.parse(readFileSync(file, "utf8")) as Parameters<typeof compile>[0];
      await compile(schema, basename(file, ".json"), {
        format,
        bannerComment: "",
        cwd: `${CORPUS_SCHEMAS_DIR}/`,
        $refOptions: { resolve: { http: false, corpus: corpusResolver } as never },
      });
    } catch {
      failed++;
    }
  }
  return failed;
}

const failed = tool === "extractgen" ? await runExtractgen() : await runJsts(tool === "jsts-format");
const usage = process.resourceUsage();
const result: ColdRun = { schemas: files.length, failed, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMb: usage.maxRSS / 1024 };
// Last line: json-schema-to-typescript logs schema warnings to the console.
process.stdout.write(`\n${JSON.stringify(result)}\n`);
