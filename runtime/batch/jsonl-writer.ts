/**
 * Appends JSONL records so that a process killed at any moment leaves only whole lines, plus at
 * most one torn last line that the next run cuts off (resume.ts) (#7).
 *
 * Why this is enough:
 * - Each record is one `JSON.stringify` with no newline inside, written by one `write(2)` on a file
 *   opened with O_APPEND, synchronously, by the only writer of the file (run-lock.ts). Once that call
 *   returns, the line is in the kernel's page cache and survives the death of the process (SIGKILL
 *   included); nothing sits in a user-space buffer.
 * - A kill during the call can leave part of the line (Linux stops a large write when a fatal
 *   signal arrives). That part has no final newline, and only the last line can be in that state,
 *   because no later write happens.
 * - An id counts as done only when its line is in the file, and the resume index is rebuilt from
 *   the files, so the files are the single source of truth: a result whose write never happened
 *   is simply done again.
 * - `fdatasync` is not needed for any of this; it only matters if the machine itself crashes. We
 *   call it at most once a second and on close, which bounds what a power cut can lose (it is
 *   redone on the next run) without paying a disk flush per line.
 */
import { closeSync, fdatasyncSync, openSync, writeSync } from "node:fs";

/** Minimum time between two `fdatasync` calls. */
const SYNC_INTERVAL_MS = 1_000;

export class JsonlAppender {
  readonly path: string;
  #fd: number | undefined;
  #dirty = false;
  #lastSync = 0;

  /** Open (or create) `path` for appending. */
  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, "a");
  }

  /** Write one record as one line, with a single write call (short writes are finished in a loop). */
  append(record: object): void {
    const fd = this.#fd;
    if (fd === undefined) throw new Error(`${this.path} is closed`);
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    this.#dirty = true;
  }

  /** Flush to disk if anything was written and the last flush is older than a second. */
  syncIfDue(now: number = Date.now()): void {
    if (!this.#dirty || this.#fd === undefined || now - this.#lastSync < SYNC_INTERVAL_MS) return;
    fdatasyncSync(this.#fd);
    this.#dirty = false;
    this.#lastSync = now;
  }

  /** Flush to disk and close. Idempotent. */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    if (this.#dirty) fdatasyncSync(fd);
    closeSync(fd);
  }
}
