export { RESERVED_TYPE_NAMES, toPascalIdentifier, toUniqueIdentifier } from "./identifier.js";
export { nameModule } from "./module-name.js";
export { type ExtractorNameRequest, type NameRequest, type ProjectNames, nameProject } from "./name-project.js";
