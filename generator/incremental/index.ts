export { generatorVersion, settingsFingerprint, sha256 } from "./fingerprint.js";
export { type IncrementalState, type ModuleRecord, readIncrementalState } from "./incremental-state.js";
export { type ModuleCache, createModuleCache, moduleKey } from "./module-cache.js";
export { type OutputFile, type UpToDateOutput, findUpToDateOutput } from "./up-to-date.js";
export { type FileStamps, openFileStamps } from "./file-stamps.js";
