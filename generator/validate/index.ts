export { type ValidateContext, type ValidatorCode, compileValidator } from "./compile-validator.js";
