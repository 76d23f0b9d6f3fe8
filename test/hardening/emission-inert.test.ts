/**
 * Emission is inert (#9 point 1). Hostile schemas from a seeded generator (helpers/hostile-schemas.ts)
 * are generated into one project, and then:
 * 1. every token of every generated file is scanned: the payloads' identifiers (`__pwned`,
 *    `console`, `process`) never appear as code, only inside strings, comments and regexes;
 * 2. the output type-checks under strict flags (`extractgen/runtime` mapped to runtime/index.ts);
 * 3. the output, compiled to JavaScript, is imported in a child process with tripwires on files,
 *    output, processes, network, timers, globals and prototypes: importing does nothing but
 *    define exports, and each spec holds the schema's strings exactly as they were written.
 *
 * SEEDS is fixed so a failure reproduces; widen it locally (EXTRACTGEN_FUZZ_SEEDS=1-200) to search more.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Diagnostic, formatDiagnostic } from "../../generator/diagnostics.js";
import { generate } from "../../generator/generate.js";
import { REPO } from "../helpers/built-cli.js";
import { hostileSchema } from "./helpers/hostile-schemas.js";

const SEEDS = seedsFromEnv(process.env["EXTRACTGEN_FUZZ_SEEDS"]) ?? [1, 2, 3, 4, 5, 6, 7, 8];
/** Schema file names that end the generated banner's `//` comment if written as they are. */
const HOSTILE_FILE_NAMES = ["first\nglobalThis.__pwned = 1;\n`", "second\u2028globalThis.__pwned = 1;\u2029`", "third\r\nconsole.log(1)"];
/** Identifiers only the payloads use: as code tokens they would mean a payload escaped its string. */
const PAYLOAD_IDENTIFIERS = new Set(["__pwned", "console", "process"]);

const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");
const run = promisify(execFile);

