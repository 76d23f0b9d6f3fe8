/**
 * Generation is deterministic (design.md §4): the same case generated twice, in two different
 * folders, gives byte-identical files; a second `generate` in the same folder writes nothing.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { generate } from "../generator/generate.js";
import { generateCase, inTempDir } from "./helpers/golden-cases.js";

const CASES = ["refs-across-files", "versions", "odd-property-names", "ref-map"];

test.each(CASES)("%s: byte-identical in two folders", async (name) => {
  const first = await inTempDir((dir) => generateCase(name, dir));
  const second = await inTempDir((dir) => generateCase(name, dir));
  expect([...second.keys()]).toEqual([...first.keys()]);
  for (const [file, content] of first) expect(second.get(file), file).toBe(content);
});

test("a second generate in the same folder rewrites nothing", async () => {
  await inTempDir(async (dir) => {
    await generateCase("refs-across-files", dir);
    const before = await readFile(path.join(dir, "out", "invoice.ts"), "utf8");
    const again = await generate({ cwd: dir, schemas: "schemas", out: "out" });
    expect(again.written).toEqual([]);
    expect(again.removed).toEqual([]);
    expect(await readFile(path.join(dir, "out", "invoice.ts"), "utf8")).toBe(before);
  });
});
