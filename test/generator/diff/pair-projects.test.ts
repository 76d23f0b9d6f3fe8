import { describe, expect, test } from "vitest";
import { diffProjects } from "../../../generator/diff/pair-projects.js";
import { renderDiffJson, renderDiffText } from "../../../generator/diff/render.js";
import { blockedDiagnostics } from "../../../generator/diff/report.js";
import type { JsonSchemaObject } from "../../../generator/json-schema.js";
import type { ExtractorSchema, SchemaProject } from "../../../generator/load/project.js";

/** An extractor as load would hand it over; the hash stands for the file content. */
function extractor(file: string, name: string, version: number, schema: JsonSchemaObject): ExtractorSchema {
  return {
    file,
    uri: `file:///repo/${file}`,
    draft: "2020-12",
    module: file.replace(/\..*$/, ""),
    name,
    version,
    typeName: name,
    settings: {},
    schema,
    hash: JSON.stringify(schema),
    sources: [file],
  };
}

const project = (...extractors: ExtractorSchema[]): SchemaProject => ({ extractors, types: new Map(), typeModules: [] });

const V1 = { type: "object", properties: { note: { type: "string", maxLength: 40 } } };
const LOOSER = { type: "object", properties: { note: { type: "string", maxLength: 80 } } };
const TIGHTER = { type: "object", properties: { note: { type: "string", maxLength: 20 } } };

describe("diffProjects", () => {
  test("a breaking change without a higher version is blocked", () => {
    const [d] = diffProjects(project(extractor("invoice.json", "Invoice", 1, V1)), project(extractor("invoice.json", "Invoice", 1, LOOSER)));
    expect(d).toMatchObject({ file: "invoice.json", status: "changed", oldVersion: 1, newVersion: 1, blocked: true });
    expect(d!.changes).toEqual([{ kind: "breaking", pointer: "/properties/note", what: "maxLength 40 -> 80" }]);
  });

  test("a higher version lets a breaking change through", () => {
    const [d] = diffProjects(project(extractor("invoice.json", "Invoice", 1, V1)), project(extractor("invoice.json", "Invoice", 2, LOOSER)));
    expect(d).toMatchObject({ status: "changed", blocked: false });
  });

  test("compatible changes never block", () => {
    const [d] = diffProjects(project(extractor("invoice.json", "Invoice", 1, V1)), project(extractor("invoice.json", "Invoice", 1, TIGHTER)));
    expect(d).toMatchObject({ status: "changed", blocked: false });
  });

  test("an unchanged hash is not compared", () => {
    const same = extractor("invoice.json", "Invoice", 1, V1);
    expect(diffProjects(project(same), project({ ...same }))).toEqual([
      { file: "invoice.json", status: "unchanged", name: "Invoice", oldVersion: 1, newVersion: 1, changes: [], blocked: false },
    ]);
  });

  test("a new schema is one compatible change", () => {
    expect(diffProjects(project(), project(extractor("receipt.json", "Receipt", 1, V1)))).toEqual([
      { file: "receipt.json", status: "added", name: "Receipt", newVersion: 1, changes: [{ kind: "compatible", pointer: "", what: "schema added" }], blocked: false },
    ]);
  });

  test("a deleted schema is breaking and blocked", () => {
    const [d] = diffProjects(project(extractor("receipt.json", "Receipt", 1, V1)), project());
    expect(d).toMatchObject({ status: "deleted", blocked: true, changes: [{ kind: "breaking", pointer: "", what: "schema deleted", side: "old" }] });
  });

  test("a deleted schema whose extractor lives on in a higher version is not blocked", () => {
    const diffs = diffProjects(
      project(extractor("invoice.json", "Invoice", 1, V1)),
      project(extractor("invoice-v2.json", "Invoice", 2, LOOSER), extractor("other.json", "Other", 1, V1)),
    );
    // Name alone pairs them (one Invoice on each side), and the version went up.
    expect(diffs.map((d) => [d.file, d.oldFile, d.status, d.blocked])).toEqual([
      ["invoice-v2.json", "invoice.json", "changed", false],
      ["other.json", undefined, "added", false],
    ]);
  });

  test("a deleted schema is not blocked when a higher version of its extractor remains", () => {
    const diffs = diffProjects(
      project(extractor("invoice.json", "Invoice", 1, V1)),
      project(extractor("invoice-v2.json", "Invoice", 2, LOOSER), extractor("invoice-v3.json", "Invoice", 3, TIGHTER)),
    );
    // Two new Invoice files: no unambiguous pair, so the old one counts as deleted.
    expect(diffs.map((d) => [d.file, d.status, d.blocked])).toEqual([
      ["invoice-v2.json", "added", false],
      ["invoice-v3.json", "added", false],
      ["invoice.json", "deleted", false],
    ]);
  });

  test("a moved file pairs with its old path by name and version", () => {
    const [d] = diffProjects(project(extractor("a/invoice.json", "Invoice", 1, V1)), project(extractor("b/invoice.json", "Invoice", 1, V1)));
    expect(d).toMatchObject({ file: "b/invoice.json", oldFile: "a/invoice.json", status: "unchanged", blocked: false });
  });

  test("versions side by side: the old file keeps v1, a new file adds v2", () => {
    const diffs = diffProjects(
      project(extractor("invoice.json", "Invoice", 1, V1)),
      project(extractor("invoice.json", "Invoice", 1, V1), extractor("invoice.v2.json", "Invoice", 2, LOOSER)),
    );
    expect(diffs.map((d) => [d.file, d.status, d.blocked])).toEqual([
      ["invoice.json", "unchanged", false],
      ["invoice.v2.json", "added", false],
    ]);
  });
});

