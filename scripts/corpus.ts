/**
 * `npm run corpus`: generate ../shared/corpus/schemastore (see its README) and measure the output
 * (issue 2, "Real-world corpus"):
 * 1. schemas generated: a module with a spec (types, wires and validator) per schema file;
 * 2. output that type-checks: one tsc run over every module, strict + exactOptionalPropertyTypes
 *    + noUncheckedIndexedAccess; a schema counts when none of its files has an error;
 * 3. valid/ documents accepted by the types: `export const doc: Root = <document>;` per document,
 *    checked in the same tsc run. Object literals get TypeScript's excess-property check, which
 *    rejects the undeclared keys design.md §3 closes objects against; a second check assigns the
 *    same document as a value (`as const`, made mutable), which accepts them, as the types of
 *    extracted data do once those keys are dropped (design.md §7);
 * 4. valid/ documents accepted by the validators and 5. invalid/ documents rejected: the emitted
 *    JavaScript of each module, run through `validate` from extractgen/runtime;
 * 6. numbered duplicate names (`Party1` next to `Party`): must be none;
 * and the wall time of generation. Runs from dist/ (the worker threads need compiled JavaScript).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { toLiteral } from "../generator/emit/literal.js";
import { planGeneration } from "../generator/generate.js";
import type { ExtractorSpec } from "../runtime/spec.js";

/** The issue's targets. */
export const TARGETS = { generated: 0.98, typeChecks: 0.97, validByTypes: 0.97, validByValidators: 0.99, invalidRejected: 0.95, seconds: 40 } as const;

export interface Ratio {
  passed: number;
  total: number;
}

export interface CorpusReport {
  generated: Ratio;
  typeChecks: Ratio;
  validByTypes: Ratio;
  /** The same documents assigned as values: undeclared keys are not excess there. */
  validByTypesIgnoringUndeclaredKeys: Ratio;
  validByValidators: Ratio;
  invalidRejected: Ratio;
  numberedDuplicates: string[];
  /** Wall time of generation (load to files in memory), seconds. */
  generateSeconds: number;
  /** Wall time of the one tsc run, seconds. */
  typecheckSeconds: number;
  /** Examples of what failed, per measure, for the report. */
  failures: Record<string, string[]>;
}

/** The extractgen checkout: the nearest folder above this file with a package.json (source or dist/). */
const REPO = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const REF_MAP = { "https://json.schemastore.org/": "refs/" };

/**
 * Generate and measure the corpus at `corpus` (a folder with schemas/, refs/, valid/, invalid/).
 * The work happens in a temporary folder, or in `keepIn` (emptied first, kept afterwards).
 */
export async function runCorpus(corpus: string, keepIn?: string): Promise<CorpusReport> {
  const work = keepIn ? path.resolve(keepIn) : await mkdtemp(path.join(tmpdir(), "extractgen-corpus-"));
  if (keepIn) {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
  }
  try {
    return await measure(path.resolve(corpus), work);
  } finally {
    if (!keepIn) await rm(work, { recursive: true, force: true });
  }
}

interface GeneratedSchema {
  /** Schema file name without `.json` (the valid/ and invalid/ folder name). */
  name: string;
  module: string;
  /** The module exports a spec: `[specName, typeName]`. */
  spec?: [string, string];
}

