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