describe("locateChanges", () => {
  const PARTY = (maxLength: number) => ({ type: "object", properties: { name: { type: "string", maxLength } } });
  const bundled = (party: JsonSchemaObject, extra: Record<string, unknown> = {}) => ({
    type: "object", properties: { buyer: { $ref: "#/$defs/Party" }, ...extra }, $defs: { Party: party },
  });
  /** A project where Party was written at `origin`. */
  const withParty = (x: ExtractorSchema, origin: { file: string; pointer: string }): SchemaProject => ({
    extractors: [x],
    types: new Map([["Party", { name: "Party", module: "invoice", schema: {}, origin }]]),
    typeModules: [],
  });

  test("a change inside a definition points where the definition is written", () => {
    const o = extractor("invoice.json", "Invoice", 1, bundled(PARTY(40)));
    const n = extractor("invoice.json", "Invoice", 1, bundled(PARTY(80)));
    const sameFile = { file: "invoice.json", pointer: "/definitions/party" };
    const [d] = diffProjects(withParty(o, sameFile), withParty(n, sameFile));
    expect(d!.changes).toEqual([{ kind: "breaking", pointer: "/definitions/party/properties/name", what: "maxLength 40 -> 80" }]);
    const otherFile = { file: "_party.json", pointer: "" };
    const [e] = diffProjects(withParty(o, otherFile), withParty(n, otherFile));
    expect(e!.changes).toEqual([{ kind: "breaking", pointer: "/properties/name", what: "maxLength 40 -> 80", file: "_party.json" }]);
  });

  test("a removed node is located with the old project's definitions", () => {
    const o = extractor("invoice.json", "Invoice", 1, bundled({ type: "object", properties: { name: { type: "string" }, vat: { type: "string" } } }));
    const n = extractor("invoice.json", "Invoice", 1, bundled({ type: "object", properties: { name: { type: "string" } } }));
    const [d] = diffProjects(withParty(o, { file: "invoice.json", pointer: "/$defs/OldParty" }), withParty(n, { file: "invoice.json", pointer: "/$defs/NewParty" }));
    expect(d!.changes).toEqual([{ kind: "compatible", pointer: "/$defs/OldParty/properties/vat", what: 'property "vat" removed', side: "old" }]);
  });
});

describe("rendering", () => {
  const report = {
    schemas: diffProjects(
      project(extractor("invoice.json", "Invoice", 1, V1), extractor("old.json", "Old", 1, V1)),
      project(extractor("invoice.json", "Invoice", 1, LOOSER), extractor("new.json", "New", 1, TIGHTER)),
    ),
    diagnostics: [],
  };

  test("text: one line per change, then the totals", () => {
    expect(renderDiffText(report, /* withFiles */ true)).toBe(
      [
        "breaking invoice.json#/properties/note maxLength 40 -> 80",
        "compatible new.json# schema added",
        "breaking old.json# schema deleted",
        "2 breaking, 1 compatible",
        "",
      ].join("\n"),
    );
  });

  test("text without files starts each place with #", () => {
    const one = { schemas: report.schemas.slice(0, 1), diagnostics: [] };
    expect(renderDiffText(one, /* withFiles */ false)).toBe("breaking #/properties/note maxLength 40 -> 80\n1 breaking, 0 compatible\n");
  });

  test("JSON carries the totals, ok and every schema", () => {
    const json = JSON.parse(renderDiffJson(report));
    expect(json).toMatchObject({ ok: false, breaking: 2, compatible: 1 });
    expect(json.schemas.map((s: { file: string; blocked: boolean }) => [s.file, s.blocked])).toEqual([
      ["invoice.json", true],
      ["new.json", false],
      ["old.json", true],
    ]);
  });

  test("each blocked schema gets a diagnostic naming the version to use", () => {
    expect(blockedDiagnostics(report).map((d) => [d.code, d.file, d.message, d.hint])).toEqual([
      ["EG_BREAKING_WITHOUT_VERSION", "invoice.json", "1 breaking change and the version stays 1", 'set "x-extractor": { "version": 2 } (or end $id with /v2), or keep the old schema beside the new one'],
      ["EG_SCHEMA_DELETED", "old.json", "schema deleted: extractor Old (version 1) is gone", "keep the file while consumers migrate, or add its successor with a higher x-extractor.version"],
    ]);
  });
});
