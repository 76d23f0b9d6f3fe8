/**
 * Bad schema files (#9 point 3): one project holding every kind of broken file next to good ones.
 * Each bad file gets its diagnostic (file, and line:column or pointer), within a bounded time and
 * memory, and the good schemas still load. The 50 MB file is written by the test into a temp
 * folder (never kept in git).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Diagnostic, formatDiagnostic } from "../../generator/diagnostics.js";
import { loadProject, type SchemaProject } from "../../generator/load/index.js";

const S = "https://json-schema.org/draft/2020-12/schema";
const DEPTH = 10_000;
const BIG_BYTES = 50 * 1024 * 1024;

/** Every bad file, what it holds, and the first line of the diagnostic it must get. */
const BAD: { file: string; text: string; diagnostic: RegExp }[] = [
  { file: "syntax.schema.json", text: '{\n  "type": "object",\n  "properties": { "a": { "type": "string" } \n  "required": []\n}', diagnostic: /^error EG_SYNTAX schemas\/syntax\.schema\.json:4:3: / },
  { file: "flow.yaml", text: "type: object\nproperties:\n  a: { type: string\n", diagnostic: /^error EG_SYNTAX schemas\/flow\.yaml:4:1: / },
  { file: "empty.schema.json", text: "", diagnostic: /^error EG_FILE_EMPTY schemas\/empty\.schema\.json: / },
  { file: "blank.yaml", text: "\n   \n", diagnostic: /^error EG_FILE_EMPTY schemas\/blank\.yaml: / },
  { file: "never.schema.json", text: "false", diagnostic: /^error EG_ROOT_BOOLEAN schemas\/never\.schema\.json#: / },
  { file: "number.schema.json", text: "42", diagnostic: /^error EG_ROOT_NOT_SCHEMA schemas\/number\.schema\.json/ },
  { file: "self-ref.schema.json", text: JSON.stringify({ $schema: S, $ref: "#" }), diagnostic: /^error EG_REF_CYCLE schemas\/self-ref\.schema\.json/ },
  {
    file: "defs-cycle.schema.json",
    text: JSON.stringify({ $schema: S, $ref: "#/$defs/a", $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } } }),
    diagnostic: /^error EG_REF_CYCLE schemas\/defs-cycle\.schema\.json/,
  },
  // One cycle through two files: one diagnostic, on the first file, naming the second.
  { file: "cycle-a.schema.json", text: JSON.stringify({ $schema: S, $ref: "cycle-b.schema.json" }), diagnostic: /^error EG_REF_CYCLE schemas\/cycle-a\.schema\.json#\/\$ref: .*schemas\/cycle-b\.schema\.json/ },
  { file: "cycle-b.schema.json", text: JSON.stringify({ $schema: S, $ref: "cycle-a.schema.json" }), diagnostic: /^error EG_REF_CYCLE schemas\/cycle-a\.schema\.json#\/\$ref: .*schemas\/cycle-b\.schema\.json/ },
  {
    file: "deep.schema.json",
    text: '{"type":"object","properties":{"a":'.repeat(DEPTH) + '{"type":"string"}' + "}}".repeat(DEPTH),
    diagnostic: /^error EG_SCHEMA_TOO_DEEP schemas\/deep\.schema\.json#\/properties\/a/,
  },
  { file: "deep-arrays.yaml", text: "[".repeat(DEPTH) + "]".repeat(DEPTH), diagnostic: /^error EG_SCHEMA_TOO_DEEP schemas\/deep-arrays\.yaml/ },
  { file: "unclosed.schema.json", text: "[".repeat(DEPTH), diagnostic: /^error EG_SYNTAX schemas\/unclosed\.schema\.json:1:10001: / },
  { file: "missing-ref.schema.json", text: JSON.stringify({ $schema: S, type: "object", properties: { a: { $ref: "nowhere.schema.json" } } }), diagnostic: /^error EG_REF_UNRESOLVED schemas\/missing-ref\.schema\.json#\/properties\/a\/\$ref: / },
  { file: "not-utf8.schema.json", text: "\uFFFF\uFFFE{", diagnostic: /^error EG_SYNTAX schemas\/not-utf8\.schema\.json:1:1: / },
];

const GOOD = {
  "invoice.schema.json": { $schema: S, title: "Invoice", type: "object", properties: { total: { type: "number" } }, required: ["total"] },
  "anything.schema.json": true,
  "tree.schema.json": { $schema: S, title: "Tree", $ref: "#/$defs/node", $defs: { node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/node" } } } } } },
};

let root: string;
let result: { project: SchemaProject; diagnostics: Diagnostic[] };
let elapsedMs = 0;
let peakGrowth = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "extractgen-harden-schemas-"));
  const dir = join(root, "schemas");
  mkdirSync(dir);
  for (const { file, text } of BAD) writeFileSync(join(dir, file), text);
  for (const [file, value] of Object.entries(GOOD)) writeFileSync(join(dir, file), JSON.stringify(value));
  // 50 MB of properties, each with a long description: a big but valid schema.
  const property = (i: number): string => `"p${i}":{"type":"string","description":${JSON.stringify("d".repeat(1000))}}`;
  const count = Math.ceil(BIG_BYTES / property(0).length);
  writeFileSync(join(dir, "big.schema.json"), `{"title":"Big","type":"object","properties":{${Array.from({ length: count }, (_, i) => property(i)).join(",")}}}`);

  // Parsing is synchronous, so no timer can sample during it: the process's high-water mark can.
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  result = await loadProject({ root, schemas: "schemas" });
  elapsedMs = Date.now() - started;
  peakGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a project full of bad schema files", () => {
  test("every bad file gets its diagnostic, naming the file and the line:column or pointer", () => {
    const lines = result.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(d).split("\n")[0]!);
    for (const { file, diagnostic } of BAD) {
      expect(lines.filter((line) => diagnostic.test(line)), `${file} in:\n${lines.join("\n")}`).not.toEqual([]);
    }
    // Nothing but the bad files has an error (cycle-b's is on cycle-a).
    const failed = new Set(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
    expect([...failed].sort()).toEqual(BAD.map((b) => `schemas/${b.file}`).filter((f) => !f.endsWith("cycle-b.schema.json")).sort());
  });

  test("the good schemas, the `true` schema and the 50 MB one still load", () => {
    expect(result.project.extractors.map((x) => x.typeName).sort()).toEqual(["Anything", "Big", "Invoice", "Tree"]);
  });

  test("in bounded time and memory", () => {
    // Generous bounds for a loaded machine: the load is linear, so these catch runaway work.
    expect(elapsedMs).toBeLessThan(20_000);
    // Measured: about 2.2 times the 50 MB file.
    expect(peakGrowth).toBeLessThan(6 * BIG_BYTES);
  });
});
