/**
 * Diagnostics: every problem the generator finds is data with a stable code, a severity, a place
 * (file + JSON pointer, or line:column for a file that does not parse), a message and a hint.
 * Stages report them; only the CLI prints them.
 */

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** File path relative to the project root, `/`-separated. */
  file?: string;
  /** RFC 6901 JSON pointer into the file ("" is the root). */
  pointer?: string;
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

/** Catalog of every diagnostic code: a title and the usual fix. A test checks every code has one. */
export const DIAGNOSTIC_CATALOG = {
  EG_FILE_READ: { title: "schema file cannot be read", fix: "check the path and permissions" },
  EG_FILE_EMPTY: { title: "schema file is empty", fix: "write a JSON Schema object into the file, or delete it" },
  EG_SYNTAX: { title: "schema file is not valid JSON or YAML", fix: "fix the syntax at the line and column shown" },
  // load + names (generator/load, generator/names)
  EG_NO_SCHEMAS: { title: "no schema files found", fix: "point --schemas at a folder or glob holding *.schema.json, .json, .yaml or .yml files" },
  EG_SCHEMA_TOO_DEEP: { title: "schema nests deeper than the generator accepts", fix: "flatten the schema: move deep parts into $defs and $ref them" },
  EG_ROOT_BOOLEAN: { title: "schema root is a boolean", fix: "write an object schema; `true` accepts anything and `false` accepts nothing" },
  EG_ROOT_NOT_SCHEMA: { title: "schema root is neither an object nor a boolean", fix: "the file must hold one JSON Schema object" },
  EG_DRAFT_UNKNOWN: { title: "unknown $schema dialect", fix: "use a draft-04, -06, -07, 2019-09 or 2020-12 $schema URI; the draft is inferred meanwhile" },
  EG_SCHEMA_INVALID: { title: "schema violates its draft's meta-schema", fix: "correct the keyword at the pointer shown (see the hint)" },
  EG_REF_UNRESOLVED: { title: "$ref cannot be resolved", fix: "fix the reference, or map a remote URL prefix to a folder with --ref-map <prefix>=<dir>" },
  EG_REF_CYCLE: { title: "$ref cycle with no schema in between", fix: "break the cycle: at least one step must validate something (a property, an item) before referring back" },
  EG_KEYWORD_IGNORED: { title: "keyword has no effect in the schema's draft", fix: "declare a $schema whose draft defines the keyword, or remove it" },
  EG_DRAFT_FEATURE: { title: "dynamic reference resolved statically", fix: "nothing to do unless the schema is extended through $recursiveAnchor/$dynamicAnchor by another schema; use $ref instead" },
  EG_DUPLICATE_ID: { title: "two schema resources share one $id", fix: "give each schema file its own $id" },
  EG_EXTRACTOR_SETTINGS: { title: "invalid x-extractor settings", fix: "x-extractor takes name, instructions, model, provider, temperature and version with the types shown in the hint" },
  EG_DUPLICATE_EXTRACTOR: { title: "two schemas declare the same extractor name and version", fix: "change x-extractor.name or x-extractor.version in one of them" },
  EG_NAME_COLLISION: { title: "two types want the same exported name", fix: "rename one definition or set a distinct title; until then both get qualified names" },
  EG_MODULE_NAME: { title: "schema path is not a safe module name", fix: "rename the file: module names come from the path below the schemas folder" },
  // Lowering losses (info): what a provider cannot enforce. The runtime still validates the original schema.
  EG_LOWER_MODE_FALLBACK: {
    title: "the provider's richest structured-output mode cannot take this schema",
    fix: "simplify the construct named in the message, or accept the weaker mode (replies are still validated)",
  },
  EG_LOWER_NOT_ENFORCED: {
    title: "the provider treats the schema as guidance only",
    fix: "nothing to do: replies are validated locally and re-asked when invalid",
  },
  EG_LOWER_KEYWORD_DROPPED: {
    title: "a constraint keyword is not supported by the provider and was removed from its schema",
    fix: "nothing to do unless re-asks are frequent; the constraint is still checked locally",
  },
  EG_LOWER_FORMAT_DROPPED: {
    title: "a string format is not supported by the provider and was removed from its schema",
    fix: "use a supported format or a pattern if the model needs the hint",
  },
  EG_LOWER_ONEOF_AS_ANYOF: {
    title: "oneOf was sent as anyOf: exclusivity is not enforced by the provider",
    fix: "use anyOf with distinguishable branches (a const discriminator)",
  },
  EG_LOWER_ALLOF_CONFLICT: {
    title: "allOf parts could not be merged completely; the first value of a keyword was kept",
    fix: "merge the allOf parts by hand so each keyword appears once",
  },
  EG_LOWER_MAP_AS_ENTRIES: {
    title: "an object whose keys are data is sent as an array of {key, value} entries and restored to an object",
    fix: "nothing to do; duplicate keys in a reply keep the last entry",
  },
  EG_LOWER_OBJECT_CLOSED: {
    title: "an open object was closed for the provider: undeclared keys cannot be returned",
    fix: "declare the keys the model should return, or accept that extra keys are never extracted",
  },
  EG_LOWER_ANY_NARROWED: {
    title: "an unconstrained value was narrowed for the provider (objects cannot be returned there)",
    fix: "give the property a type",
  },
  EG_LOWER_TUPLE_RELAXED: {
    title: "tuple positions (prefixItems) are not enforced by the provider",
    fix: "use an object with named properties instead of a tuple",
  },
  EG_LOWER_ENUM_RELAXED: {
    title: "enum or const values the provider cannot express were relaxed",
    fix: "use string enum values",
  },
  EG_LOWER_RECURSION_CUT: {
    title: "a recursive schema was unrolled to a fixed depth for the provider",
    fix: "nothing to do unless deeper nesting is expected; use a provider that takes $ref",
  },
  EG_LOWER_ABSENT_AS_NULL: {
    title: "an optional nullable property always comes back (absent and null look the same on the wire)",
    fix: "make the property either optional or nullable, not both, if the difference matters",
  },
  // diff (generator/diff)
  EG_BREAKING_WITHOUT_VERSION: { title: "breaking schema change without a higher version", fix: "raise x-extractor.version (or the /v<N> at the end of $id), or keep the old schema beside the new one" },
  EG_SCHEMA_DELETED: { title: "schema deleted", fix: "keep the schema while consumers migrate, or add its successor with a higher x-extractor.version" },
  EG_GIT: { title: "git cannot provide the base version", fix: "run inside the repository and name a ref that exists locally (git fetch first in CI)" },
  EG_DIFF_NO_EXTRACTOR: { title: "schema file holds no extractor to compare", fix: "name a schema file whose base name does not start with _ and that loads without errors" },
  // extractgen run (generator/cli/run)
  EG_EXTRACTOR_NOT_FOUND: { title: "no extractor has the name given to extractgen run", fix: "use one of the names listed, or point --schemas at the right folder" },
  // types, validate, emit, config (generator/types, generator/validate, generator/emit, generator/config.ts)
  EG_TYPE_REF: { title: "reference names no generated type", fix: "the value at this $ref is typed unknown; report it if the $ref resolves under `extractgen lower`" },
  EG_TYPE_FAILED: { title: "TypeScript type could not be generated", fix: "the type is declared as unknown; simplify the schema at the pointer shown and report the message" },
  EG_VALIDATOR_FAILED: { title: "validator could not be compiled", fix: "fix the keyword named in the message; the extractor module is not written until then" },
  EG_PATTERN_INVALID: { title: "pattern is not a valid JavaScript regular expression", fix: "rewrite the pattern in ECMA-262 syntax (no inline flags like (?i), no possessive quantifiers); it is not enforced meanwhile" },
  EG_FORMAT_UNKNOWN: { title: "format is not validated", fix: "nothing to do if the format is informational; the known formats are those of ajv-formats (date, date-time, email, uri, uuid, ...)" },
  EG_EXPORT_COLLISION: { title: "two modules export the same name from index.ts", fix: "rename one of the schemas (x-extractor.name) or the definition" },
  EG_CONFIG: { title: "invalid configuration", fix: "correct the option named in the message (flags and extractgen.config.json take the same keys)" },
} as const satisfies Record<string, { title: string; fix: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CATALOG;

/** True when any diagnostic is an error: the exit code of a run comes from this. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** One diagnostic as text: `error EG_X file#/pointer: message`, then `  hint: ...`. */
export function formatDiagnostic(d: Diagnostic): string {
  let place = d.file ?? "";
  if (d.line !== undefined) place += `:${d.line}${d.column !== undefined ? `:${d.column}` : ""}`;
  else if (d.pointer !== undefined) place += `#${d.pointer}`;
  const head = `${d.severity} ${d.code}${place ? ` ${place}` : ""}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}
