import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../../generator/diagnostics.js";
import { type ExtractorNameRequest, type NameRequest, nameProject } from "../../../generator/names/name-project.js";
import { lines, loadFiles } from "../load/project-fixture.js";

const S = "https://json-schema.org/draft/2020-12/schema";

function extractor(file: string, ladder: string[], version = 1, explicit = false): ExtractorNameRequest {
  return { key: `${file}#`, ladder, origin: { file, pointer: "" }, version, explicit };
}
function type(file: string, pointer: string, ladder: string[]): NameRequest {
  return { key: `${file}#${pointer}`, ladder, origin: { file, pointer } };
}

describe("nameProject", () => {
  test("distinct names stay as they are, with no diagnostics", () => {
    const names = nameProject([extractor("a.json", ["Invoice"])], [type("a.json", "/$defs/party", ["Party"])]);
    expect([...names.names.values()]).toEqual(["Invoice", "Party"]);
    expect(names.diagnostics).toEqual([]);
  });

  test("two types wanting one name are both qualified, with one warning naming both places", () => {
    const names = nameProject(
      [extractor("invoice.json", ["Invoice"]), extractor("order.json", ["Order"])],
      [type("invoice.json", "/$defs/party", ["Party", "InvoiceParty"]), type("order.json", "/$defs/party", ["Party", "OrderParty"])],
    );
    expect(names.names.get("invoice.json#/$defs/party")).toBe("InvoiceParty");
    expect(names.names.get("order.json#/$defs/party")).toBe("OrderParty");
    expect(names.diagnostics.map(formatDiagnostic)).toEqual([
      "warning EG_NAME_COLLISION invoice.json#/$defs/party: 2 types want the name Party: invoice.json#/$defs/party (exported as InvoiceParty), order.json#/$defs/party (exported as OrderParty)\n  hint: give the definitions distinct keys or titles to choose the names yourself",
    ]);
  });

  test("a type never takes an extractor's name; the warning names the extractor too", () => {
    const names = nameProject([extractor("invoice.json", ["Invoice"])], [type("order.json", "/$defs/invoice", ["Invoice", "OrderInvoice"])]);
    expect(names.names.get("invoice.json#")).toBe("Invoice");
    expect(names.names.get("order.json#/$defs/invoice")).toBe("OrderInvoice");
    expect(names.diagnostics[0]?.message).toBe("2 types want the name Invoice: invoice.json# (exported as Invoice), order.json#/$defs/invoice (exported as OrderInvoice)");
  });

  test("TypeScript globals and runtime types are never declared", () => {
    const names = nameProject([extractor("promise.json", ["Promise", "PromiseSchema"])], [type("a.json", "/$defs/record", ["Record", "ARecord"]), type("a.json", "/$defs/spec", ["ExtractorSpec", "AExtractorSpec"])]);
    expect([...names.names.values()]).toEqual(["PromiseSchema", "ARecord", "AExtractorSpec"]);
    expect(names.diagnostics.map((d) => d.code)).toEqual(["EG_NAME_COLLISION", "EG_NAME_COLLISION", "EG_NAME_COLLISION"]);
  });

  test("still colliding after every readable rung: an injective name, never a counter", () => {
    const names = nameProject([], [type("a.json", "/$defs/a-b", ["AB"]), type("a.json", "/$defs/a_b", ["AB"])]);
    const [first, second] = [...names.names.values()];
    expect(first).not.toBe(second);
    for (const name of [first, second]) expect(name).not.toMatch(/^AB\d*$/);
  });

  test("versions of one extractor name get V<N>; the bare name stays free for the alias", () => {
    const names = nameProject([extractor("v1/invoice.json", ["Invoice"], 1), extractor("v2/invoice.json", ["Invoice"], 2)], [type("x.json", "/$defs/invoice", ["Invoice", "XInvoice"])]);
    expect([...names.names.entries()]).toEqual([
      ["v1/invoice.json#", "InvoiceV1"],
      ["v2/invoice.json#", "InvoiceV2"],
      ["x.json#/$defs/invoice", "XInvoice"],
    ]);
    expect(names.versionGroups.get("Invoice")).toEqual(["v1/invoice.json#", "v2/invoice.json#"]);
  });

  test("same explicit name and version twice is EG_DUPLICATE_EXTRACTOR", () => {
    const names = nameProject([extractor("a.json", ["Invoice"], 1, true), extractor("b.json", ["Invoice"], 1, true)], []);
    expect(names.duplicates).toEqual(new Set(["b.json#"]));
    expect(names.diagnostics.map((d) => [d.code, d.severity, d.file, d.pointer])).toEqual([["EG_DUPLICATE_EXTRACTOR", "error", "b.json", "/x-extractor/name"]]);
  });

  test("same derived name and version: both fall back to their file names", () => {
    const names = nameProject([extractor("grpc.json", ["Config", "Grpc"]), extractor("rumdl.json", ["Config", "Rumdl"])], []);
    expect([...names.names.values()]).toEqual(["Grpc", "Rumdl"]);
    expect(names.diagnostics.map((d) => d.code)).toEqual(["EG_NAME_COLLISION"]);
  });

  test("an explicit name wins over a derived one", () => {
    const names = nameProject([extractor("a.json", ["Invoice"], 1, true), extractor("b.json", ["Invoice", "B"])], []);
    expect([...names.names.values()]).toEqual(["Invoice", "B"]);
  });
});

