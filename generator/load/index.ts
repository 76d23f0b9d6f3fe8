export type { ExtractorSchema, ExtractorSettings, NamedType, SchemaProject } from "./project.js";
export { type LoadOptions, loadProject } from "./load-project.js";
export { type FoundSchemaFile, type ListFiles, findSchemaFiles, globToRegExp } from "./find-schema-files.js";
