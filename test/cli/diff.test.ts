import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runDiff, type DiffArgs } from "../../generator/cli/diff.js";

/** Runs `extractgen diff` in `cwd` and captures what it prints. */
async function diff(cwd: string, args: DiffArgs): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runDiff(args, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=extractgen", "-c", "user.email=test@extractgen.invalid", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
}

const invoice = (note: Record<string, unknown>, extractor: Record<string, unknown> = {}) => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "Invoice",
  ...(Object.keys(extractor).length > 0 ? { "x-extractor": extractor } : {}),
  type: "object",
  properties: { note, buyer: { $ref: "_party.schema.json" } },
  required: ["note"],
});
const party = (maxLength: number) => ({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "Party", type: "object", properties: { name: { type: "string", maxLength } } });
const receipt = { title: "Receipt", type: "object", properties: { total: { type: "number" } } };

describe("extractgen diff --base", () => {
  let repo: string;
  const write = (file: string, value: unknown) => writeFile(path.join(repo, file), `${JSON.stringify(value, null, 2)}\n`);

  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), "extractgen-diff-"));
    await mkdir(path.join(repo, "schemas"));
    git(repo, "init", "-q", "-b", "main");
    await write("schemas/invoice.schema.json", invoice({ type: "string", maxLength: 40 }));
    await write("schemas/_party.schema.json", party(40));
    await write("schemas/receipt.schema.json", receipt);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "schemas");
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  /** Each test starts from the committed tree. */
  async function reset(): Promise<void> {
    git(repo, "reset", "-q", "--hard", "main");
    git(repo, "clean", "-qfd");
  }

  test("no change: exit 0 and a zero count", async () => {
    await reset();
    expect(await diff(repo, { base: "main" })).toEqual({ code: 0, stdout: "0 breaking, 0 compatible\n", stderr: "" });
  });

  test("a breaking change without a version bump exits 1 and says which version to use", async () => {
    await reset();
    await write("schemas/invoice.schema.json", invoice({ type: "string", maxLength: 80 }));
    const run = await diff(repo, { base: "main" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("breaking schemas/invoice.schema.json#/properties/note maxLength 40 -> 80\n1 breaking, 0 compatible\n");
    expect(run.stderr).toContain("error EG_BREAKING_WITHOUT_VERSION schemas/invoice.schema.json: 1 breaking change and the version stays 1");
    expect(run.stderr).toContain('"x-extractor": { "version": 2 }');
  });

  test("the same change with a higher x-extractor.version exits 0", async () => {
    await reset();
    await write("schemas/invoice.schema.json", invoice({ type: "string", maxLength: 80 }, { version: 2 }));
    const run = await diff(repo, { base: "main" });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe("breaking schemas/invoice.schema.json#/properties/note maxLength 40 -> 80\n1 breaking, 0 compatible\n");
  });

  test("a change in a referenced file is reported inside the extractor that uses it", async () => {
    await reset();
    await write("schemas/_party.schema.json", party(100));
    const run = await diff(repo, { base: "main" });
    expect(run.code).toBe(1);
    // The line points into the file to edit, not into the bundle.
    expect(run.stdout).toBe("breaking schemas/_party.schema.json#/properties/name maxLength 40 -> 100\n1 breaking, 0 compatible\n");
  });

  test("compatible changes and a new schema exit 0", async () => {
    await reset();
    await write("schemas/invoice.schema.json", invoice({ type: "string", maxLength: 20 }));
    await write("schemas/refund.schema.json", { title: "Refund", type: "object" });
    const run = await diff(repo, { base: "main" });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe([
      "compatible schemas/invoice.schema.json#/properties/note maxLength 40 -> 20",
      "compatible schemas/refund.schema.json# schema added",
      "0 breaking, 2 compatible",
      "",
    ].join("\n"));
  });

  test("a deleted schema is breaking and exits 1", async () => {
    await reset();
    await unlink(path.join(repo, "schemas/receipt.schema.json"));
    const run = await diff(repo, { base: "main" });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("breaking schemas/receipt.schema.json# schema deleted\n1 breaking, 0 compatible\n");
    expect(run.stderr).toContain("error EG_SCHEMA_DELETED schemas/receipt.schema.json");
  });

  test("the base is a commit: a committed change compares with its parent", async () => {
    await reset();
    await write("schemas/receipt.schema.json", { ...receipt, properties: { total: { type: "number" }, tip: { type: "number" } } });
    git(repo, "commit", "-qam", "tip");
    const run = await diff(repo, { base: "HEAD~1" });
    git(repo, "reset", "-q", "--hard", "HEAD~1");
    expect(run).toMatchObject({ code: 0, stdout: 'compatible schemas/receipt.schema.json#/properties/tip property "tip" added\n0 breaking, 1 compatible\n' });
  });

  test("--json prints the report for machines", async () => {
    await reset();
    await write("schemas/invoice.schema.json", invoice({ type: ["string", "null"], maxLength: 40 }));
    const run = await diff(repo, { base: "main", json: true });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: false, breaking: 1, compatible: 0 });
    expect(report.schemas.find((s: { file: string }) => s.file === "schemas/invoice.schema.json")).toMatchObject({
      status: "changed", oldVersion: 1, newVersion: 1, blocked: true,
      changes: [{ kind: "breaking", pointer: "/properties/note", what: "now allows null" }],
    });
    // Schemas whose files did not change are listed without being compared.
    expect(report.schemas.find((s: { file: string }) => s.file === "schemas/receipt.schema.json")).toEqual({
      file: "schemas/receipt.schema.json", status: "unchanged", name: "Receipt", oldVersion: 1, newVersion: 1, changes: [], blocked: false,
    });
  });

  test("--schemas and a config file choose the schemas", async () => {
    await reset();
    await write("extractgen.config.json", { schemas: "schemas/receipt.schema.json" });
    await write("schemas/invoice.schema.json", invoice({ type: "string", maxLength: 80 }));
    expect((await diff(repo, { base: "main" })).stdout).toBe("0 breaking, 0 compatible\n");
    expect((await diff(repo, { base: "main", schemas: "schemas" })).code).toBe(1);
  });

  test("--schemas pointing nowhere is a usage error (exit 2)", async () => {
    await reset();
    const run = await diff(repo, { base: "main", schemas: "no-such-folder" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("EG_NO_SCHEMAS");
  });

  test("an unknown ref is a usage error (exit 2)", async () => {
    await reset();
    const run = await diff(repo, { base: "no-such-branch" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error EG_GIT: unknown git ref "no-such-branch"');
  });
});

describe("extractgen diff <old> <new>", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "extractgen-diff-files-"));
    await writeFile(path.join(dir, "v1.json"), JSON.stringify({ $schema: "http://json-schema.org/draft-04/schema#", title: "Invoice", type: "object", properties: { total: { type: "number", minimum: 0, exclusiveMinimum: true } }, definitions: {} }));
    await writeFile(path.join(dir, "v2.yaml"), ["$schema: https://json-schema.org/draft/2020-12/schema", "title: Invoice", "type: object", "properties:", "  total:", "    type: number", "    minimum: 0", ""].join("\n"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test("two files in different drafts and formats compare after normalisation", async () => {
    // draft-04 `exclusiveMinimum: true` is 2020-12 `exclusiveMinimum: 0`.
    expect(await diff(dir, { old: "v1.json", new: "v2.yaml" })).toEqual({
      code: 1,
      stdout: "breaking #/properties/total exclusiveMinimum 0 -> minimum 0\n1 breaking, 0 compatible\n",
      stderr: "error EG_BREAKING_WITHOUT_VERSION v2.yaml: 1 breaking change and the version stays 1\n  hint: set \"x-extractor\": { \"version\": 2 } (or end $id with /v2), or keep the old schema beside the new one\n",
    });
    expect(await diff(dir, { old: "v2.yaml", new: "v1.json" })).toMatchObject({ code: 0, stdout: "compatible #/properties/total minimum 0 -> exclusiveMinimum 0\n0 breaking, 1 compatible\n" });
  });

  test("a change in a referenced file names that file, relative to the working directory", async () => {
    await mkdir(path.join(dir, "refs"), { recursive: true });
    const party = (maxLength: number) => JSON.stringify({ type: "object", properties: { name: { type: "string", maxLength } } });
    await writeFile(path.join(dir, "refs/_party.json"), party(40));
    await writeFile(path.join(dir, "refs/a.json"), JSON.stringify({ title: "A", type: "object", properties: { p: { $ref: "_party.json" } } }));
    await mkdir(path.join(dir, "next"), { recursive: true });
    await writeFile(path.join(dir, "next/_party.json"), party(50));
    await writeFile(path.join(dir, "next/a.json"), JSON.stringify({ title: "A", type: "object", properties: { p: { $ref: "_party.json" } } }));
    expect((await diff(dir, { old: "refs/a.json", new: "next/a.json" })).stdout).toBe("breaking next/_party.json#/properties/name maxLength 40 -> 50\n1 breaking, 0 compatible\n");
  });

  test("a file that does not exist is a usage error naming it", async () => {
    const run = await diff(dir, { old: "v1.json", new: "missing.json" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing.json");
  });

  test("a file that does not parse exits 1 with the line and column", async () => {
    await writeFile(path.join(dir, "broken.json"), '{"type": "object",\n  "properties": }');
    const run = await diff(dir, { old: "v1.json", new: "broken.json" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error EG_SYNTAX broken\.json:2:\d+/);
  });

  test.each([
    ["--base and files together", { old: "v1.json", new: "v2.yaml", base: "main" }],
    ["one file alone", { old: "v1.json" }],
    ["a malformed --ref-map", { old: "v1.json", new: "v2.yaml", refMap: ["no-equals-sign"] }],
  ])("%s is a usage error (exit 2)", async (_, args) => {
    const run = await diff(dir, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: .*\n {2}hint: /);
  });

  test("outside a git repository --base is a usage error", async () => {
    const run = await diff(dir, { base: "main" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not inside a git repository");
  });
});
