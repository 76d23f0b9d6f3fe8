/**
 * The worker-thread build (generator/module-pool.ts) against the single-threaded one: the built CLI
 * starts its threads before the project loads and sends them the shared data as a message, so a
 * project large enough for threads must come out byte-identical to what one thread writes.
 * (From TypeScript sources there is no compiled worker, so `generate()` here builds on this thread.)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { generate } from "../../generator/generate.js";
import { BUILT_CLI, ensureBuilt } from "../helpers/built-cli.js";

/** More schemas than MIN_MODULES_FOR_THREADS (16), sharing a referenced file across modules. */
const SCHEMA_COUNT = 20;

let work: string;

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), "extractgen-threads-"));
  for (const copy of ["threads", "single"]) {
    const schemas = join(work, copy, "schemas");
    mkdirSync(schemas, { recursive: true });
    writeFileSync(join(schemas, "_party.schema.json"), JSON.stringify({ title: "Party", type: "object", properties: { name: { type: "string" } }, required: ["name"] }));
    for (let i = 0; i < SCHEMA_COUNT; i++) {
      writeFileSync(
        join(schemas, `doc-${i}.schema.json`),
        JSON.stringify({
          title: `Document ${i}`,
          type: "object",
          properties: {
            party: { $ref: "_party.schema.json" },
            kind: { enum: ["a", "b", `k${i}`] },
            items: { type: "array", items: { type: "object", properties: { n: { type: "integer", minimum: i } }, required: ["n"] }, maxItems: i + 1 },
          },
          required: ["party"],
        }),
      );
    }
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test("worker threads write the same files as one thread", { timeout: 120_000 }, async () => {
  const threaded = spawnSync(process.execPath, [BUILT_CLI, "generate", "--schemas", "schemas", "--out", "out", "--quiet"], { cwd: join(work, "threads"), encoding: "utf8" });
  expect(threaded.stderr).toBe("");
  expect(threaded.status).toBe(0);

  const single = await generate({ cwd: join(work, "single"), schemas: "schemas", out: "out" });
  expect(single.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(single.files.length).toBe(SCHEMA_COUNT + 3); // modules, _party's type module, index.ts, lock file
  for (const file of single.files) {
    const relative = file.path.slice(join(work, "single").length);
    expect(readFileSync(join(work, "threads") + relative, "utf8"), relative).toBe(file.content);
  }
});
