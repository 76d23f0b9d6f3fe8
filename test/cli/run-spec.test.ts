import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadRuntimeSpec } from "../../generator/cli/run-spec.js";
import { validate } from "../../runtime/index.js";

const root = mkdtempSync(join(tmpdir(), "extractgen-run-spec-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
/** A project folder with the given schema files under `schemas/`. */
function project(files: Record<string, unknown>): string {
  const dir = join(root, `p${++count}`);
  mkdirSync(join(dir, "schemas"), { recursive: true });
  for (const [name, schema] of Object.entries(files)) writeFileSync(join(dir, "schemas", name), typeof schema === "string" ? schema : JSON.stringify(schema));
  return dir;
}

const invoice = (version: number, extra: Record<string, unknown> = {}) => ({
  title: "Invoice",
  description: `Extract the invoice (v${version}).`,
  "x-extractor": { version, model: "m-inv", provider: "anthropic", temperature: 0 },
  type: "object",
  properties: { number: { type: "string" }, issued: { type: "string", format: "date" }, ...extra },
  required: ["number", "issued"],
});

describe("loadRuntimeSpec", () => {
  test("builds the spec generate would emit: settings, wires and the original schema's validator", async () => {
    const dir = project({ "invoice.schema.json": invoice(1) });
    const { spec, diagnostics } = await loadRuntimeSpec({ root: dir, schemas: "schemas", name: "Invoice" });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(spec).toMatchObject({ name: "Invoice", version: 1, instructions: "Extract the invoice (v1).", model: "m-inv", provider: "anthropic", temperature: 0 });
    expect(spec?.wire.openai.mode).toBe("strict");
    expect(spec?.wire.anthropic.schema).toBeTypeOf("object");
    if (spec === undefined) return;
    expect(validate(spec, { number: "A-1", issued: "2025-01-31" })).toEqual({ ok: true, value: { number: "A-1", issued: "2025-01-31" } });
    // Formats are checked too: the provider may not enforce them, the validator does.
    const bad = validate(spec, { number: "A-1", issued: "31/01/2025" });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]?.path).toBe("/issued");
  });

  test("a pattern that only compiles without the u flag is enforced, as in the emitted validator", async () => {
    const dir = project({
      "tag.schema.json": { title: "Tag", type: "object", properties: { slug: { type: "string", pattern: "^[\\w-.]+$" } }, required: ["slug"] },
    });
    const { spec, diagnostics } = await loadRuntimeSpec({ root: dir, schemas: "schemas", name: "Tag" });
    expect(diagnostics).toEqual([]);
    if (spec === undefined) throw new Error("no spec");
    expect(validate(spec, { slug: "a-b.c_d" }).ok).toBe(true);
    expect(validate(spec, { slug: "a b" }).ok).toBe(false);
  });

  test("a name picks the newest version; NameV<N> picks one; case is forgiven", async () => {
    const dir = project({ "invoice-v1.schema.json": invoice(1), "invoice-v2.schema.json": invoice(2, { total: { type: "number" } }) });
    const pick = async (name: string) => (await loadRuntimeSpec({ root: dir, schemas: "schemas", name })).spec?.version;
    expect(await pick("Invoice")).toBe(2);
    expect(await pick("InvoiceV1")).toBe(1);
    expect(await pick("invoicev2")).toBe(2);
    expect(await pick("invoice")).toBe(2);
  });

  test("an unknown name gives no spec and a diagnostic with the names there are", async () => {
    const dir = project({ "invoice.schema.json": invoice(1), "receipt.schema.json": { title: "Receipt", type: "object" } });
    const { spec, diagnostics } = await loadRuntimeSpec({ root: dir, schemas: "schemas", name: "Invoic" });
    expect(spec).toBeUndefined();
    expect(diagnostics).toContainEqual({
      code: "EG_EXTRACTOR_NOT_FOUND",
      severity: "error",
      message: 'no extractor named "Invoic" in schemas',
      hint: 'did you mean "Invoice"? names here: Invoice, Receipt',
    });
  });

  test("an extractor whose schema has errors gives no spec; another file's errors do not matter", async () => {
    const dir = project({ "invoice.schema.json": invoice(1), "broken.schema.json": "{ not json", "bad.schema.json": { title: "Bad", type: "object", properties: { x: { $ref: "#/$defs/missing" } } } });
    const ok = await loadRuntimeSpec({ root: dir, schemas: "schemas", name: "Invoice" });
    expect(ok.spec?.name).toBe("Invoice");
    expect(ok.diagnostics).toEqual([]);
    const bad = await loadRuntimeSpec({ root: dir, schemas: "schemas", name: "Bad" });
    expect(bad.spec).toBeUndefined();
    expect(bad.diagnostics.some((d) => d.code === "EG_REF_UNRESOLVED" && d.file === "schemas/bad.schema.json")).toBe(true);
  });
});
