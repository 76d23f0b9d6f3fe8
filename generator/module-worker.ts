/** A worker thread of module-pool.ts: builds the modules it is sent, one message per module. */
import { parentPort, workerData } from "node:worker_threads";
import { type SharedBuildData, moduleBuilder } from "./build-module.js";
import { type WorkerReply, type WorkerRequest, guarded } from "./module-pool.js";

const build = moduleBuilder(workerData as SharedBuildData);
parentPort?.on("message", ({ index, unit }: WorkerRequest) => {
  parentPort?.postMessage({ index, built: guarded(unit, () => build(unit)) } satisfies WorkerReply);
});
