import type { ExtractorSpec } from "./spec.js";
import type { ExtractInput, ExtractOptions, ExtractStream } from "./types.js";

// Placeholder with the final signature; the streaming issue (#5) replaces the body.
/** Stream growing deep-partial snapshots of the extracted value; `final()` gives the validated value. */
export function stream<T>(spec: ExtractorSpec<T>, input: ExtractInput, options?: ExtractOptions): ExtractStream<T> {
  void spec;
  void input;
  void options;
  throw new Error("stream: not implemented yet");
}
