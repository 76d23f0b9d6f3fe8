/**
 * One writer per output file (#7): two runs appending to the same output would each miss the
 * other's ids and write some twice. A run holds `<output>.lock`, a file created exclusively that
 * holds its pid. A lock left by a killed run (its pid no longer exists) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { ConfigError } from "../errors.js";

/** The error for a lock held by a live process: which file, which pid, what to do. */
function lockedError(lockFile: string, pid: number): ConfigError {
  return new ConfigError("output", `${lockFile}: another run (pid ${pid}) is writing this output; wait for it to finish, or delete the lock file if that process is not an extractgen run`);
}

/** Take the lock for `output`; returns the function that releases it. Throws ConfigError if it is held. */
export function acquireRunLock(output: string): () => void {
  const lockFile = `${output}.lock`;
  if (!createLockFile(lockFile)) {
    const holder = Number.parseInt(readLockHolder(lockFile), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw lockedError(lockFile, holder);
    // Stale (or unreadable) lock: its run is gone. Two runs taking over the same stale lock in the
    // same instant could both succeed; the lock is there for the usual mistake (the same command
    // in a second terminal), not for that race.
    rmSync(lockFile, { force: true });
    if (!createLockFile(lockFile)) throw lockedError(lockFile, Number.parseInt(readLockHolder(lockFile), 10));
  }
  return () => rmSync(lockFile, { force: true });
}

/** Create the lock file exclusively with our pid; false if it already exists. */
function createLockFile(lockFile: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLockHolder(lockFile: string): string {
  try {
    return readFileSync(lockFile, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
