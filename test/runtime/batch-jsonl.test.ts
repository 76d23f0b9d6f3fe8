import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, test } from "vitest";
import { JsonlAppender } from "../../runtime/batch/jsonl-writer.js";
import { countNonBlankLines, readLines } from "../../runtime/batch/lines.js";
import { RecordFileError, readRecordedIds, repairTornTail } from "../../runtime/batch/resume.js";
import { ConfigError } from "../../runtime/errors.js";
import { acquireRunLock } from "../../runtime/batch/run-lock.js";

const dir = mkdtempSync(join(tmpdir(), "extractgen-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
const file = (content?: string): string => {
  const path = join(dir, `f${++fileCount}.jsonl`);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};

/** The given text cut into chunks at every given byte offset (to split lines and characters). */
function chunked(text: string, cuts: number[]): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  const points = [0, ...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length];
  return points.slice(1).map((end, i) => bytes.subarray(points[i], end));
}

async function lines(chunks: (Buffer | string)[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readLines(Readable.from(chunks))) out.push(line);
  return out;
}

describe("readLines", () => {
  const cases: [string, { given: string; want: string[] }][] = [
    ["lines with a final newline", { given: "a\nb\n", want: ["a", "b"] }],
    ["a last line without newline is kept", { given: "a\nb", want: ["a", "b"] }],
    ["CRLF endings are stripped", { given: "a\r\nb\r\n", want: ["a", "b"] }],
    ["blank lines are yielded (line numbers stay right)", { given: "a\n\n\nb\n", want: ["a", "", "", "b"] }],
    ["a byte order mark at the start is dropped", { given: "\ufeff{\"id\":1}\n", want: ['{"id":1}'] }],
    ["empty input has no lines", { given: "", want: [] }],
    ["multi-byte characters survive", { given: "é€😀\nß\n", want: ["é€😀", "ß"] }],
  ];
  for (const [name, { given, want }] of cases) {
    test(name, async () => {
      expect(await lines([given])).toEqual(want);
      // The same text cut at every byte gives the same lines (chunks split lines and characters).
      const everyByte = Array.from({ length: Buffer.byteLength(given) }, (_, i) => i);
      expect(await lines(chunked(given, everyByte))).toEqual(want);
    });
  }

  test("countNonBlankLines agrees with readLines on the lines it keeps", async () => {
    const texts = ["a\n\n b\r\n\t\n", "x", "", "\n\n", "a\r\nb", " \r\n{}\n"];
    for (const text of texts) {
      const kept = (await lines([text])).filter((l) => l.trim() !== "").length;
      expect(await countNonBlankLines(Readable.from(chunked(text, [1, 2, 3])))).toBe(kept);
    }
  });
});

describe("JsonlAppender", () => {
  test("appends one line per record, after what the file holds", () => {
    const path = file('{"id":"old"}\n');
    const out = new JsonlAppender(path);
    out.append({ id: "a", data: { n: 1 } });
    out.append({ id: "b\nc", data: "line\nbreak" });
    out.close();
    out.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")).toEqual(['{"id":"old"}', '{"id":"a","data":{"n":1}}', '{"id":"b\\nc","data":"line\\nbreak"}', ""]);
    expect(() => out.append({ id: "late" })).toThrow(/is closed/);
  });
});

describe("repairTornTail", () => {
  const cases: [string, { given: string; want: string; removed: number }][] = [
    ["a file ending in a newline is left alone", { given: '{"id":"1"}\n{"id":"2"}\n', want: '{"id":"1"}\n{"id":"2"}\n', removed: 0 }],
    ["a torn last line is cut", { given: '{"id":"1"}\n{"id":"2","da', want: '{"id":"1"}\n', removed: 13 }],
    ["a file with only a torn line becomes empty", { given: '{"id":"1","data":{', want: "", removed: 18 }],
    ["an empty file stays empty", { given: "", want: "", removed: 0 }],
  ];
  for (const [name, { given, want, removed }] of cases) {
    test(name, () => {
      const path = file(given);
      expect(repairTornTail(path)).toBe(removed);
      expect(readFileSync(path, "utf8")).toBe(want);
    });
  }

  test("finds the last newline across many read chunks", () => {
    const head = `${JSON.stringify({ id: "1", data: "x".repeat(300_000) })}\n`;
    const path = file(`${head}${"y".repeat(200_000)}`);
    expect(repairTornTail(path)).toBe(200_000);
    expect(readFileSync(path, "utf8")).toBe(head);
  });

  test("a missing file needs no repair", () => {
    expect(repairTornTail(join(dir, "missing.jsonl"))).toBe(0);
  });
});

describe("readRecordedIds", () => {
  test("collects the id of every record, blank lines skipped", async () => {
    const path = file('{"id":"a","data":1}\n\n{"id":"b","error":{"class":"X","message":"m"}}\n');
    const ids = new Set<string>(["z"]);
    expect(await readRecordedIds(path, ids)).toBe(2);
    expect([...ids].sort()).toEqual(["a", "b", "z"]);
  });

  test("a missing file holds no ids", async () => {
    expect(await readRecordedIds(join(dir, "none.jsonl"), new Set())).toBe(0);
  });

  test.each([
    ["not JSON", '{"id":"a"}\nnot json\n', 2, /not valid JSON/],
    ["no string id", '{"id":"a"}\n{"id":"b"}\n{"id":7}\n', 3, /has no string `id`/],
  ])("a damaged line (%s) is named by file and line", async (_name, content, line, problem) => {
    const path = file(content);
    const error = await readRecordedIds(path, new Set()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordFileError);
    expect((error as RecordFileError).message).toMatch(problem);
    expect((error as RecordFileError).message).toContain(`${path}:${line}:`);
  });
});

describe("acquireRunLock", () => {
  test("a second run on the same output is refused while the first holds the lock", () => {
    const output = file();
    const release = acquireRunLock(output);
    writeFileSync(`${output}.lock`, `${process.ppid}\n`); // a live process that is not us
    expect(() => acquireRunLock(output)).toThrow(ConfigError);
    expect(() => acquireRunLock(output)).toThrow(`another run (pid ${process.ppid}) is writing this output`);
    release();
    expect(existsSync(`${output}.lock`)).toBe(false);
  });

  test("a lock left by a dead process is taken over", () => {
    const output = file();
    appendFileSync(`${output}.lock`, "999999999\n");
    const release = acquireRunLock(output);
    expect(readFileSync(`${output}.lock`, "utf8")).toBe(`${process.pid}\n`);
    release();
  });
});
