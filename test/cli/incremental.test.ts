import { mkdtemp, mkdir, readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { sha256 } from "../../generator/incremental/index.js";
import { generate } from "../../generator/generate.js";

/**
 * Incremental generation (issue #6): a run with nothing changed takes the last run's output from
 * the lock without loading anything, a run after an edit rebuilds only the modules the edit
 * reaches, and no run rewrites a file whose content stays the same.
 */

let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);
const write = (file: string, value: unknown) => writeFile(at(file), `${JSON.stringify(value, null, 2)}\n`);
const lock = async () => JSON.parse(await readFile(at("extractgen.lock.json"), "utf8"));
const mtimes = async (...files: string[]) => Promise.all(files.map(async (f) => (await stat(at(f))).mtimeMs));

const INVOICE = { title: "Invoice", type: "object", properties: { total: { type: "number" }, buyer: { $ref: "_party.schema.json" } }, required: ["total"] };
const RECEIPT = { title: "Receipt", type: "object", properties: { shop: { type: "string" } } };
const PARTY = { title: "Party", type: "object", properties: { name: { type: "string" } } };

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "extractgen-incremental-"));
  // The file stamps live in node_modules/.cache when there is one: keep them inside the project.
  await mkdir(at("node_modules"));
  await mkdir(at("schemas"));
  await write("schemas/invoice.schema.json", INVOICE);
  await write("schemas/receipt.schema.json", RECEIPT);
  await write("schemas/_party.schema.json", PARTY);
  // Generated files keep an old mtime, so a rewrite would show.
  const first = await generate({ cwd: root });
  expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const past = new Date(Date.now() - 60_000);
  for (const file of first.files) await utimes(file.path, past, past);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("incremental generate", () => {
  test("a run with nothing changed writes nothing and keeps every mtime", async () => {
    const files = ["src/extractors/invoice.ts", "src/extractors/receipt.ts", "src/extractors/index.ts", "extractgen.lock.json"];
    const before = await mtimes(...files);
    const again = await generate({ cwd: root });
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(await mtimes(...files)).toEqual(before);
    // The result still lists (and can read) every output file.
    expect(again.files.map((f) => path.relative(root, f.path))).toEqual(["extractgen.lock.json", "src/extractors/_party.ts", "src/extractors/index.ts", "src/extractors/invoice.ts", "src/extractors/receipt.ts"].map((f) => f.split("/").join(path.sep)));
    expect(again.files.find((f) => f.path.endsWith("invoice.ts"))!.content).toContain("function extractInvoice(");
  });

  test("the lock records every input and output hash", async () => {
    const { incremental } = await lock();
    expect(Object.keys(incremental.inputs)).toEqual(["schemas/_party.schema.json", "schemas/invoice.schema.json", "schemas/receipt.schema.json"]);
    expect(incremental.inputs["schemas/receipt.schema.json"]).toBe(sha256(await readFile(at("schemas/receipt.schema.json"), "utf8")));
    expect(incremental.outputs["src/extractors/receipt.ts"]).toBe(sha256(await readFile(at("src/extractors/receipt.ts"), "utf8")));
    expect(Object.keys(incremental.modules)).toEqual(["_party", "invoice", "receipt"]);
  });

  test("after an edit, only the modules the edit reaches are rewritten", async () => {
    const [receiptBefore] = await mtimes("src/extractors/receipt.ts");
    await write("schemas/invoice.schema.json", { ...INVOICE, properties: { ...INVOICE.properties, note: { type: "string" } } });
    const run = await generate({ cwd: root });
    expect(run.written.map((f) => path.relative(root, f)).sort()).toEqual(["extractgen.lock.json", path.join("src", "extractors", "invoice.ts")]);
    expect(await mtimes("src/extractors/receipt.ts")).toEqual([receiptBefore]);
    expect(await readFile(at("src/extractors/invoice.ts"), "utf8")).toContain("note?: string");
  });

  test("a module whose key is unchanged is taken from disk, not built again", async () => {
    // Make receipt.ts say something its schema would not produce, and let the lock vouch for it:
    // only a reused module keeps it; a rebuilt one would be restored.
    const marked = `${await readFile(at("src/extractors/receipt.ts"), "utf8")}// reused\n`;
    await writeFile(at("src/extractors/receipt.ts"), marked);
    const state = await lock();
    state.incremental.outputs["src/extractors/receipt.ts"] = sha256(marked);
    await writeFile(at("extractgen.lock.json"), JSON.stringify(state));
    await write("schemas/invoice.schema.json", { ...INVOICE, description: "edited" });
    await generate({ cwd: root });
    expect(await readFile(at("src/extractors/receipt.ts"), "utf8")).toBe(marked);
    // --force builds every module again.
    await generate({ cwd: root, force: true });
    expect(await readFile(at("src/extractors/receipt.ts"), "utf8")).not.toContain("// reused");
  });

  test("a change in a referenced file rebuilds the extractor that uses it", async () => {
    await write("schemas/_party.schema.json", { ...PARTY, properties: { name: { type: "string" }, vat: { type: "string" } } });
    const run = await generate({ cwd: root });
    expect(run.written.map((f) => path.basename(f)).sort()).toEqual(["_party.ts", "extractgen.lock.json", "invoice.ts"]);
  });

  test("a hand-edited generated file is restored", async () => {
    await writeFile(at("src/extractors/receipt.ts"), "// edited by hand\n");
    const run = await generate({ cwd: root });
    expect(run.written.map((f) => path.basename(f))).toEqual(["receipt.ts"]);
    expect(await readFile(at("src/extractors/receipt.ts"), "utf8")).toContain("function extractReceipt(");
  });

  test("a new schema file and a deleted one are noticed", async () => {
    await write("schemas/refund.schema.json", { title: "Refund", type: "object" });
    await unlink(at("schemas/receipt.schema.json"));
    const run = await generate({ cwd: root });
    expect(run.written.map((f) => path.basename(f)).sort()).toEqual(["extractgen.lock.json", "index.ts", "refund.ts"]);
    expect(run.removed.map((f) => path.basename(f))).toEqual(["receipt.ts"]);
  });

  test("a changed option is not a no-op", async () => {
    await writeFile(at("extractgen.config.json"), JSON.stringify({ model: "gpt-4o-mini" }));
    const run = await generate({ cwd: root });
    expect(run.written.map((f) => path.basename(f)).sort()).toEqual(["extractgen.lock.json", "invoice.ts", "receipt.ts"]);
  });

  test("a run that skips everything reports the last run's errors again", async () => {
    await write("schemas/broken.schema.json", { title: "Broken", type: "object", properties: { p: { $ref: "_missing.schema.json" } } });
    const first = await generate({ cwd: root });
    const errors = first.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    const again = await generate({ cwd: root });
    expect(again.written).toEqual([]);
    expect(again.diagnostics).toEqual(first.diagnostics.filter((d) => d.severity !== "info"));
    // The referenced file that did not exist appears: the next run sees it.
    await write("schemas/_missing.schema.json", PARTY);
    const fixed = await generate({ cwd: root });
    expect(fixed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
