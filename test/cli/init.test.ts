import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { type InitArgs, runInit } from "../../generator/cli/init.js";
import { generate } from "../../generator/generate.js";

const DEFAULTS: InitArgs = { schemas: "schemas", out: "src/extractors" };

let dir: string;
const at = (...parts: string[]) => path.join(dir, ...parts);

async function init(args: InitArgs = DEFAULTS): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runInit(args, { cwd: dir, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "extractgen-init-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("extractgen init", () => {
  test("a fresh project gets the config, a sample schema and both scripts", async () => {
    await writeFile(at("package.json"), '{\n    "name": "app",\n    "scripts": {\n        "build": "tsc"\n    }\n}\n');
    expect(await init()).toEqual({
      code: 0,
      stdout: [
        "created  extractgen.config.json",
        "created  schemas/invoice.schema.json",
        "added    scripts codegen, codegen:check to package.json",
        "next: npm run codegen  (writes src/extractors; commit it with extractgen.lock.json)",
        "",
      ].join("\n"),
      stderr: "",
    });
    expect(JSON.parse(await readFile(at("extractgen.config.json"), "utf8"))).toEqual({ schemas: "schemas", out: "src/extractors" });
    // The user's indentation and scripts stay; ours are added after them.
    expect(await readFile(at("package.json"), "utf8")).toBe('{\n    "name": "app",\n    "scripts": {\n        "build": "tsc",\n        "codegen": "extractgen generate",\n        "codegen:check": "extractgen check"\n    }\n}\n');
  });

  test("a second run overwrites nothing and says what it skipped", async () => {
    await writeFile(at("package.json"), JSON.stringify({ name: "app" }));
    await init();
    await writeFile(at("schemas/invoice.schema.json"), "{}\n");
    const again = await init();
    expect(again.stdout).toBe([
      "skipped  extractgen.config.json (it exists)",
      "skipped  schemas/invoice.schema.json (it exists)",
      "skipped  script codegen (already there)",
      "skipped  script codegen:check (already there)",
      "next: npm run codegen  (writes src/extractors; commit it with extractgen.lock.json)",
      "",
    ].join("\n"));
    expect(await readFile(at("schemas/invoice.schema.json"), "utf8")).toBe("{}\n");
  });

  test("a script of the same name doing something else is kept", async () => {
    await writeFile(at("package.json"), JSON.stringify({ scripts: { codegen: "openapi-ts" } }, null, 2));
    const run = await init();
    expect(run.stdout).toContain('skipped  script codegen (package.json has "openapi-ts"; wanted "extractgen generate")');
    expect(run.stdout).toContain("added    script codegen:check to package.json");
    expect(JSON.parse(await readFile(at("package.json"), "utf8")).scripts).toEqual({ codegen: "openapi-ts", "codegen:check": "extractgen check" });
  });

  test("without package.json the scripts are named for the user to add", async () => {
    const run = await init({ schemas: "contracts", out: "gen" });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('skipped  package.json scripts (no package.json here): add "codegen": "extractgen generate", "codegen:check": "extractgen check"');
    expect(JSON.parse(await readFile(at("extractgen.config.json"), "utf8"))).toEqual({ schemas: "contracts", out: "gen" });
    await readFile(at("contracts/invoice.schema.json"), "utf8");
  });

  test("a package.json that does not parse is reported and left alone", async () => {
    await writeFile(at("package.json"), "{ not json");
    const run = await init();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: package\.json is not valid JSON/);
    expect(await readFile(at("package.json"), "utf8")).toBe("{ not json");
  });

  test("the sample schema generates without a diagnostic", async () => {
    await mkdir(at("node_modules"));
    await init();
    const result = await generate({ cwd: dir });
    expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(await readFile(at("src/extractors/invoice.ts"), "utf8")).toContain("export async function extractInvoice(");
  });
});
