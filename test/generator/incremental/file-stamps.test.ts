import { mkdtemp, mkdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openFileStamps, sha256 } from "../../../generator/incremental/index.js";

let root: string;
const file = () => path.join(root, "a.json");
const memo = () => path.join(root, "node_modules", ".cache", "extractgen", "stamps.json");
const OLD = new Date(Date.now() - 3_600_000);

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "extractgen-stamps-"));
  await mkdir(path.join(root, "node_modules"));
  await writeFile(file(), "one");
  await utimes(file(), OLD, OLD);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("file stamps", () => {
  test("a file matches its own hash and not another, and the memo is saved", async () => {
    const stamps = await openFileStamps(root);
    expect(await stamps.matches(file(), sha256("one"))).toBe(true);
    expect(await stamps.matches(file(), sha256("two"))).toBe(false);
    await stamps.save();
    const saved = JSON.parse(await readFile(memo(), "utf8"));
    expect(saved.stamps[file()].hash).toBe(sha256("one"));
  });

  test("a stamped file is trusted while size and mtime stay, and hashed again when they move", async () => {
    const first = await openFileStamps(root);
    await first.matches(file(), sha256("one"));
    await first.save();
    // Same size, same mtime, other content: the stamp cannot tell (that is what stamps trade).
    await writeFile(file(), "owt");
    await utimes(file(), OLD, OLD);
    expect(await (await openFileStamps(root)).matches(file(), sha256("one"))).toBe(true);
    // A new mtime makes it look again.
    const later = new Date(OLD.getTime() + 1000);
    await utimes(file(), later, later);
    expect(await (await openFileStamps(root)).matches(file(), sha256("one"))).toBe(false);
  });

  test("a stamp taken right after the file was written is not trusted (racy clean)", async () => {
    await writeFile(file(), "one");
    const first = await openFileStamps(root);
    expect(await first.matches(file(), sha256("one"))).toBe(true);
    await first.save();
    const { mtime } = await stat(file());
    await writeFile(file(), "owt");
    await utimes(file(), mtime, mtime);
    expect(await (await openFileStamps(root)).matches(file(), sha256("one"))).toBe(false);
  });

  test('"" expects the file to be absent', async () => {
    const stamps = await openFileStamps(root);
    expect(await stamps.matches(path.join(root, "missing.json"), "")).toBe(true);
    expect(await stamps.matches(file(), "")).toBe(false);
  });

  test("without node_modules nothing is written", async () => {
    await rm(path.join(root, "node_modules"), { recursive: true });
    const stamps = await openFileStamps(root);
    expect(await stamps.matches(file(), sha256("one"))).toBe(true);
    await stamps.save();
    await expect(stat(path.join(root, "node_modules"))).rejects.toThrow();
  });
});
