import type { Diagnostic } from "../diagnostics.js";

/** Schema file extensions, longest first: they are not part of a module name. */
const SCHEMA_EXTENSIONS = /(\.schema)?\.(json|ya?ml)$/i;

/** Device names Windows refuses as file names, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * The output module of a schema file: its path below the schemas folder without the schema
 * extension (`billing/invoice.schema.json` -> `billing/invoice`), made safe to write under the
 * output folder: no `..`, `.` or empty segments, no absolute or drive prefix, no NUL or characters
 * outside letters, digits, `_` and `-` (dots become `-`, so `x.d.json` cannot turn into a `.d.ts`),
 * no Windows device names, and no top-level `index` (that is the barrel). A changed name gets an
 * EG_MODULE_NAME warning.
 */
export function nameModule(schemaPath: string, file: string): { module: string; diagnostics: Diagnostic[] } {
  const withoutExtension = schemaPath.replace(SCHEMA_EXTENSIONS, "");
  const segments = withoutExtension
    .split(/[\\/]+/)
    .map((segment) => segment.replace(/\.+/g, "-"))
    .map((segment) => segment.replace(/[^\p{L}\p{N}_-]+/gu, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, ""))
    .filter((segment) => segment !== "")
    .map((segment) => (WINDOWS_RESERVED.test(segment) ? `${segment}_` : segment));
  if (segments.length === 1 && segments[0]!.toLowerCase() === "index") segments[0] = `${segments[0]}_`;
  const module = segments.length > 0 ? segments.join("/") : "schema";
  const expected = withoutExtension.replace(/\\/g, "/").replace(/\./g, "-");
  const diagnostics: Diagnostic[] = [];
  if (module !== expected) {
    diagnostics.push({
      code: "EG_MODULE_NAME",
      severity: "warning",
      file,
      message: `schema path ${JSON.stringify(schemaPath)} is written as module ${JSON.stringify(module)}`,
      hint: "rename the file to letters, digits, '-' and '_' to keep the module name predictable",
    });
  }
  return { module, diagnostics };
}
