/**
 * `npm run corpus` (scripts/corpus.ts) over a tiny corpus made here: every count it reports, so a
 * change to a measure shows up as a changed number. It runs the real pipeline (generate, tsc twice,
 * the emitted validators, the runtime restore), so it needs the built runtime (dist/, made by
 * `npm ci`).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type CorpusReport, formatReport, runCorpus } from "../../scripts/corpus.js";

/** Schema files, and the valid/ and invalid/ documents of each (by file name). */
const CORPUS: Record<string, { schema: unknown; valid?: Record<string, unknown>; invalid?: Record<string, unknown> }> = {
  person: {
    schema: { title: "Person", type: "object", properties: { name: { type: "string" }, age: { type: "integer" } }, required: ["name"] },
    valid: {
      "plain.json": { name: "Ada", age: 36 },
      // A key the closed type does not declare: rejected as a literal, accepted once restored.
      "undeclared-key.json": { name: "Ada", nickname: "Countess" },
    },
    invalid: { "no-name.json": { age: 36 } },
  },
  tags: {
    schema: { title: "Tags", type: "array", items: { type: "string" } },
    valid: { "two.json": ["a", "b"] },
    invalid: { "numbers.json": [1, 2] },
  },
  // Definition keys that end in numbers: the schema's own spelling, not a made-up duplicate.
  events: {
    schema: {
      title: "Events",
      type: "object",
      properties: { first: { $ref: "#/$defs/Event" }, second: { $ref: "#/$defs/Event2" } },
      $defs: { Event: { type: "object", properties: { at: { type: "string" } } }, Event2: { type: "object", properties: { at: { type: "number" } } } },
    },
    // Wrong by type and by schema, although filed under valid/: counted as a real type error.
    valid: { "both.json": { first: { at: "noon" }, second: { at: 12 } }, "wrong-type.json": { first: { at: 12 } } },
  },
  // Does not pass the meta-schema: no module, the others are still generated.
  broken: { schema: { type: "strin" }, valid: { "any.json": "x" } },
};

let corpus: string;
let report: CorpusReport;

beforeAll(async () => {
  corpus = await mkdtemp(path.join(tmpdir(), "extractgen-corpus-test-"));
  for (const [name, { schema, valid = {}, invalid = {} }] of Object.entries(CORPUS)) {
    await mkdir(path.join(corpus, "schemas"), { recursive: true });
    await writeFile(path.join(corpus, "schemas", `${name}.json`), JSON.stringify(schema));
    for (const [folder, documents] of [["valid", valid], ["invalid", invalid]] as const) {
      if (Object.keys(documents).length === 0) continue;
      await mkdir(path.join(corpus, folder, name), { recursive: true });
      for (const [file, document] of Object.entries(documents)) await writeFile(path.join(corpus, folder, name, file), JSON.stringify(document));
    }
  }
  report = await runCorpus(corpus);
}, 60_000);

afterAll(async () => {
  await rm(corpus, { recursive: true, force: true });
});

test("a schema that does not load is counted as not generated, with its diagnostic", () => {
  expect(report.generated).toEqual({ passed: 3, total: 4 });
  expect(report.failures.generated).toEqual([expect.stringMatching(/^broken: EG_\w+ /)]);
  expect(report.typeChecks).toEqual({ passed: 3, total: 4 });
});

test("documents as written: an undeclared key and a real type error are told apart", () => {
  expect(report.validByTypes).toEqual({ passed: 3, total: 5 });
  expect(report.validByTypesUndeclaredKeysOnly).toBe(1);
  expect(report.failures.validByTypes).toEqual([
    expect.stringMatching(/^events\/events__wrong-type\.ts: TS2322: /),
    expect.stringMatching(/^person\/person__undeclared-key\.ts: TS2353: .*'nickname'/),
  ]);
});

test("documents restored like a reply lose their undeclared keys, not their type errors", () => {
  expect(report.validByTypesRestored).toEqual({ passed: 4, total: 5 });
  expect(report.restoredDocumentsChanged).toBe(1);
  expect(report.restoredDocumentsRejected).toBe(0);
  expect(report.failures.validByTypesRestored).toEqual([expect.stringMatching(/^events\/events__wrong-type\.ts: TS2322: /)]);
});

test("the validators accept the valid documents and reject the invalid ones", () => {
  expect(report.validByValidators).toEqual({ passed: 4, total: 5 });
  expect(report.failures.validByValidators).toEqual([expect.stringMatching(/^events\/wrong-type\.json: .*\/first\/at/)]);
  expect(report.invalidRejected).toEqual({ passed: 2, total: 2 });
});

test("numbers the schema spells itself are not made-up duplicates", () => {
  expect(report.numberedDuplicates).toEqual([]);
});

test("the report prints every measure", () => {
  const text = formatReport(report);
  expect(text).toContain("schemas generated:               3/4 (75.0%)");
  expect(text).toContain("valid/ accepted by the types:    3/5 (60.0%)");
  expect(text).toContain("of the 2 rejected: 1 only for keys the schema does not declare");
  expect(text).toContain("after the runtime restore: 4/5 (80.0%)");
  expect(text).toContain("numbered names made up:          0");
});
