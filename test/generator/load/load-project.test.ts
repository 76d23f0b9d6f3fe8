import { describe, expect, test } from "vitest";
import { hasErrors } from "../../../generator/diagnostics.js";
import { lines, loadFiles } from "./project-fixture.js";

const S = "https://json-schema.org/draft/2020-12/schema";
const PARTY = { $schema: S, $defs: { party: { type: "object", properties: { name: { type: "string" } } } } };

describe("one bad schema does not stop the others", () => {
  test("syntax error, empty file, false root and meta-schema violation are reported; the good schema loads", async () => {
    const { project, diagnostics } = await loadFiles({
      "schemas/good.json": { $schema: S, title: "Good", type: "string" },
      "schemas/broken.json": '{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string" }\n    "b": {}\n  }\n}',
      "schemas/empty.yaml": "\n",
      "schemas/never.json": false,
      "schemas/typo.json": { $schema: S, properties: { a: { type: "strng" } } },
    });
    expect(lines(diagnostics)).toEqual([
      "error EG_SYNTAX schemas/broken.json:5:5: unexpected '\"', expected ',' or '}'",
      "error EG_FILE_EMPTY schemas/empty.yaml: the file is empty",
      "error EG_ROOT_BOOLEAN schemas/never.json#: the schema is `false`: no value is ever valid, so no extractor can succeed",
      'error EG_SCHEMA_INVALID schemas/typo.json#/properties/a/type: "type" must be one of array, boolean, integer, null, number, object, string (found "strng")',
    ]);
    expect(diagnostics.at(-1)?.hint).toBe('did you mean "string"?');
    expect(project.extractors.map((x) => x.typeName)).toEqual(["Good"]);
    expect(hasErrors(diagnostics)).toBe(true);
  });

  test("a true root is a warning and still an extractor (of anything)", async () => {
    const { project, diagnostics } = await loadFiles({ "schemas/any.json": true });
    expect(lines(diagnostics)).toEqual(["warning EG_ROOT_BOOLEAN schemas/any.json#: the schema is `true`: it accepts anything, so the extractor returns unknown"]);
    expect(project.extractors[0]?.schema).toEqual({});
  });

  test("no schema files at all", async () => {
    const { diagnostics } = await loadFiles({ "other/a.json": {} });
    expect(lines(diagnostics)).toEqual(['error EG_NO_SCHEMAS: no schema files found at "schemas"']);
  });

  test("an unknown $schema is a warning; the draft is inferred", async () => {
    const { project, diagnostics } = await loadFiles({ "schemas/a.json": { $schema: "https://example.com/my-dialect", definitions: { x: { type: "string" } }, items: [{ $ref: "#/definitions/x" }] } });
    expect(lines(diagnostics)).toEqual(['warning EG_DRAFT_UNKNOWN schemas/a.json#/$schema: unknown $schema "https://example.com/my-dialect"; reading the file as draft-07']);
    expect(project.extractors[0]?.draft).toBe("draft-07");
    expect(project.extractors[0]?.schema).toEqual({ prefixItems: [{ $ref: "#/$defs/X" }], $defs: { X: { type: "string" } } });
  });

  test("two files for one module name: the second is an error", async () => {
    const { project, diagnostics } = await loadFiles({ "schemas/a.json": { $schema: S }, "schemas/a.yaml": "type: string\n" });
    expect(lines(diagnostics)).toEqual(["error EG_MODULE_NAME schemas/a.yaml: module a is already written for schemas/a.json"]);
    expect(project.extractors.map((x) => x.file)).toEqual(["schemas/a.json"]);
  });
});

