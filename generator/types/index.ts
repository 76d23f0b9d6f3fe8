export { type TypeDeclaration, type TypesContext, declareType } from "./declare-type.js";
