import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runCheck } from "../../generator/cli/check.js";
import { type GenerateArgs, runGenerate } from "../../generator/cli/generate.js";
import { REPO } from "../helpers/golden-cases.js";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
const io = () => {
  const run = { stdout: "", stderr: "" };
  return { run, io: { cwd: dir, stdout: (t: string) => void (run.stdout += t), stderr: (t: string) => void (run.stderr += t) } };
};
async function generateIn(args: GenerateArgs): Promise<Run> {
  const { run, io: streams } = io();
  return { code: await runGenerate(args, streams), ...run };
}
async function checkIn(args: GenerateArgs): Promise<Run> {
  const { run, io: streams } = io();
  return { code: await runCheck(args, streams), ...run };
}
const RELAY = { schemas: "schemas", out: "gen" };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "extractgen-cli-"));
  await cp(path.join(REPO, "fixtures/schemas"), path.join(dir, "schemas"), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("extractgen generate", () => {
  test("writes the modules, index.ts and the lock file, then nothing on a second run", async () => {
    const first = await generateIn(RELAY);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote    gen/calendar-event.ts");
    for (const file of ["gen/calendar-event.ts", "gen/math-reasoning.ts", "gen/index.ts", "extractgen.lock.json"]) expect(existsSync(path.join(dir, file)), file).toBe(true);
    const second = await generateIn(RELAY);
    expect(second.stdout).toMatch(/0 written, 4 unchanged, 0 removed/);
  });

  test("lowering losses are printed as warnings with a summary per provider; --quiet hides them", async () => {
    await writeFile(
      path.join(dir, "schemas/note.schema.json"),
      JSON.stringify({ title: "Note", type: "object", properties: { text: { type: "string", maxLength: 40, pattern: "^[a-z]+$" } }, required: ["text"] }),
    );
    const run = await generateIn(RELAY);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning EG_LOWER_KEYWORD_DROPPED schemas\/note\.schema\.json#\/properties\/text\/maxLength: anthropic:/m);
    expect(run.stderr).toMatch(/^gemini: [1-9]\d* constraint\(s\) not enforced by the provider/m);
    for (const target of ["openai", "gemini", "anthropic"]) expect(run.stderr).toMatch(new RegExp(`^${target}: \\d+ constraint`, "m"));
    const quiet = await generateIn({ ...RELAY, quiet: true });
    expect(quiet.stderr).toBe("");
  });

  test("a failing schema exits 1 with its diagnostic, and the others are still written", async () => {
    await writeFile(path.join(dir, "schemas/broken.schema.json"), '{ "type": "object", "properties": { "a": { "type": "strin" } } }');
    const run = await generateIn(RELAY);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error EG_SCHEMA_INVALID schemas/broken.schema.json#/properties/a/type");
    expect(existsSync(path.join(dir, "gen/calendar-event.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "gen/broken.ts"))).toBe(false);
  });

  test("reads extractgen.config.json from the working directory; flags win", async () => {
    await writeFile(path.join(dir, "extractgen.config.json"), JSON.stringify({ schemas: "schemas", out: "from-config" }));
    expect((await generateIn({})).code).toBe(0);
    expect(existsSync(path.join(dir, "from-config/index.ts"))).toBe(true);
    expect((await generateIn({ out: "from-flag" })).code).toBe(0);
    expect(existsSync(path.join(dir, "from-flag/index.ts"))).toBe(true);
  });

  test.each([
    [{ outDir: "x" }, 'unknown option "outDir"', "use out"],
    [{ schemsa: "x" }, 'unknown option "schemsa"', "use schemas"],
    [{ refMap: { "https://a/": 1 } }, "refMap must map URL prefixes to folders", '"refMap"'],
    [{ provider: "openia" }, "provider must be one of", '"provider": "openai"'],
  ])("config %j is a configuration error (exit 2) naming the key", async (config, message, hint) => {
    await writeFile(path.join(dir, "extractgen.config.json"), JSON.stringify(config));
    const run = await generateIn({});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(hint);
    expect(run.stderr).toContain("extractgen.config.json");
  });

  test("a missing --config file and a malformed --ref-map exit 2", async () => {
    expect((await generateIn({ config: "nope.json" })).code).toBe(2);
    const refMap = await generateIn({ ...RELAY, refMap: ["no-equals-sign"] });
    expect(refMap.code).toBe(2);
    expect(refMap.stderr).toContain("expected <url-prefix>=<dir>");
  });

  test("--quiet prints errors only", async () => {
    await writeFile(path.join(dir, "schemas/colour.schema.json"), JSON.stringify({ title: "Colour", type: "object", properties: { c: { type: "string", format: "color" } } }));
    const loud = await generateIn(RELAY);
    expect(loud.stderr).toContain("warning EG_FORMAT_UNKNOWN");
    const quiet = await generateIn({ ...RELAY, quiet: true });
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe("");
  });
});

describe("extractgen check", () => {
  beforeEach(async () => {
    expect((await generateIn(RELAY)).code).toBe(0);
  });

  test("exit 0 when up to date", async () => {
    const run = await checkIn(RELAY);
    expect(run).toMatchObject({ code: 0, stdout: "generated files are up to date\n" });
  });

  test("lists stale, missing and orphaned files, exits 1, and writes nothing", async () => {
    const edited = path.join(dir, "gen/calendar-event.ts");
    await writeFile(edited, `${await readFile(edited, "utf8")}// edited\n`);
    await unlink(path.join(dir, "gen/index.ts"));
    const orphan = (await readFile(path.join(dir, "gen/math-reasoning.ts"), "utf8")).replace("math-reasoning.schema.json", "gone.schema.json");
    await mkdir(path.join(dir, "gen/old"), { recursive: true });
    await writeFile(path.join(dir, "gen/old/gone.ts"), orphan);
    await writeFile(path.join(dir, "gen/handwritten.ts"), "export const mine = 1;\n");
    const run = await checkIn(RELAY);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(["stale     gen/calendar-event.ts", "missing   gen/index.ts", "orphaned  gen/old/gone.ts", "3 generated file(s) out of date: run extractgen generate", ""].join("\n"));
    expect(existsSync(path.join(dir, "gen/index.ts"))).toBe(false);

    // generate repairs all three and leaves the hand-written file alone.
    const repaired = await generateIn(RELAY);
    expect(repaired.stdout).toContain("removed  gen/old/gone.ts");
    expect((await checkIn(RELAY)).code).toBe(0);
    expect(existsSync(path.join(dir, "gen/handwritten.ts"))).toBe(true);
  });

  test("a schema change makes the module and the lock file stale", async () => {
    const schema = path.join(dir, "schemas/calendar-event.schema.json");
    await writeFile(schema, (await readFile(schema, "utf8")).replace('"date": { "type": "string" }', '"date": { "type": "string", "format": "date" }'));
    const run = await checkIn(RELAY);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("stale     gen/calendar-event.ts");
    expect(run.stdout).toContain("stale     extractgen.lock.json");
  });
});

test("the bin runs under plain node (dist/generator/cli/main.js)", async () => {
  const bin = path.join(REPO, "dist/generator/cli/main.js");
  expect((await readFile(bin, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
  const { stdout } = await promisify(execFile)(process.execPath, [bin, "generate", "--schemas", "schemas", "--out", "gen"], { cwd: dir });
  expect(stdout).toContain("4 written");
  const check = await promisify(execFile)(process.execPath, [bin, "check", "--schemas", "schemas", "--out", "gen"], { cwd: dir });
  expect(check.stdout).toBe("generated files are up to date\n");
}, 60_000);
