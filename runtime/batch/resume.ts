/**
 * Resume (#7): what a previous run already recorded. The output and errors files are the only
 * record of progress (jsonl-writer.ts says why that is safe), so a run starts by repairing their
 * tails and reading back the ids they hold.
 *
 * Memory: the ids are kept in a `Set<string>`. Measured on Node 20 (heap after GC, ids parsed from
 * JSON lines as a run reads them), one million ids take about 53 MB when they look like
 * "doc-123456" and about 78 MB when they are UUIDs: 50-80 bytes per id (`npm run bench -- batch`).
 * Nothing else grows with the size of the files.
 */
import { createReadStream, ftruncateSync, fstatSync, openSync, readSync, closeSync, existsSync } from "node:fs";
import { isBlankLine, readLines } from "./lines.js";

const TAIL_CHUNK_BYTES = 64 * 1024;

/**
 * Cut a torn last line (one without its final newline) off a JSONL file, as a killed writer may
 * leave it. Returns the number of bytes removed (0 when the file ends in a newline, is empty or
 * does not exist).
 */
export function repairTornTail(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, "r+");
  try {
    const size = fstatSync(fd).size;
    const keep = endOfLastLine(fd, size);
    if (keep < size) ftruncateSync(fd, keep);
    return size - keep;
  } finally {
    closeSync(fd);
  }
}

/** The offset just past the last newline (0 if none), reading backwards a chunk at a time. */
function endOfLastLine(fd: number, size: number): number {
  const chunk = Buffer.alloc(Math.min(TAIL_CHUNK_BYTES, size));
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const length = readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, length).lastIndexOf(0x0a);
    if (newline !== -1) return start + newline + 1;
    end = start;
  }
  return 0;
}

/** A line of a results file that is not a record: the file was edited or not written by a run. */
export class RecordFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}; fix or delete that line (every line must be {"id": "...", ...} as written by extractgen run)`);
    this.name = "RecordFileError";
  }
}

/**
 * Add the `id` of every record in a JSONL results file to `ids`; returns how many records were read.
 * Every line is parsed in full, so a damaged file is found before anything is appended to it.
 * A missing file holds no records.
 */
export async function readRecordedIds(path: string, ids: Set<string>): Promise<number> {
  if (!existsSync(path)) return 0;
  let lineNumber = 0;
  let records = 0;
  for await (const line of readLines(createReadStream(path))) {
    lineNumber++;
    if (isBlankLine(line)) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (e) {
      throw new RecordFileError(path, lineNumber, `not valid JSON (${(e as Error).message})`);
    }
    const id = (record as { id?: unknown } | null)?.id;
    if (typeof id !== "string") throw new RecordFileError(path, lineNumber, "has no string `id`");
    ids.add(id);
    records++;
  }
  return records;
}
