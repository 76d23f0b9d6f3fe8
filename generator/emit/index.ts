export { readBanner, withBanner } from "./banner.js";
export { type IndexModule, emitIndex } from "./emit-index.js";
export { LOCK_FILE, emitLock } from "./emit-lock.js";
export { type GeneratedFile, type ModuleInput, emitModule } from "./emit-module.js";
export { type ExtractorNames, extractorNames } from "./exported-names.js";
export { type Templates, loadTemplates } from "./templates.js";
