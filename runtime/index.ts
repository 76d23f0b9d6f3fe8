export type {
  AnthropicWire,
  ExtractorSpec,
  GeminiWire,
  OpenAIWire,
  PrecompiledValidator,
  ProviderName,
  JsonTypeName,
  RestoreMatch,
  RestoreNode,
  RestorePlan,
  RestoreProp,
  RestoreVariant,
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
export type { BatchInput, BatchResult, ExtractManyOptions, ExtractOne } from "./batch.js";
export { DEFAULT_CONCURRENCY, extractMany } from "./batch.js";
export type { BatchProgress } from "./batch/progress.js";
export { formatProgressBar, formatProgressLine, formatSummary } from "./batch/progress.js";
export type { BatchFileOptions, BatchSummary, ErrorRecord } from "./batch/run-file.js";
export { defaultErrorsPath, runBatchFile } from "./batch/run-file.js";
export {
  AbortedError,
  ConfigError,
  ConnectionError,
  ContentFilterError,
  ExtractError,
  isExtractError,
  ProviderError,
  RateLimitError,
  RefusalError,
  ResponseTooLargeError,
  TimeoutError,
  TruncatedError,
  ValidationError,
} from "./errors.js";
export type { ErrorInfo, ExtractErrorCode } from "./errors.js";
export { applyRestore } from "./restore.js";
export { validatorRuntime } from "./validator-support.js";
