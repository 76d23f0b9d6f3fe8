/**
 * Validation (#8 item 4): the precompiled validator a generated module embeds (Ajv standalone
 * code) against the same schema compiled by Ajv at run time, with the same options: per
 * validation (interleaved rounds in this process, CPU time) and at cold start (fresh processes,
 * from process start to the first validation's result). Two schemas: the bench invoice and the
 * largest corpus schema with example documents (SchemaStore's tsconfig.json, ~430 KB).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_DIR, CORPUS_REF_MAP, CORPUS_SCHEMAS_DIR, corpusValidDocuments } from "./corpus.js";
import { INVOICE_SCHEMA_FILE, readInvoiceReply } from "./invoice/invoice.js";
import { cpuSince, median, num, ratio, table } from "./report.js";
import { readSettings } from "./settings.js";
import { loadOneExtractor } from "./precompile/load-extractor.js";
import { PREPARED_DIR } from "./precompile/invoice-module.js";
import { runtimeAjv, writeStandaloneValidator } from "./precompile/standalone-validator.js";

const here = dirname(fileURLToPath(import.meta.url));
const settings = readSettings(process.argv.slice(2));

interface Case {
  name: string;
  /** Documents validated in turn; the first one is validated at cold start. */
  documents: unknown[];
  validatorFile: string;
  schemaFile: string;
  documentsFile: string;
  schemaBytes: number;
}

/** Bundle the schema as `generate` would, write its precompiled validator, schema and documents. */
async function prepare(name: string, schemaPath: string, documents: unknown[], root: string, refMap?: Record<string, string>): Promise<Case> {
  const dir = resolve(PREPARED_DIR, "validation");
  mkdirSync(dir, { recursive: true });
  const extractor = await loadOneExtractor({ root, schemas: schemaPath, ...(refMap !== undefined && { refMap }) });
  const files = { validatorFile: join(dir, `${name}.validator.mjs`), schemaFile: join(dir, `${name}.schema.json`), documentsFile: join(dir, `${name}.documents.json`) };
  writeStandaloneValidator(extractor.schema, files.validatorFile);
  const schemaText = JSON.stringify(extractor.schema);
  writeFileSync(files.schemaFile, schemaText);
  writeFileSync(files.documentsFile, JSON.stringify(documents));
  return { name, documents, ...files, schemaBytes: Buffer.byteLength(schemaText) };
}

async function cases(): Promise<Case[]> {
  const reply = readInvoiceReply() as { lines: { quantity: number }[]; currency: string };
  // Two problems, so `allErrors` collects more than one issue.
  const invalid = { ...reply, currency: "YEN", lines: reply.lines.map((line, i) => (i === 2 ? { ...line, quantity: 0 } : line)) };
  const tsconfigDocuments = corpusValidDocuments("tsconfig").map((file) => JSON.parse(readFileSync(file, "utf8")) as unknown);
  return [
    await prepare("invoice", INVOICE_SCHEMA_FILE, [reply, invalid], process.cwd()),
    await prepare("tsconfig", `schemas/${basename(join(CORPUS_SCHEMAS_DIR, "tsconfig.json"))}`, tsconfigDocuments, CORPUS_DIR, { ...CORPUS_REF_MAP }),
  ];
}

type Validator = (value: unknown) => boolean;

/** CPU ns per validation over `repeat` passes through the documents. */
function timeValidations(validate: Validator, documents: readonly unknown[], repeat: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < repeat; i++) for (const document of documents) validate(document);
  return (cpuSince(start) * 1000) / (repeat * documents.length);
}

/** Passes through the documents that take about `ms` of CPU. */
function calibrate(validate: Validator, documents: readonly unknown[], ms: number): number {
  const nsEach = timeValidations(validate, documents, 20);
  return Math.max(1, Math.round((ms * 1e6) / (nsEach * documents.length)));
}

function coldStart(kind: "precompiled" | "runtime", c: Case): number {
  const source = kind === "precompiled" ? c.validatorFile : c.schemaFile;
  const out = execFileSync(process.execPath, [join(here, "validation", "cold-start.js"), kind, source, c.documentsFile], { encoding: "utf8" });
  const { ms, valid } = JSON.parse(out) as { ms: number; valid: boolean };
  if (!valid) throw new Error(`${kind} validator rejects the first ${c.name} document at cold start`);
  return ms;
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const c of await cases()) {
    const precompiled = ((await import(c.validatorFile)) as { default: Validator }).default;
    const compiledAt = performance.now();
    const runtime = runtimeAjv().compile(JSON.parse(readFileSync(c.schemaFile, "utf8")) as object) as Validator;
    const compileMs = performance.now() - compiledAt;
    for (const [i, document] of c.documents.entries()) {
      if (precompiled(document) !== runtime(document)) throw new Error(`the two ${c.name} validators disagree on document ${i}`);
    }
    const repeat = calibrate(precompiled, c.documents, settings.quick ? 20 : 100);
    const perValidation = { precompiled: [] as number[], runtime: [] as number[] };
    const cold = { precompiled: [] as number[], runtime: [] as number[] };
    for (let round = 0; round < settings.rounds; round++) {
      const order = round % 2 === 0 ? (["precompiled", "runtime"] as const) : (["runtime", "precompiled"] as const);
      for (const kind of order) perValidation[kind].push(timeValidations(kind === "precompiled" ? precompiled : runtime, c.documents, repeat));
    }
    for (let run = 0; run < settings.runs; run++) {
      const order = run % 2 === 0 ? (["precompiled", "runtime"] as const) : (["runtime", "precompiled"] as const);
      for (const kind of order) cold[kind].push(coldStart(kind, c));
    }
    const [pre, rt] = [median(perValidation.precompiled), median(perValidation.runtime)];
    const [coldPre, coldRt] = [median(cold.precompiled), median(cold.runtime)];
    const what = `${c.name} (${num(c.schemaBytes / 1024)} KB bundled, ${c.documents.length} documents)`;
    rows.push([what, "precompiled (generated module)", num(pre), "1.00x", num(coldPre), "1.00x"]);
    rows.push([what, `Ajv compiled at run time (compile: ${num(compileMs)} ms)`, num(rt), ratio(rt / pre), num(coldRt), ratio(coldRt / coldPre)]);
  }
  console.log(
    [
      "### Validation",
      "",
      table(["schema", "validator", "ns per validation", "vs precompiled", "cold start to first result, ms", "vs precompiled"], rows),
      "",
      `Per validation: median CPU over ${settings.rounds} interleaved rounds through every document. Cold start: median of ${settings.runs} fresh \`node\` processes each, from process start to the first document's result (the precompiled module loads ajv-formats and Ajv's runtime helpers only; the run-time path loads Ajv and compiles). Both use Ajv 2020 with allErrors, ajv-formats full formats, $defs as functions.`,
      "",
    ].join("\n"),
  );
}

await main();
