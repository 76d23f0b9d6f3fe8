/**
 * Every golden case generates exactly its `expected/` files, byte for byte. Goldens change only
 * through `npm run goldens:update` (GOLDENS_UPDATE=1), which rewrites `expected/`: a plain test
 * run never writes one, and fails on an expected file nothing generates.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { CASES_DIR, generateCase, inTempDir, listCases, readExpected } from "./helpers/golden-cases.js";

const UPDATE = process.env["GOLDENS_UPDATE"] === "1";
const cases = await listCases();

describe("golden cases", () => {
  test("there are at least 20 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  for (const name of cases) {
    test(name, async () => {
      const outputs = await inTempDir((dir) => generateCase(name, dir));
      if (UPDATE) {
        const expectedDir = path.join(CASES_DIR, name, "expected");
        await rm(expectedDir, { recursive: true, force: true });
        for (const [file, content] of outputs) {
          await mkdir(path.dirname(path.join(expectedDir, file)), { recursive: true });
          await writeFile(path.join(expectedDir, file), content);
        }
        return;
      }
      const expected = await readExpected(name);
      expect([...outputs.keys()].sort(), "generated files").toEqual([...expected.keys()].sort());
      for (const [file, content] of outputs) expect(content, `${name}/expected/${file}`).toBe(expected.get(file));
    });
  }
});
