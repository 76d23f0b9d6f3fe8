/** Finding the spec in a generated module, without loading anything else (cold starts use this). */

/** What the benchmarks read from a generated `<name>Spec`. */
export interface GeneratedSpec {
  schema: object;
  validate: (value: unknown) => boolean;
  wire: { openai: { schema: unknown } };
}

/** A generated module's `<name>Spec` export (the one object with `wire` and `validate`). */
export function specOf(module: Record<string, unknown>): GeneratedSpec {
  for (const value of Object.values(module)) {
    if (typeof value === "object" && value !== null && "wire" in value && "validate" in value) return value as GeneratedSpec;
  }
  throw new Error("no extractor spec among the module's exports");
}
