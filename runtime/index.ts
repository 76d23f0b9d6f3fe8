export type {
  AnthropicWire,
  ExtractorSpec,
  GeminiWire,
  OpenAIWire,
  PrecompiledValidator,
  ProviderName,
  RestoreNode,
  RestorePlan,
  RestoreProp,
  SpecData,
  ValidateResult,
  ValidationIssue,
  ValidatorError,
  WireLoss,
  WireSchema,
} from "./spec.js";
export type {
  DeepPartial,
  ExtractInput,
  ExtractOptions,
  ExtractResult,
  ExtractStream,
  Message,
  Part,
  ReasoningOptions,
  Usage,
} from "./types.js";
export { extract } from "./extract.js";
export { stream } from "./stream.js";
export { toIssues, validate } from "./validate.js";
export { validatorRuntime } from "./validator-support.js";
