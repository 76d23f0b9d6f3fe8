import type { ExtractorSpec } from "./spec.js";
import type { ExtractInput, ExtractOptions, ExtractResult } from "./types.js";

// Placeholder with the final signature; the runtime issue (#4) replaces the body.
/** Call the provider for one input and return the restored, validated data with usage and attempts. */
export async function extract<T>(spec: ExtractorSpec<T>, input: ExtractInput, options?: ExtractOptions): Promise<ExtractResult<T>> {
  void spec;
  void input;
  void options;
  throw new Error("extract: not implemented yet");
}