async function measure(corpus: string, work: string): Promise<CorpusReport> {
  const failures: Record<string, string[]> = { generated: [], typeChecks: [], validByTypes: [], validByTypesIgnoringUndeclaredKeys: [], validByValidators: [], invalidRejected: [] };
  const out = path.join(work, "out");

  // 1. Generate.
  const started = performance.now();
  const plan = await planGeneration({ root: corpus, configFile: undefined, schemas: "schemas", out, refMap: REF_MAP, provider: undefined, model: undefined });
  const generateSeconds = (performance.now() - started) / 1000;
  const lock = plan.files.find((f) => f.path.endsWith("extractgen.lock.json"));
  const modules = new Map<string, string>();
  for (const file of plan.files) {
    if (!file.path.startsWith(out + path.sep)) continue;
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content);
    modules.set(path.relative(out, file.path).split(path.sep).join("/"), file.content);
  }
  const locked = JSON.parse(lock?.content ?? "{}") as { schemas?: Record<string, { module: string }> };
  const schemaFiles = (await readdir(path.join(corpus, "schemas"))).filter((f) => f.endsWith(".json")).sort();
  const schemas: GeneratedSchema[] = schemaFiles.map((file) => {
    const name = file.replace(/\.json$/, "");
    const module = locked.schemas?.[`schemas/${file}`]?.module ?? "";
    const spec = /^export const (\w+): runtime\.ExtractorSpec<(\w+)> = /m.exec(modules.get(`${module}.ts`) ?? "");
    return { name, module, ...(spec?.[1] && spec[2] && { spec: [spec[1], spec[2]] as [string, string] }) };
  });
  const generated = schemas.filter((s) => s.spec);
  failures["generated"] = schemas.filter((s) => !s.spec).map((s) => `${s.name}: ${firstError(plan.diagnostics, `schemas/${s.name}.json`)}`);

  // 3. Per valid document, one file with `const doc: Root = <document>` (docs/literal) and one
  // assigning it as a value (docs/value).
  const docs = path.join(work, "docs");
  await mkdir(path.join(docs, "literal"), { recursive: true });
  await mkdir(path.join(docs, "value"), { recursive: true });
  const docFiles = new Map<string, string>();
  for (const schema of generated) {
    const type = schema.spec?.[1] ?? "";
    const importPath = path.relative(path.join(docs, "literal"), path.join(out, schema.module)).split(path.sep).join("/");
    for (const document of await listJson(path.join(corpus, "valid", schema.name))) {
      const literal = toLiteral(JSON.parse(await readFile(document, "utf8")) as unknown);
      const name = `${schema.name}__${path.basename(document, ".json")}.ts`.replace(/[^\w.-]/g, "_");
      const head = `import type { ${type} } from "${importPath}.js";\n`;
      await writeFile(path.join(docs, "literal", name), `${head}export const doc: ${type} = ${literal};\n`);
      const mutable = "type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };\n";
      await writeFile(path.join(docs, "value", name), `${head}${mutable}const value = ${literal} as const;\nexport const doc: ${type} = value as Mutable<typeof value>;\n`);
      docFiles.set(name, schema.name);
    }
  }

  // 2 + 3. One tsc run over everything; it also emits the JavaScript that 4 and 5 run.
  // `extractgen/runtime` resolves to this checkout's build, for tsc and for node.
  await mkdir(path.join(work, "node_modules"), { recursive: true });
  await symlink(REPO, path.join(work, "node_modules", "extractgen"), "dir");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      types: [],
      outDir: "js",
      rootDir: ".",
      noEmitOnError: false,
    },
    include: ["out/**/*.ts", "docs/**/*.ts"],
  };
  await writeFile(path.join(work, "tsconfig.json"), JSON.stringify(tsconfig));
  await writeFile(path.join(work, "package.json"), JSON.stringify({ type: "module" }));
  const tscStarted = performance.now();
  const errors = await runTsc(work);
  const typecheckSeconds = (performance.now() - tscStarted) / 1000;
  const errorFiles = new Set(errors.map((e) => e.file));

  const typeChecks = generated.filter((s) => ![...errorFiles].some((f) => f === `out/${s.module}.ts` || f === `out/${s.module}.validator.ts`));
  failures["typeChecks"] = generated.filter((s) => !typeChecks.includes(s)).map((s) => `${s.name}: ${errors.find((e) => e.file.startsWith(`out/${s.module}.`))?.message ?? "?"}`);
  const accepted = (kind: "literal" | "value", measure: string): number => {
    let count = 0;
    for (const [name, schema] of docFiles) {
      const relative = `docs/${kind}/${name}`;
      if (!errorFiles.has(relative)) count++;
      else failures[measure]?.push(`${schema}/${name}: ${errors.find((e) => e.file === relative)?.message ?? ""}`);
    }
    return count;
  };
  const validByTypes = accepted("literal", "validByTypes");
  const validByTypesIgnoringUndeclaredKeys = accepted("value", "validByTypesIgnoringUndeclaredKeys");

  // 4 + 5. Run the validators on the documents.
  const { validate } = (await import(pathToFileURL(path.join(REPO, "dist/runtime/index.js")).href)) as typeof import("../runtime/index.js");
  let valid = 0;
  let validTotal = 0;
  let rejected = 0;
  let invalidTotal = 0;
  for (const schema of generated) {
    const [specName] = schema.spec ?? [""];
    const validDocs = await listJson(path.join(corpus, "valid", schema.name));
    const invalidDocs = await listJson(path.join(corpus, "invalid", schema.name));
    if (validDocs.length === 0 && invalidDocs.length === 0) continue;
    let spec: ExtractorSpec<unknown> | undefined;
    try {
      const module = (await import(pathToFileURL(path.join(work, "js", "out", `${schema.module}.js`)).href)) as Record<string, ExtractorSpec<unknown>>;
      spec = module[specName];
    } catch (error) {
      failures["validByValidators"]?.push(`${schema.name}: module does not load: ${(error as Error).message}`);
    }
    for (const document of validDocs) {
      validTotal++;
      const result = spec && validate(spec, JSON.parse(await readFile(document, "utf8")));
      if (result?.ok) valid++;
      else failures["validByValidators"]?.push(`${schema.name}/${path.basename(document)}: ${result && !result.ok ? JSON.stringify(result.issues.slice(0, 2)) : "no validator"}`);
    }
    for (const document of invalidDocs) {
      invalidTotal++;
      const result = spec && validate(spec, JSON.parse(await readFile(document, "utf8")));
      if (result && !result.ok) rejected++;
      else failures["invalidRejected"]?.push(`${schema.name}/${path.basename(document)}`);
    }
  }

  return {
    generated: { passed: generated.length, total: schemas.length },
    typeChecks: { passed: typeChecks.length, total: schemas.length },
    validByTypes: { passed: validByTypes, total: docFiles.size },
    validByTypesIgnoringUndeclaredKeys: { passed: validByTypesIgnoringUndeclaredKeys, total: docFiles.size },
    validByValidators: { passed: valid, total: validTotal },
    invalidRejected: { passed: rejected, total: invalidTotal },
    numberedDuplicates: numberedDuplicates([...modules.values()]),
    generateSeconds,
    typecheckSeconds,
    failures,
  };
}

