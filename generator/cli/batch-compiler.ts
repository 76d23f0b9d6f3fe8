/**
 * V8 settings for the generator's batch commands (`generate`, `check`), set by the command-line
 * process only: a library user's process keeps its own.
 *
 * A cold `generate` runs each stage's code (Ajv, json-schema-to-typescript, the lowering) for tens
 * of seconds on schema objects of ever new shapes, in every worker thread: TurboFan re-optimises
 * the same large functions after each deoptimisation, and with inlining each of those compiles
 * takes hundreds of milliseconds. On the SchemaStore sample that compilation was ~29 s of 73 s of
 * CPU on background threads, which on two cores compete with the workers. Without inlining it is
 * ~19 s, and the code it produces is barely slower (+1.5 s on the workers).
 */
import { setFlagsFromString } from "node:v8";

/** Apply the settings; worker threads started afterwards share them (V8 flags are per process). */
export function tuneCompilerForBatch(): void {
  setFlagsFromString("--no-turbo-inlining");
}