type LoadCase = [name: string, { given: Record<string, object>; want: Record<string, string> }];

/** `want`: module -> typeName for extractors, and `type:<origin>` -> name for other types. */
const loaded: LoadCase[] = [
  ["x-extractor.name wins over title and file name", { given: { "schemas/a.json": { $schema: S, title: "Title", "x-extractor": { name: "invoice-doc" } } }, want: { a: "InvoiceDoc" } }],
  ["title wins over file name", { given: { "schemas/a.json": { $schema: S, title: "purchase order" } }, want: { a: "PurchaseOrder" } }],
  ["file name without the schema extension", { given: { "schemas/line_item.schema.json": { $schema: S } }, want: { line_item: "LineItem" } }],
  ["version from $id /v<N>", { given: { "schemas/a.json": { $schema: S, $id: "https://acme.dev/invoice/v1", title: "Invoice" }, "schemas/b.json": { $schema: S, $id: "https://acme.dev/invoice/v2", title: "Invoice" } }, want: { a: "InvoiceV1", b: "InvoiceV2" } }],
  [
    "a non-definition target is named after its title, else its path",
    {
      given: { "schemas/invoice.json": { $schema: S, title: "Invoice", properties: { address: { type: "object" }, ship: { $ref: "#/properties/address" }, total: { title: "Money amount", type: "number" }, due: { $ref: "#/properties/total" } } } },
      want: { invoice: "Invoice", "type:schemas/invoice.json#/properties/address": "InvoicePropertiesAddress", "type:schemas/invoice.json#/properties/total": "MoneyAmount" },
    },
  ],
  [
    "a path below a definition starts at the definition",
    { given: { "schemas/a.json": { $schema: S, title: "A", $ref: "#/$defs/party/properties/name", $defs: { party: { properties: { name: { type: "string" } } } } } }, want: { a: "A", "type:schemas/a.json#/$defs/party": "Party", "type:schemas/a.json#/$defs/party/properties/name": "PartyPropertiesName" } },
  ],
];

describe("names of a loaded project", () => {
  for (const [name, { given, want }] of loaded) {
    test(name, async () => {
      const { project, diagnostics } = await loadFiles(given);
      expect(lines(diagnostics).filter((l) => l.startsWith("error"))).toEqual([]);
      const got: Record<string, string> = {};
      for (const x of project.extractors) got[x.module] = x.typeName;
      for (const t of project.types.values()) if (t.origin.pointer !== "") got[`type:${t.origin.file}#${t.origin.pointer}`] = t.name;
      expect(got).toEqual(want);
    });
  }
});
