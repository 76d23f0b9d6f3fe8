/**
 * One cold start of the validation benchmark (#8 item 4), in a fresh process: load a validator and
 * validate the first document, then print how long that took since the process started
 * (`performance.now()` counts from the process's time origin).
 *
 * argv: precompiled <validator module> <documents JSON> | runtime <bundled schema JSON> <documents JSON>
 */
import { readFileSync } from "node:fs";

const [kind, source = "", documentsFile = ""] = process.argv.slice(2);
const [first] = JSON.parse(readFileSync(documentsFile, "utf8")) as unknown[];

let validate: (value: unknown) => boolean;
if (kind === "precompiled") {
  validate = ((await import(source)) as { default: typeof validate }).default;
} else {
  // Imported here, not at the top: the precompiled path must not pay for loading Ajv's compiler.
  const { runtimeAjv } = await import("../precompile/standalone-validator.js");
  validate = runtimeAjv().compile(JSON.parse(readFileSync(source, "utf8")) as object);
}
const valid = validate(first);
process.stdout.write(JSON.stringify({ ms: performance.now(), valid }));