let root: string;
let generated: { path: string; text: string }[];
let diagnostics: Diagnostic[];
const schemas = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "extractgen-harden-emit-"));
  mkdirSync(join(root, "schemas"));
  for (const seed of SEEDS) {
    const schema = hostileSchema(seed);
    schemas.set(`s${seed}`, schema);
    writeFileSync(join(root, "schemas", `s${seed}.schema.json`), JSON.stringify(schema, null, 2));
  }
  // File names are data too: one that breaks the banner's line comment (a `/` is not possible in a name).
  for (const [i, name] of HOSTILE_FILE_NAMES.entries()) writeFileSync(join(root, "schemas", `${name}.schema.json`), JSON.stringify({ title: `Hostile file name ${i}`, type: "object", properties: { a: { type: "string" } } }));
  // Names beyond ASCII are identifiers too (`validateCafé`).
  writeFileSync(join(root, "schemas", "cafe.schema.json"), JSON.stringify({ title: "Café Ünïcode", type: "object", properties: { a: { type: "string" } } }));
  const result = await generate({ cwd: root, schemas: "schemas", out: "out" });
  diagnostics = result.diagnostics;
  generated = readdirSync(join(root, "out"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => ({ path: join(root, "out", f), text: readFileSync(join(root, "out", f), "utf8") }));
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`hostile schemas (seeds ${SEEDS.join(",")})`, () => {
  test("every schema generates a module, with no error", () => {
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(d));
    expect(errors).toEqual([]);
    for (const name of schemas.keys()) expect(generated.map((f) => relative(join(root, "out"), f.path))).toContain(`${name}.ts`);
  });

  test("payloads stay inside strings, comments and regexes: no payload identifier is ever a code token", () => {
    for (const file of generated) {
      const scanner = ts.createScanner(ts.ScriptTarget.ES2022, /* skipTrivia */ false, ts.LanguageVariant.Standard, file.text);
      const escaped: string[] = [];
      for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
        // Regex literals are only recognised on request; `/` after an operator starts one.
        if (token === ts.SyntaxKind.SlashToken || token === ts.SyntaxKind.SlashEqualsToken) token = scanner.reScanSlashToken();
        if (token === ts.SyntaxKind.Identifier && PAYLOAD_IDENTIFIERS.has(scanner.getTokenText())) {
          escaped.push(`${scanner.getTokenText()} at ${file.text.slice(0, scanner.getTokenStart()).split("\n").length}`);
        }
      }
      expect(escaped, relative(root, file.path)).toEqual([]);
    }
  });

  test("the output type-checks under strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess", async () => {
    writeFileSync(
      join(root, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noUnusedLocals: true,
          noImplicitReturns: true,
          skipLibCheck: true,
          types: [],
          noEmit: true,
          paths: { "extractgen/runtime": [join(REPO, "runtime/index.ts")] },
          typeRoots: [join(REPO, "node_modules/@types")],
        },
        include: ["out/**/*.ts"],
      }),
    );
    const result = await run(process.execPath, [tsc, "-p", join(root, "tsconfig.json"), "--pretty", "false", "--types", "node"], { cwd: root }).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  }, 180_000);

  test("importing the compiled modules has no side effect, and each spec holds the schema's strings exactly", async () => {
    // The modules as JavaScript (type-checking is the test above), and `extractgen/runtime` from
    // the runtime's source the same way: no build needed, and the code under test is this checkout's.
    const js = join(root, "js");
    for (const file of generated) writeJs(join(js, relative(join(root, "out"), file.path)), file.text);
    writeFileSync(join(js, "package.json"), '{"type":"module"}');
    const runtimePackage = join(js, "node_modules", "extractgen");
    for (const file of readdirSync(join(REPO, "runtime"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"))) {
      writeJs(join(runtimePackage, "runtime", file), readFileSync(join(REPO, "runtime", file), "utf8"));
    }
    writeFileSync(join(runtimePackage, "package.json"), JSON.stringify({ name: "extractgen", type: "module", exports: { "./runtime": "./runtime/index.js" } }));
    // The runtime's own dependencies (undici) resolve from the repository.
    symlinkSync(join(REPO, "node_modules"), join(runtimePackage, "node_modules"), "dir");
    writeFileSync(join(js, "tripwire.mjs"), TRIPWIRE);
    const modules = readdirSync(js, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js") && !f.startsWith("node_modules")).sort();
    const reportFile = join(root, "report.json");
    const child = await run(process.execPath, [join(js, "tripwire.mjs"), reportFile, ...modules.map((m) => join(js, m))], { cwd: js }).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect({ stdout: child.stdout, stderr: child.stderr }).toEqual({ stdout: "", stderr: "" });
    const report = JSON.parse(readFileSync(reportFile, "utf8")) as { tripped: string[]; specs: Record<string, { instructions: string; model: string; strings: string[] }> };
    expect(report.tripped).toEqual([]);

    for (const [name, schema] of schemas) {
      const spec = report.specs[`${name}.js`];
      expect(spec, name).toBeDefined();
      const extractor = schema["x-extractor"] as { instructions: string; model: string };
      expect(spec!.instructions).toBe(extractor.instructions);
      expect(spec!.model).toBe(extractor.model);
      // Every annotation, property name, enum/const value, default and example is still in the spec's schema, unchanged.
      const kept = new Set(spec!.strings);
      for (const text of stringsOf(schema)) expect(kept.has(text), `${name}: ${JSON.stringify(text)}`).toBe(true);
    }
  }, 180_000);
});

/** Write TypeScript `text` as JavaScript at `tsPath` with a `.js` extension (types stripped, nothing checked). */
function writeJs(tsPath: string, text: string): void {
  const target = tsPath.replace(/\.ts$/, ".js");
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false } }).outputText);
}

/**
 * Every string a schema holds as data, which its spec must hold unchanged: annotations, property
 * names, enum/const values, defaults, examples, patterns; in `$defs`, only the definitions a `$ref`
 * reaches (the others are exported types, not part of the spec). Not `$ref`s, `$defs` keys (they
 * become type names), `$schema`, `title` or `x-extractor`.
 */
function stringsOf(schema: Record<string, unknown>): string[] {
  const refs = new Set<string>();
  const collect = (value: unknown, out: string[]): void => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) for (const item of value) collect(item, out);
    else if (value !== null && typeof value === "object") {
      for (const [key, sub] of Object.entries(value)) {
        if (key === "$ref" && typeof sub === "string") refs.add(decodeDefKey(sub));
        if (key === "$ref" || key === "$schema" || key === "x-extractor" || key === "title" || key === "$defs") continue;
        if (key === "properties") out.push(...Object.keys(sub as object));
        collect(sub, out);
      }
    }
  };
  const out: string[] = [];
  collect(schema, out);
  const defs = (schema["$defs"] ?? {}) as Record<string, unknown>;
  for (const key of refs) if (Object.hasOwn(defs, key)) collect(defs[key], out);
  return out;
}

