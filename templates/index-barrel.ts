// Template of the generated index.ts (design.md §4). generator/emit reads this file with ts-morph:
// the first statement is written once per module, the other two once per extractor name that has
// several versions (the names without a version suffix point at the newest one). Placeholders:
// `./template-module.js` (a module), `Template`/`TemplateVN` (the type without and with its
// version), and the same for `extractTemplate`, `streamTemplate` and `templateSpec`.
export * from "./template-module.js";

export { extractTemplateVN as extractTemplate, streamTemplateVN as streamTemplate, templateVNSpec as templateSpec } from "./template-module.js";

export type { TemplateVN as Template } from "./template-module.js";
