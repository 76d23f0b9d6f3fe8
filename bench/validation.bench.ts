/**
 * Validation (#8 item 4): the precompiled validator of a generated module (Ajv standalone code, as
 * emitted by `generate`) against the same schema compiled by Ajv at run time with the same options:
 * per validation (interleaved rounds in this process, CPU time) and at cold start (fresh processes,
 * from process start to the first validation's result). Two schemas: the bench invoice and the
 * largest corpus schema with example documents (SchemaStore's tsconfig.json, ~430 KB).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CORPUS_REFS_DIR, CORPUS_SCHEMAS_DIR, corpusValidDocuments } from "./corpus.js";
import { generateProject } from "./generated/generate-project.js";
import { specOf } from "./generated/spec-of.js";
import { INVOICE_SCHEMA_FILE, readInvoiceReply } from "./invoice/invoice.js";
import { cpuSince, median, num, ratio, table } from "./report.js";
import { readSettings } from "./settings.js";
import { runtimeAjv } from "./validation/runtime-ajv.js";

const here = dirname(fileURLToPath(import.meta.url));
const settings = readSettings(process.argv.slice(2));

interface Case {
  name: string;
  /** Documents validated in turn; the first one is validated at cold start. */
  documents: unknown[];
  /** The compiled generated module. */
  module: string;
  documentsFile: string;
  schemaBytes: number;
}

type Validator = (value: unknown) => boolean;

async function cases(): Promise<Case[]> {
  const project = await generateProject("validation", [INVOICE_SCHEMA_FILE, join(CORPUS_SCHEMAS_DIR, "tsconfig.json")], { "https://json.schemastore.org/": CORPUS_REFS_DIR });
  const reply = readInvoiceReply() as { lines: { quantity: number }[]; currency: string };
  // Two problems, so `allErrors` collects more than one issue.
  const invalid = { ...reply, currency: "YEN", lines: reply.lines.map((line, i) => (i === 2 ? { ...line, quantity: 0 } : line)) };
  const tsconfigDocuments = corpusValidDocuments("tsconfig").map((file) => JSON.parse(readFileSync(file, "utf8")) as unknown);
  const found: [string, unknown[]][] = [
    ["invoice", [reply, invalid]],
    ["tsconfig", tsconfigDocuments],
  ];
  const out: Case[] = [];
  for (const [name, documents] of found) {
    const module = project.modulePath(name);
    // The run-time side compiles the spec's own schema: the bundled original the validator was made from.
    const schemaText = JSON.stringify(specOf((await import(module)) as Record<string, unknown>).schema);
    writeFileSync(module.replace(/\.js$/, ".schema.json"), schemaText);
    const documentsFile = module.replace(/\.js$/, ".documents.json");
    writeFileSync(documentsFile, JSON.stringify(documents));
    out.push({ name, documents, module, documentsFile, schemaBytes: Buffer.byteLength(schemaText) });
  }
  return out;
}

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
  const out = execFileSync(process.execPath, [join(here, "validation", "cold-start.js"), kind, c.module, c.documentsFile], { encoding: "utf8" });
  const { ms, valid } = JSON.parse(out) as { ms: number; valid: boolean };
  if (!valid) throw new Error(`${kind} validator rejects the first ${c.name} document at cold start`);
  return ms;
}

const KINDS = ["precompiled", "runtime"] as const;

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const c of await cases()) {
    const spec = specOf((await import(c.module)) as Record<string, unknown>);
    const compiledAt = performance.now();
    const validators = { precompiled: spec.validate, runtime: runtimeAjv().compile(spec.schema) as Validator };
    const compileMs = performance.now() - compiledAt;
    for (const [i, document] of c.documents.entries()) {
      if (validators.precompiled(document) !== validators.runtime(document)) throw new Error(`the two ${c.name} validators disagree on document ${i}`);
    }
    const repeat = calibrate(validators.precompiled, c.documents, settings.quick ? 20 : 100);
    const perValidation = { precompiled: [] as number[], runtime: [] as number[] };
    const cold = { precompiled: [] as number[], runtime: [] as number[] };
    for (let round = 0; round < settings.rounds; round++) {
      for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) perValidation[kind].push(timeValidations(validators[kind], c.documents, repeat));
    }
    for (let run = 0; run < settings.runs; run++) {
      for (const kind of run % 2 === 0 ? KINDS : [...KINDS].reverse()) cold[kind].push(coldStart(kind, c));
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
      `Per validation: median CPU over ${settings.rounds} interleaved rounds through every document. Cold start: median of ${settings.runs} fresh \`node\` processes each, from process start to the first document's result; the precompiled side imports the generated module (and with it extractgen/runtime), the run-time side imports Ajv and compiles. Both use Ajv 2020 with allErrors, ajv-formats full formats, $defs as functions.`,
      "",
    ].join("\n"),
  );
}

await main();
