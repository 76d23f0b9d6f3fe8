/**
 * `npm run bench [-- <name>...]`: runs every `bench/<topic>.bench.ts` (built into dist/bench), each in
 * its own Node process so one benchmark's heap and JIT state cannot colour another's, one after the
 * other, and passes their markdown through. Names filter by topic (`stream-parse`); `--flags` are
 * passed on to each benchmark.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const wanted = args.filter((arg) => !arg.startsWith("--"));
const flags = args.filter((arg) => arg.startsWith("--"));
const files = readdirSync(here)
  .filter((file) => file.endsWith(".bench.js"))
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(`${name}.bench`)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ")}; found: ${readdirSync(here).join(", ")}`);
  process.exitCode = 2;
}
for (const file of files) {
  const run = spawnSync(process.execPath, [join(here, file), ...flags], { stdio: "inherit" });
  if (run.status !== 0) process.exitCode = 1;
}
