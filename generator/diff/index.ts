export { type Change, type ChangeKind, countBreaking } from "./change.js";
export { type DiffSourceOptions, diffAgainstRef, diffFiles } from "./diff-project.js";
export { diffSchemas } from "./diff-schemas.js";
export { GitTreeError } from "./git-tree.js";
export { diffProjects } from "./pair-projects.js";
export { renderDiffJson, renderDiffText } from "./render.js";
export { type DiffReport, type SchemaDiff, blockedDiagnostics, countChanges } from "./report.js";
