/**
 * A worker thread of module-pool.ts: receives the project's shared data once, then builds the
 * modules it is sent, one message per module.
 */
import { parentPort } from "node:worker_threads";
import { type BuiltModule, type ModuleUnit, moduleBuilder } from "./build-module.js";
import { type WorkerReply, type WorkerRequest, guarded } from "./module-pool.js";

let build: ((unit: ModuleUnit) => BuiltModule) | undefined;
parentPort?.on("message", (request: WorkerRequest) => {
  if ("shared" in request) {
    build = moduleBuilder(request.shared);
    return;
  }
  const { index, unit } = request;
  const builder = build;
  if (!builder) throw new Error("module worker: a unit arrived before the shared build data");
  parentPort?.postMessage({ index, built: guarded(unit, () => builder(unit)) } satisfies WorkerReply);
});
