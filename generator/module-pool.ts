/**
 * Builds modules on worker threads, one per core, when a project is large enough to repay the
 * start-up of each thread (loading json-schema-to-typescript, Ajv and the lowering: about a
 * second). Modules are independent (build-module.ts), handed out largest first, and the results
 * are put back in module order, so the output is the same as a sequential build.
 *
 * A cold run starts the threads before the project loads ({@link startModuleThreads}): their
 * start-up then runs on the core the single-threaded load leaves idle.
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

/** Messages between the pool and a worker: the shared data once, then one unit at a time. */
export type WorkerRequest = { shared: SharedBuildData } | { index: number; unit: ModuleUnit };
export type WorkerReply = { index: number; built: BuiltModule };

/** Started worker threads, waiting for the shared data and the units. */
export interface ModuleThreads {
  workers: Worker[];
  /** The first error a worker raised while nobody was waiting for it (e.g. during start-up). */
  failure?: Error;
}

/**
 * Start the threads for about `modules` modules, or none (`undefined`) when that many are built
 * faster on the calling thread. Whoever starts them ends them with {@link stopModuleThreads}.
 */
export function startModuleThreads(modules: number): ModuleThreads | undefined {
  // The worker is compiled JavaScript; from TypeScript sources (tests) everything runs here.
  const workerFile = new URL("./module-worker.js", import.meta.url);
  const threads = Math.min(availableParallelism(), MAX_THREADS, Math.floor(modules / (MIN_MODULES_FOR_THREADS / 2)));
  if (modules < MIN_MODULES_FOR_THREADS || threads < 2 || !existsSync(fileURLToPath(workerFile))) return undefined;
  // A larger young generation halves the garbage collector's share of the work (Ajv's code
  // generation allocates millions of short-lived objects): measured 13 s -> 9 s of 34 s.
  const started: ModuleThreads = { workers: [] };
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    // Kept for the build to report; an idle worker must not keep the process alive either.
    worker.on("error", (error: Error) => void (started.failure ??= error)).unref();
    started.workers.push(worker);
  }
  return started;
}

export async function stopModuleThreads(threads: ModuleThreads | undefined): Promise<void> {
  await Promise.all((threads?.workers ?? []).map((worker) => worker.terminate()));
}

/**
 * Build every unit; the result at index i is the module of `units[i]`. Uses `threads` when given
 * (and there are enough units to share out), else starts its own for a large project.
 */
export async function buildModules(units: readonly ModuleUnit[], shared: SharedBuildData, threads?: ModuleThreads): Promise<BuiltModule[]> {
  if (units.length < MIN_MODULES_FOR_THREADS) return buildHere(units, shared);
  if (threads) return buildOnThreads(units, shared, threads);
  const own = startModuleThreads(units.length);
  if (!own) return buildHere(units, shared);
  try {
    return await buildOnThreads(units, shared, own);
  } finally {
    await stopModuleThreads(own);
  }
}

function buildHere(units: readonly ModuleUnit[], shared: SharedBuildData): BuiltModule[] {
  const build = moduleBuilder(shared);
  return units.map((unit) => guarded(unit, () => build(unit)));
}

async function buildOnThreads(units: readonly ModuleUnit[], shared: SharedBuildData, threads: ModuleThreads): Promise<BuiltModule[]> {
  const results: BuiltModule[] = new Array<BuiltModule>(units.length);
  // Largest schemas first, so no thread is left with a big one at the end.
  const order = units.map((unit, index) => ({ index, size: JSON.stringify(unit.extractor?.schema ?? unit.types.map((t) => t.schema)).length }));
  order.sort((a, b) => b.size - a.size || a.index - b.index);
  let next = 0;
  await Promise.all(
    threads.workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const send = (): void => {
            const item = order[next++];
            const unit = item && units[item.index];
            if (!item || !unit) {
              worker.off("message", receive).off("error", reject).unref();
              resolve();
              return;
            }
            worker.postMessage({ index: item.index, unit } satisfies WorkerRequest);
          };
          const receive = (reply: WorkerReply): void => {
            results[reply.index] = reply.built;
            send();
          };
          if (threads.failure) {
            reject(threads.failure);
            return;
          }
          worker.on("message", receive).on("error", reject).ref();
          worker.postMessage({ shared } satisfies WorkerRequest);
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
