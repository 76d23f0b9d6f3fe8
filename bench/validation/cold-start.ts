/**
 * One cold start of the validation benchmark (#8 item 4), in a fresh process: get a validator and
 * validate the first document, then print how long that took since the process started
 * (`performance.now()` counts from the process's time origin).
 *
 * argv: precompiled <generated module> <documents JSON> | runtime <generated module> <documents JSON>
 *   precompiled  import the generated module (and with it extractgen/runtime), use its spec's validator
 *   runtime      import Ajv and compile the same schema (the spec's `schema`, read from a JSON copy)
 */
import { readFileSync } from "node:fs";
import { specOf } from "../generated/spec-of.js";

const [kind, module = "", documentsFile = ""] = process.argv.slice(2);
const [first] = JSON.parse(readFileSync(documentsFile, "utf8")) as unknown[];

let validate: (value: unknown) => boolean;
if (kind === "precompiled") {
  validate = specOf((await import(module)) as Record<string, unknown>).validate;
} else {
  // Imported here, not at the top: the precompiled path must not pay for loading Ajv's compiler.
  const { runtimeAjv } = await import("./runtime-ajv.js");
  validate = runtimeAjv().compile(JSON.parse(readFileSync(module.replace(/\.js$/, ".schema.json"), "utf8")) as object);
}
const valid = validate(first);
process.stdout.write(JSON.stringify({ ms: performance.now(), valid }));
