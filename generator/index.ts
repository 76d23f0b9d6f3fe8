export type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics.js";
export { formatDiagnostic, hasErrors } from "./diagnostics.js";
export type { Draft, JsonSchema, JsonSchemaObject } from "./json-schema.js";
export type { ExtractorSchema, ExtractorSettings, NamedType, SchemaProject } from "./load/project.js";
export { type FoundSchemaFile, type ListFiles, type LoadOptions, findSchemaFiles, loadProject } from "./load/index.js";
export {
  type Change,
  type ChangeKind,
  type DiffReport,
  type DiffSourceOptions,
  type SchemaDiff,
  diffAgainstRef,
  diffFiles,
  diffSchemas,
  diffSchemas as diff,
} from "./diff/index.js";
export { lower, lowerExtractor } from "./lower/index.js";
export type { ExtractorWires, LoweredTargets } from "./lower/index.js";
