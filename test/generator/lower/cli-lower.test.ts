import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import yargs from "yargs";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { lowerCommand, lowerFiles, parseRefMap } from "../../../generator/cli/lower.js";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "extractgen-lower-"));
  await writeFile(
    path.join(dir, "person.schema.json"),
    JSON.stringify({ title: "Person", type: "object", properties: { name: { type: "string", maxLength: 40 }, tags: { type: "array", items: { type: "string" } } }, required: ["name"] }),
  );
  await writeFile(path.join(dir, "broken.schema.json"), "{ not json");
  await writeFile(path.join(dir, "list.schema.json"), JSON.stringify({ title: "Names", type: "array", items: { type: "string" } }));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe("extractgen lower", () => {
  test("one line per file in order; a file that cannot be loaded gets an error line", async () => {
    const lines = await lowerFiles({ files: ["person.schema.json", "broken.schema.json", "list.schema.json"], provider: "openai", refMap: {}, cwd: dir });
    expect(lines.map((l) => l.file)).toEqual(["person.schema.json", "broken.schema.json", "list.schema.json"]);
    const [person, broken, list] = lines;
    expect(person).toMatchObject({ provider: "openai", mode: "strict", schema: { required: ["name", "tags"], additionalProperties: false } });
    expect(person && "losses" in person && person.losses.map((l) => [l.code, l.pointer])).toEqual([["EG_LOWER_KEYWORD_DROPPED", "/properties/name/maxLength"]]);
    expect(broken).toMatchObject({ error: expect.stringContaining("EG_SYNTAX") });
    expect(list).toMatchObject({ mode: "strict", schema: { properties: { value: { type: "array" } } } });
  });

  test("gemini lines carry the field", async () => {
    const [line] = await lowerFiles({ files: ["person.schema.json"], provider: "gemini", refMap: {}, cwd: dir });
    expect(line).toMatchObject({ provider: "gemini", mode: "json", field: "responseJsonSchema" });
  });

  test("the command prints JSON lines and exits 1 when a file failed", async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process, "cwd").mockReturnValue(dir);
    await yargs().command(lowerCommand).parseAsync(["lower", "person.schema.json", "broken.schema.json", "--provider", "anthropic"]);
    const lines = out.join("").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l["file"])).toEqual(["person.schema.json", "broken.schema.json"]);
    expect(lines[0]).toMatchObject({ provider: "anthropic", mode: "output_format" });
    expect(process.exitCode).toBe(1);
  });

  test("--ref-map entries are prefix=dir", () => {
    expect(parseRefMap(["https://acme.dev/=schemas/shared"])).toEqual({ "https://acme.dev/": "schemas/shared" });
    expect(() => parseRefMap(["nodir"])).toThrow(/expected <url-prefix>=<dir>/);
  });
});
