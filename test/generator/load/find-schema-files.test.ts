import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findSchemaFiles, globToRegExp } from "../../../generator/load/find-schema-files.js";

let root = "";
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "extractgen-find-"));
  for (const file of ["schemas/b.schema.json", "schemas/a.json", "schemas/sub/c.yaml", "schemas/sub/d.yml", "schemas/notes.md", "schemas/.git/x.json", "schemas/node_modules/y.json", "other/e.json"]) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), "{}");
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

const cases: [given: string, want: string[]][] = [
  ["schemas", ["a.json", "b.schema.json", "sub/c.yaml", "sub/d.yml"]],
  ["schemas/", ["a.json", "b.schema.json", "sub/c.yaml", "sub/d.yml"]],
  ["schemas/*.json", ["a.json", "b.schema.json"]],
  ["schemas/**/*.schema.json", ["b.schema.json"]],
  ["schemas/**/*.{yaml,yml}", ["sub/c.yaml", "sub/d.yml"]],
  ["schemas/sub/?.yaml", ["c.yaml"]],
  ["schemas/[ab].json", ["a.json"]],
  ["schemas/a.json", ["a.json"]],
  ["missing", []],
];

describe("findSchemaFiles: folder, file or glob, sorted", () => {
  for (const [given, want] of cases) {
    test(given, async () => {
      const found = await findSchemaFiles(root, given);
      expect(found.map((f) => f.schemaPath)).toEqual(want);
      for (const f of found) expect(path.isAbsolute(f.absPath)).toBe(true);
    });
  }
});

test("an injected lister replaces the file system (diff reads from git)", async () => {
  const found = await findSchemaFiles("/repo", "schemas", async (dir) => [`${dir}/z.json`, `${dir}/a/b.yaml`, `${dir}/readme.txt`]);
  expect(found.map((f) => f.schemaPath)).toEqual(["a/b.yaml", "z.json"]);
});

test("glob: ** spans folders, * stays in one", () => {
  expect(globToRegExp("**/*.json").test("a/b/c.json")).toBe(true);
  expect(globToRegExp("**/*.json").test("c.json")).toBe(true);
  expect(globToRegExp("*.json").test("a/c.json")).toBe(false);
  expect(globToRegExp("a.b").test("axb")).toBe(false);
});