describe("types: each definition once, owned by one module", () => {
  test("a ref-only `_` file owns its definitions, lists a type module, and has no extractor", async () => {
    const { project } = await loadFiles({
      "schemas/_common.json": PARTY,
      "schemas/invoice.json": { $schema: S, title: "Invoice", properties: { buyer: { $ref: "_common.json#/$defs/party" } } },
      "schemas/order.json": { $schema: S, title: "Order", properties: { buyer: { $ref: "_common.json#/$defs/party" } } },
    });
    expect(project.extractors.map((x) => x.module)).toEqual(["invoice", "order"]);
    expect(project.typeModules).toEqual(["_common"]);
    expect(project.types.get("Party")).toEqual({ name: "Party", module: "_common", schema: PARTY.$defs.party, origin: { file: "schemas/_common.json", pointer: "/$defs/party" } });
    for (const x of project.extractors) expect(x.schema.$defs).toEqual({ Party: PARTY.$defs.party });
  });

  test("a definition in another generated schema belongs to that schema's module", async () => {
    const { project } = await loadFiles({
      "schemas/a.json": { $schema: S, title: "A", properties: { p: { $ref: "b.json#/$defs/party" } } },
      "schemas/b.json": { ...PARTY, title: "B", properties: { p: { $ref: "#/$defs/party" } } },
    });
    expect(project.types.get("Party")?.module).toBe("b");
  });

  test("a definition outside the schemas folder belongs to the first extractor reaching it", async () => {
    const { project } = await loadFiles({
      "schemas/zeta.json": { $schema: S, title: "Zeta", properties: { p: { $ref: "../shared/party.json#/$defs/party" } } },
      "schemas/alpha.json": { $schema: S, title: "Alpha", properties: { p: { $ref: "../shared/party.json#/$defs/party" } } },
      "shared/party.json": PARTY,
    });
    expect(project.types.get("Party")?.module).toBe("alpha");
    expect(project.typeModules).toEqual([]);
  });

  test("named types refer to the root by name; the bundle refers to it as #", async () => {
    const { project } = await loadFiles({ "schemas/tree.json": { $schema: S, title: "Tree", properties: { kids: { type: "array", items: { $ref: "#/$defs/kid" } } }, $defs: { kid: { $ref: "#" } } } });
    expect(project.types.get("Kid")?.schema).toEqual({ $ref: "#/$defs/Tree" });
    expect(project.extractors[0]?.schema).toEqual({ title: "Tree", properties: { kids: { type: "array", items: { $ref: "#/$defs/Kid" } } }, $defs: { Kid: { $ref: "#" } } });
  });

  test("unreferenced definitions are exported types, but stay out of the bundle", async () => {
    const { project } = await loadFiles({ "schemas/a.json": { $schema: S, title: "A", type: "string", $defs: { spare: { type: "number" } } } });
    expect([...project.types.keys()]).toEqual(["A", "Spare"]);
    expect(project.extractors[0]?.schema).toEqual({ title: "A", type: "string" });
  });

  test("a definitions entry that is not a schema is no type (and no error until something refers to it)", async () => {
    const { project, diagnostics } = await loadFiles({ "schemas/a.json": { $schema: "http://json-schema.org/draft-07/schema#", title: "A", $defs: { description: "prose", n: { type: "number" } } } });
    expect(lines(diagnostics)).toEqual([]);
    expect([...project.types.keys()]).toEqual(["A", "N"]);
  });

  test("no $id is left in a bundle", async () => {
    const { project } = await loadFiles({ "schemas/a.json": { $schema: S, $id: "https://acme.dev/a.json", properties: { b: { $id: "b.json", $anchor: "x", type: "string" }, c: { $ref: "b.json" } } } });
    expect(JSON.stringify(project.extractors[0]?.schema)).not.toMatch(/\$id|\$anchor|\$schema/);
    expect(project.extractors[0]?.uri).toBe("https://acme.dev/a.json");
  });
});

describe("hash and sources", () => {
  const files = {
    "schemas/invoice.json": { $schema: S, title: "Invoice", properties: { p: { $ref: "../shared/party.json#/$defs/party" }, q: { $ref: "_money.json" } } },
    "schemas/_money.json": { $schema: S, type: "number" },
    "shared/party.json": PARTY,
  };

  test("sources: the file first, then every file it references, sorted", async () => {
    const { project } = await loadFiles(files);
    expect(project.extractors[0]?.sources).toEqual(["schemas/invoice.json", "schemas/_money.json", "shared/party.json"]);
    expect(project.extractors[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("the hash does not depend on the folder, and changes with a referenced file", async () => {
    const first = await loadFiles(files);
    const again = await loadFiles(files);
    const changed = await loadFiles({ ...files, "shared/party.json": { ...PARTY, description: "changed" } });
    expect(again.root).not.toBe(first.root);
    expect(again.project.extractors[0]?.hash).toBe(first.project.extractors[0]?.hash);
    expect(changed.project.extractors[0]?.hash).not.toBe(first.project.extractors[0]?.hash);
  });

  test("loading twice, in another folder, gives the same project (only the file:// URI differs)", async () => {
    const first = await loadFiles(files);
    const again = await loadFiles(files);
    const withoutUri = (p: typeof first.project) => ({ ...p, extractors: p.extractors.map(({ uri, ...rest }) => rest) });
    expect(withoutUri(again.project)).toEqual(withoutUri(first.project));
    expect(JSON.stringify(withoutUri(again.project).extractors)).not.toContain(again.root);
    expect(again.diagnostics).toEqual(first.diagnostics);
  });
});

test("readFile can be injected (diff loads old versions from git)", async () => {
  const { root } = await loadFiles({ "schemas/a.json": { $schema: S, title: "Disk" } });
  const { loadProject } = await import("../../../generator/load/index.js");
  const { project } = await loadProject({ root, schemas: "schemas", readFile: async () => JSON.stringify({ $schema: S, title: "FromGit" }) });
  expect(project.extractors[0]?.typeName).toBe("FromGit");
});
