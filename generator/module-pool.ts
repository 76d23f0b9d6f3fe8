/**
 * Builds modules on worker threads, one per core, when a project is large enough to repay the
 * start-up of each thread (loading json-schema-to-typescript, Ajv and the lowering: about a
 * second). Modules are independent (build-module.ts), handed out largest first, and the results
 * are put back in module order, so the output is the same as a sequential build.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type BuiltModule, type ModuleUnit, type SharedBuildData, moduleBuilder } from "./build-module.js";
import type { Diagnostic } from "./diagnostics.js";

/** Fewer modules than this are built on the calling thread. */
const MIN_MODULES_FOR_THREADS = 16;
const MAX_THREADS = 8;

/** Messages between the pool and a worker. */
export type WorkerRequest = { index: number; unit: ModuleUnit };
export type WorkerReply = { index: number; built: BuiltModule };

/** Build every unit; the result at index i is the module of `units[i]`. */
export async function buildModules(units: readonly ModuleUnit[], shared: SharedBuildData): Promise<BuiltModule[]> {
  // The worker is compiled JavaScript; from TypeScript sources (tests) everything runs here.
  const workerFile = new URL("./module-worker.js", import.meta.url);
  const threads = Math.min(availableParallelism(), MAX_THREADS, Math.floor(units.length / (MIN_MODULES_FOR_THREADS / 2)));
  if (units.length < MIN_MODULES_FOR_THREADS || threads < 2 || !existsSync(fileURLToPath(workerFile))) {
    const build = moduleBuilder(shared);
    return units.map((unit) => guarded(unit, () => build(unit)));
  }
  const results: BuiltModule[] = new Array<BuiltModule>(units.length);
  // Largest schemas first, so no thread is left with a big one at the end.
  const order = units.map((unit, index) => ({ index, size: JSON.stringify(unit.extractor?.schema ?? unit.types.map((t) => t.schema)).length }));
  order.sort((a, b) => b.size - a.size || a.index - b.index);
  let next = 0;
  await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<void>((resolve, reject) => {
        // A larger young generation halves the garbage collector's share of the work (Ajv's code
        // generation allocates millions of short-lived objects): measured 13 s -> 9 s of 34 s.
        const worker = new Worker(workerFile, { workerData: shared, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
        const send = (): void => {
          const item = order[next++];
          const unit = item && units[item.index];
          if (!item || !unit) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage({ index: item.index, unit } satisfies WorkerRequest);
        };
        worker.on("message", (reply: WorkerReply) => {
          results[reply.index] = reply.built;
          send();
        });
        worker.on("error", reject);
        send();
      }),
    ),
  );
  return results;
}

/**
 * A module whose build throws is a bug in a stage (stages report problems as diagnostics): it is
 * reported as one, and the other modules are still built.
 */
export function guarded(unit: ModuleUnit, build: () => BuiltModule): BuiltModule {
  try {
    return build();
  } catch (error) {
    const diagnostic: Diagnostic = {
      code: "EG_INTERNAL",
      severity: "error",
      ...(unit.extractor && { file: unit.extractor.file }),
      message: `module ${unit.module} could not be generated: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      hint: "this is a bug in extractgen: please report it with the schema",
    };
    return { files: [], index: { module: unit.module, exports: [] }, diagnostics: [diagnostic] };
  }
}
