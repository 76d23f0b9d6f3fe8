export { type Change, type ChangeKind, countBreaking } from "./change.js";
export { diffSchemas } from "./diff-schemas.js";
