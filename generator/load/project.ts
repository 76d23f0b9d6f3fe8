import type { Draft, JsonSchema, JsonSchemaObject } from "../json-schema.js";

/**
 * What load + names hand to every later stage (types, validate, lower, emit, diff).
 *
 * All schemas here are normalised to draft 2020-12 (draft-04 boolean exclusive bounds, tuple `items`,
 * `definitions`, `dependencies`, `id`, `$recursiveRef`/`$dynamicRef` rewritten), so later stages
 * handle one dialect only. Validation under Ajv 2020 is the same as Ajv's under the original draft:
 * siblings of `$ref` are kept in every draft (Ajv applies them, draft-07 included), and keywords the
 * original draft does not have (`unevaluatedProperties` in draft-07, ...) are dropped with a warning.
 */
export interface SchemaProject {
  /** One entry per extractor (per schema file that is not ref-only), sorted by `file`. */
  extractors: ExtractorSchema[];
  /**
   * Every named type of the project, keyed by its final exported TypeScript name: extractor roots,
   * every `$ref` target, and every top-level definition of a schema file (exported even when
   * unreferenced). Sorted by module, then name.
   */
  types: Map<string, NamedType>;
  /**
   * Output modules that hold only shared types (no extractor): the ref-only `_` files that own at
   * least one type, sorted.
   */
  typeModules: string[];
}

/** Extension keyword `x-extractor` at a schema root (design.md §3). */
export interface ExtractorSettings {
  name?: string;
  instructions?: string;
  model?: string;
  provider?: string;
  temperature?: number;
  version?: number;
}

/** One extractor: a root schema with everything it needs, self-contained. */
export interface ExtractorSchema {
  /** Schema file path relative to the project root (config folder or cwd), `/`-separated. */
  file: string;
  /** Canonical URI of the root: its `$id`, or the file's `file://` URL (absolute: never print it into output). */
  uri: string;
  /** The draft the file was written in. */
  draft: Draft;
  /**
   * Output module name: the path below the schemas folder without the schema extension
   * (`billing/invoice` for `billing/invoice.schema.json`), made safe (names/module-name.ts: no
   * `..`, dots become `-`, no Windows device names, no top-level `index`). Unique, ignoring case.
   */
  module: string;
  /** PascalCase extractor name (`x-extractor.name` || `title` || file base name). */
  name: string;
  /** Schema version (`x-extractor.version` or `$id` ending in `/v<N>`), default 1. */
  version: number;
  /** Exported name of the root type: `name`, or `<name>V<version>` when several versions exist. */
  typeName: string;
  /** The extractor's settings; `instructions` already defaulted to the root `description`. */
  settings: ExtractorSettings;
  /**
   * The root schema, bundled: every `$ref` is `#` or `#/$defs/<TypeName>`, and `$defs` holds every
   * definition the root reaches (from any file) under its exported type name. No `$id`s remain
   * inside, so Ajv, the lowering and the diff can read it alone.
   */
  schema: JsonSchemaObject;
  /** sha256 (hex) over the file and every file it references. */
  hash: string;
  /** Every file this extractor read (its own first), relative like `file`. */
  sources: string[];
}

/** A named type: a definition (or an extractor root) emitted once, under one name. */
export interface NamedType {
  /** Exported TypeScript name (PascalCase, unique in the project). */
  name: string;
  /**
   * The module that declares it; other modules import it from there. A definition in a generated
   * schema file (a `_` file included) belongs to that file's module; one from elsewhere (a file
   * only reached by `$ref`) to the first extractor module, in sorted order, that reaches it.
   */
  module: string;
  /** Normalised schema; its `$ref`s are `#/$defs/<TypeName>` (refs to other named types). */
  schema: JsonSchema;
  /** Where it was written: file (relative) and JSON pointer. */
  origin: { file: string; pointer: string };
}