/** Exported names `X<digits>` where `X` is exported too: what a counter would make (`Party1`). */
export function numberedDuplicates(modules: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of modules) for (const m of text.matchAll(/^export (?:interface|type) (\w+)/gm)) if (m[1]) names.add(m[1]);
  return [...names].filter((name) => {
    const base = /^(.*\D)\d+$/.exec(name)?.[1];
    return base !== undefined && names.has(base);
  });
}

interface TscError {
  file: string;
  message: string;
}

/** Run tsc in `work` (own process, large heap); its errors by file. */
async function runTsc(work: string): Promise<TscError[]> {
  const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
  const { stdout } = await promisify(execFile)(process.execPath, ["--max-old-space-size=8192", tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: work, maxBuffer: 256 * 1024 * 1024 }).catch(
    (error: { stdout: string }) => ({ stdout: error.stdout }),
  );
  const errors: TscError[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^(.+?)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line);
    if (match?.[1] && match[2]) errors.push({ file: match[1], message: match[2].slice(0, 200) });
  }
  return errors;
}

async function listJson(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(dir, f));
}

function firstError(diagnostics: readonly { file?: string; severity: string; code: string; message: string }[], file: string): string {
  const d = diagnostics.find((x) => x.file === file && x.severity === "error");
  return d ? `${d.code} ${d.message}` : "no module";
}

/** The report as the lines `npm run corpus` prints. */
export function formatReport(report: CorpusReport): string {
  const pct = (r: Ratio): string => `${r.passed}/${r.total} (${((100 * r.passed) / Math.max(1, r.total)).toFixed(1)}%)`;
  return [
    `schemas generated:               ${pct(report.generated)}   target >= ${TARGETS.generated * 100}%`,
    `output that type-checks:         ${pct(report.typeChecks)}   target >= ${TARGETS.typeChecks * 100}%`,
    `valid/ accepted by the types:    ${pct(report.validByTypes)}   target >= ${TARGETS.validByTypes * 100}% (const x: Root = <document>)`,
    `  ... undeclared keys dropped:   ${pct(report.validByTypesIgnoringUndeclaredKeys)}   (the document as a value: closed objects, design.md §3)`,
    `valid/ accepted by validators:   ${pct(report.validByValidators)}   target >= ${TARGETS.validByValidators * 100}%`,
    `invalid/ rejected by validators: ${pct(report.invalidRejected)}   target >= ${TARGETS.invalidRejected * 100}%`,
    `numbered duplicate names:        ${report.numberedDuplicates.length}${report.numberedDuplicates.length > 0 ? ` (${report.numberedDuplicates.slice(0, 5).join(", ")})` : ""}   target 0`,
    `generation wall time:            ${report.generateSeconds.toFixed(1)} s   target < ${TARGETS.seconds} s (tsc over the output: ${report.typecheckSeconds.toFixed(1)} s)`,
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const corpus = process.argv[2] ?? path.join(REPO, "../shared/corpus/schemastore");
  // CORPUS_KEEP=<dir> keeps the generated output, the document files and tsc's JavaScript there.
  const report = await runCorpus(corpus, process.env["CORPUS_KEEP"]);
  process.stdout.write(`${formatReport(report)}\n`);
  for (const [measure, list] of Object.entries(report.failures)) {
    if (list.length === 0) continue;
    const shown = process.env["CORPUS_ALL_FAILURES"] ? list : list.slice(0, 15);
    process.stdout.write(`\n${measure}: ${list.length} failed\n${shown.map((l) => `  ${l}`).join("\n")}\n`);
  }
}