/** `#/$defs/<key>` (percent-encoded JSON Pointer token) -> `<key>`. */
function decodeDefKey(ref: string): string {
  return decodeURIComponent(ref.replace(/^#\/\$defs\//, "")).replace(/~1/g, "/").replace(/~0/g, "~");
}

function seedsFromEnv(value: string | undefined): number[] | undefined {
  const range = value === undefined ? undefined : /^(\d+)-(\d+)$/.exec(value);
  if (!range) return undefined;
  const [from, to] = [Number(range[1]), Number(range[2])];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The child process: imports the runtime (its own module graph is not under test), arms tripwires
 * on everything a module could do at import time, imports each generated module, then reports what
 * tripped and what each spec holds.
 */
const TRIPWIRE = String.raw`
import fs from "node:fs";
import childProcess from "node:child_process";
import net from "node:net";
import http from "node:http";
import https from "node:https";
import { pathToFileURL } from "node:url";
const [reportFile, ...modules] = process.argv.slice(2);
const writeReport = fs.writeFileSync.bind(fs);
await import("extractgen/runtime");

const tripped = [];
const restore = [];
function wire(owner, name, label) {
  const original = owner[name];
  if (typeof original !== "function") return;
  owner[name] = function (...args) { tripped.push(label + "." + name); return original.apply(this, args); };
  restore.push(() => { owner[name] = original; });
}
for (const name of ["writeFileSync", "writeFile", "appendFileSync", "appendFile", "mkdirSync", "mkdir", "rmSync", "rm", "unlinkSync", "unlink", "renameSync", "rename", "copyFileSync", "symlinkSync", "openSync", "open", "createWriteStream"]) wire(fs, name, "fs");
// Reads are not wired: the module loader itself reads the files being imported.
for (const name of ["writeFile", "appendFile", "mkdir", "rm", "unlink", "rename"]) wire(fs.promises, name, "fs.promises");
for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) wire(childProcess, name, "child_process");
for (const name of ["connect", "createConnection", "createServer"]) wire(net, name, "net");
for (const mod of [http, https]) for (const name of ["request", "get", "createServer"]) wire(mod, name, "http");
for (const name of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) wire(console, name, "console");
wire(process.stdout, "write", "stdout");
wire(process.stderr, "write", "stderr");
for (const name of ["exit", "kill", "abort", "chdir", "emitWarning"]) wire(process, name, "process");
for (const name of ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "fetch", "eval", "Function"]) wire(globalThis, name, "globalThis");

const ownNames = (o) => Object.getOwnPropertyNames(o).concat(Object.getOwnPropertySymbols(o).map(String)).sort().join(",");
const watched = { globalThis, "Object.prototype": Object.prototype, "Array.prototype": Array.prototype, "Function.prototype": Function.prototype, "String.prototype": String.prototype, "process.env": process.env };
const before = Object.fromEntries(Object.entries(watched).map(([k, v]) => [k, ownNames(v)]));

const namespaces = {};
for (const file of modules) namespaces[file] = await import(pathToFileURL(file).href);

for (const undo of restore) undo();
for (const [k, v] of Object.entries(watched)) if (ownNames(v) !== before[k]) tripped.push("changed " + k);

const specs = {};
const strings = (value, out) => {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) { out.push(k); strings(v, out); }
  return out;
};
for (const [file, ns] of Object.entries(namespaces)) {
  for (const [name, value] of Object.entries(ns)) {
    if (typeof value === "function") continue;
    if (!name.endsWith("Spec")) { tripped.push("unexpected export " + name + " of " + file); continue; }
    specs[file.slice(file.lastIndexOf("/") + 1)] = { instructions: value.instructions, model: value.model, strings: strings(value.schema, []) };
  }
}
writeReport(reportFile, JSON.stringify({ tripped, specs }));
`;
