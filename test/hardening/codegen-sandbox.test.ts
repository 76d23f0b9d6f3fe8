/**
 * Codegen touches nothing it should not (#9 point 2): remote `$ref`s are never fetched (a server on
 * 127.0.0.1 counts requests: zero), and no schema path or name can place a file outside the output
 * folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../generator/diagnostics.js";
import { loadProject } from "../../generator/load/index.js";
import { nameModule } from "../../generator/names/index.js";

const S = "https://json-schema.org/draft/2020-12/schema";

let server: Server;
let requests = 0;
let origin = "";
let root: string;

beforeAll(async () => {
  // Answers every request with a valid schema: a fetch would succeed, and be counted.
  server = createServer((_req, res) => {
    requests++;
    res.setHeader("content-type", "application/schema+json");
    res.end(JSON.stringify({ $schema: S, type: "object", properties: { name: { type: "string" } } }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = mkdtempSync(join(tmpdir(), "extractgen-harden-sandbox-"));
});

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await new Promise<void>((done) => server.close(() => done()));
});

/** Write schema files into a fresh folder under `root`; returns the folder's name. */
let projects = 0;
function project(files: Record<string, unknown>): string {
  const name = `p${++projects}`;
  for (const [file, value] of Object.entries(files)) {
    const target = join(root, name, file);
    mkdirSync(join(target, ".."), { recursive: true });
    writeFileSync(target, JSON.stringify(value));
  }
  return name;
}

describe("remote references are never fetched", () => {
  test("$ref, relative refs under a remote $id, $dynamicRef and a remote $schema: zero requests, EG_REF_UNRESOLVED", async () => {
    const name = project({
      "schemas/direct.schema.json": { $schema: S, title: "Direct", type: "object", properties: { party: { $ref: `${origin}/party.json` } } },
      "schemas/based.schema.json": { $schema: S, $id: `${origin}/schemas/based.json`, title: "Based", type: "object", properties: { party: { $ref: "party.json" } } },
      "schemas/dynamic.schema.json": { $schema: S, title: "Dynamic", type: "object", properties: { party: { $dynamicRef: `${origin}/party.json#node` } } },
      "schemas/meta.schema.json": { $schema: `${origin}/meta.json`, title: "Meta", type: "object" },
    });
    const { diagnostics } = await loadProject({ root: join(root, name), schemas: "schemas", refMap: { "https://elsewhere.example/": "shared" } });
    expect(requests).toBe(0);
    const unresolved = diagnostics.filter((d) => d.code === "EG_REF_UNRESOLVED").map((d) => d.file);
    expect(unresolved.sort()).toEqual(["schemas/based.schema.json", "schemas/direct.schema.json", "schemas/dynamic.schema.json"]);
    for (const d of diagnostics.filter((x) => x.code === "EG_REF_UNRESOLVED")) expect(formatDiagnostic(d)).toContain("--ref-map");
  });

  test("a --ref-map for the remote prefix reads the local folder instead", async () => {
    const name = project({
      "schemas/direct.schema.json": { $schema: S, title: "Direct", type: "object", properties: { party: { $ref: `${origin}/party.json` } } },
      "shared/party.json": { $schema: S, type: "object", properties: { name: { type: "string" } } },
    });
    const { project: loaded, diagnostics } = await loadProject({ root: join(root, name), schemas: "schemas", refMap: { [`${origin}/`]: "shared" } });
    expect(requests).toBe(0);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(loaded.extractors.map((x) => x.typeName)).toEqual(["Direct"]);
  });
});

describe("nothing can be named outside the output folder", () => {
  const OUT = resolve(tmpdir(), "extractgen-out");
  const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
  // Pieces that have escaped output folders before: traversal, separators of both systems, drive
  // letters, NUL, device names, percent-encoding, line separators, combining marks.
  const piece = fc.constantFrom("..", ".", "/", "\\", "\u0000", "C:", "con", "AUX", "nul", "lpt1", "COM¹", " ", "a", "index", ".json", ".schema.json", "%2e", "\u2028", "é", "\u0301", "~", "$", "*", "?", ":", "|", "<", ">", '"', "\t", "\n");

  test("any schema path gives a module of plain segments below --out (fast-check, seeded)", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join("")), (schemaPath) => {
        const { module } = nameModule(schemaPath, "schemas/x.json");
        expect(resolve(OUT, `${module}.ts`).startsWith(OUT + sep)).toBe(true);
        for (const segment of module.split("/")) {
          expect(segment).toMatch(/^[\p{L}\p{N}_-]+$/u);
          expect(segment).not.toMatch(WINDOWS_DEVICE);
        }
        expect(module.toLowerCase()).not.toBe("index");
      }),
      { numRuns: 5_000, seed: 9 },
    );
  });

  test("x-extractor.name, title and version cannot carry a path: names are identifiers, modules come from the file", async () => {
    const hostile = ["../../../etc/evil", "/abs/olute", "a/b\\c", "CON", "aux.ts", "nul\u0000byte", "__proto__", "constructor", "*/ evil() /*", "${process.exit(1)}"];
    const files: Record<string, unknown> = {};
    hostile.forEach((name, i) => {
      files[`schemas/named-${i}.schema.json`] = { $schema: S, type: "object", "x-extractor": { name, version: i + 1 } };
      files[`schemas/titled-${i}.schema.json`] = { $schema: S, title: name, type: "object" };
    });
    files["schemas/version.schema.json"] = { $schema: S, title: "Versioned", type: "object", "x-extractor": { version: "../2" } };
    const name = project(files);
    const { project: loaded, diagnostics } = await loadProject({ root: join(root, name), schemas: "schemas" });
    for (const extractor of loaded.extractors) {
      expect(extractor.name).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
      expect(extractor.typeName).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
      expect(extractor.module).toBe(extractor.file.replace(/^schemas\//, "").replace(/\.schema\.json$/, ""));
      expect(Number.isInteger(extractor.version)).toBe(true);
    }
    expect(diagnostics.filter((d) => d.code === "EG_EXTRACTOR_SETTINGS").map((d) => d.file)).toContain("schemas/version.schema.json");
  });
});
