/**
 * The shape of `<name>Spec`, the constant every generated module exports. The generator writes it;
 * the runtime reads it. Everything in it is computed at generate time, so a call only picks the
 * entry for its provider.
 */

/** The wire dialects the runtime speaks (design.md §6). */
export type ProviderName = "openai" | "openai-responses" | "gemini" | "anthropic";

/** The lowering targets: `openai-responses` uses the `openai` schema. */
export type LoweringTarget = "openai" | "gemini" | "anthropic";

/** A JSON Schema object as embedded in a spec. */
export interface WireSchema {
  [keyword: string]: unknown;
}

/**
 * Steps that undo a provider lowering on a parsed reply, before the ORIGINAL schema is validated
 * (design.md §7). Plain JSON, so it can be embedded in generated code and compared in tests. It is
 * computed at generate time; applying it walks the reply only, never a schema.
 */
export interface RestorePlan {
  /** The root was wrapped in an object for the provider: take this property of the reply. */
  unwrap?: string;
  /** What to do at the root; absent when nothing is to be done. */
  root?: RestoreNode;
  /** Plans for named definitions (`#` is the root), referenced by `{ kind: "ref" }` nodes (recursion-safe). */
  defs?: Record<string, RestoreNode>;
}

/** One schema position of a restore plan. Positions where nothing is to be done are left out. */
export type RestoreNode =
  | {
      kind: "object";
      /** Declared properties with something to restore. */
      props?: Record<string, RestoreProp>;
      /** Undeclared keys are dropped: these are the declared ones. Absent: keys are kept. */
      closedKeys?: string[];
      /**
       * `[pattern, node]`: an undeclared key matching the pattern (`patternProperties`, ECMA-262
       * with the `u` flag) has its value restored by the node; the first matching pattern wins.
       */
      patterns?: [string, RestoreNode][];
      /** Applied to the value of every other undeclared key (open objects whose extra values need restoring). */
      additional?: RestoreNode;
      /**
       * The object's keys are data: strict targets return it as an array of `{ key, value }`
       * entries, turned back into an object here (last entry wins on a repeated key).
       */
      entries?: true;
    }
  | { kind: "array"; items?: RestoreNode; prefixItems?: (RestoreNode | null)[] }
  | { kind: "union"; variants: RestoreVariant[] }
  | { kind: "ref"; def: string };

export interface RestoreProp {
  /** `null` here means the property is absent: it was optional and not nullable in the original. */
  nullToAbsent?: true;
  node?: RestoreNode;
}

/**
 * One branch of a union. The runtime applies the first branch whose `match` fits the value fully
 * (type, required keys, no keys outside a closed branch, discriminator values); failing that, the
 * first whose type, required keys and discriminators fit; failing that, nothing.
 */
export interface RestoreVariant {
  match: RestoreMatch;
  node?: RestoreNode;
}

/** What a value must look like to belong to a union branch (cheap checks, no schema). */
export interface RestoreMatch {
  /** JSON types the branch takes (`number` includes integers). */
  types: JsonTypeName[];
  /** Keys an object of this branch always has. */
  required?: string[];
  /** The branch is a closed object: every key of the value is one of these. */
  keys?: string[];
  /** Properties with a single allowed value (discriminators): `[key, value]` pairs. */
  consts?: [string, string | number | boolean | null][];
}

/** A JSON type name as used in restore matches. */
export type JsonTypeName = "string" | "number" | "integer" | "boolean" | "null" | "object" | "array";

/** A lowering loss: a keyword the target cannot enforce (still enforced by local validation). */
export interface WireLoss {
  /** Stable diagnostic code (`EG_LOWER_*`, generator/diagnostics.ts). */
  code: string;
  /** JSON pointer into the original bundled schema. */
  pointer: string;
  keyword: string;
  message: string;
}

export interface OpenAIWire {
  /** Capability ladder (design.md §7): strict json_schema, then non-strict, then json_object. */
  mode: "strict" | "non-strict" | "json_object";
  /** `json_schema.name` / `text.format.name`: `[a-zA-Z0-9_-]{1,64}`. */
  name: string;
  schema: WireSchema;
  restore: RestorePlan;
}

export interface GeminiWire {
  mode: "json";
  field: "responseJsonSchema" | "responseSchema";
  schema: WireSchema;
  restore: RestorePlan;
}

export interface AnthropicWire {
  /** Native `output_config.format`, or forced tool use for schemas the native format cannot take. */
  mode: "output_format" | "tool";
  /** Tool name when `mode` is `tool`: `[a-zA-Z0-9_-]{1,64}`. */
  toolName: string;
  schema: WireSchema;
  restore: RestorePlan;
}

/** One validation problem: where (JSON pointer into the value) and what. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidateResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** An Ajv-style error object as produced by the precompiled validator. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The precompiled validator of the ORIGINAL schema: a type guard that leaves its errors on `.errors`. */
export interface PrecompiledValidator<T> {
  (value: unknown): value is T;
  errors?: ValidatorError[] | null;
}

/** Everything the runtime needs to call a provider for one extractor. */
export interface ExtractorSpec<T> {
  /** Extractor name, e.g. `Invoice`. */
  readonly name: string;
  readonly version: number;
  /** System prompt: `x-extractor.instructions` or the schema `description`. */
  readonly instructions: string;
  /** Defaults from `x-extractor`; call options and environment override them. */
  readonly model?: string;
  readonly provider?: ProviderName;
  readonly temperature?: number;
  /** The original (bundled, 2020-12) schema: used for prompts in `json_object` mode and repairs. */
  readonly schema: WireSchema;
  readonly wire: { readonly openai: OpenAIWire; readonly gemini: GeminiWire; readonly anthropic: AnthropicWire };
  readonly validate: PrecompiledValidator<T>;
}

/** The data type an extractor spec produces. */
export type SpecData<S> = S extends ExtractorSpec<infer T> ? T : never;
