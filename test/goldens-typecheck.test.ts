/**
 * All golden modules type-check together, with the compile-only checks in test/types/, under
 * strict + exactOptionalPropertyTypes + noUncheckedIndexedAccess + noUnused* and module nodenext
 * (tsconfig.goldens.json; `extractgen/runtime` maps to runtime/index.ts, so no build is needed).
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { REPO } from "./helpers/golden-cases.js";

const tsc = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");

test("goldens and test/types type-check under tsconfig.goldens.json", async () => {
  const result = await promisify(execFile)(process.execPath, [tsc, "-p", path.join(REPO, "tsconfig.goldens.json"), "--pretty", "false"], { cwd: REPO }).catch(
    (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
  );
  expect(result.stdout).toBe("");
}, 180_000);
