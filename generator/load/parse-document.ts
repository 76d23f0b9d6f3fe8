import { parseDocument } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { descendantPointer } from "./json-pointer.js";
import { findJsonSyntaxError, lineColumnAt } from "./json-syntax.js";

/**
 * Deepest nesting (objects and arrays) a schema file may have. Real schemas stay far below it (the
 * SchemaStore sample peaks at 23); every later stage walks schemas recursively, so this bound is
 * what keeps hostile input from overflowing the stack.
 */
export const MAX_SCHEMA_DEPTH = 256;

/** A parsed file: its value, or the diagnostics that explain why there is none. */
export type ParsedText = { ok: true; value: unknown } | { ok: false; diagnostics: Diagnostic[] };

/** True for the file names read as YAML; everything else is JSON. */
export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/**
 * Parse one schema file's text: JSON, or YAML for `.yaml`/`.yml`. Errors carry line and column;
 * an empty file and nesting beyond {@link MAX_SCHEMA_DEPTH} are reported too.
 */
export function loadSchemaText(file: string, text: string): ParsedText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") {
    return fail({ code: "EG_FILE_EMPTY", severity: "error", file, message: "the file is empty", hint: "write a JSON Schema object into it, or delete it" });
  }
  const parsed = isYamlFile(file) ? parseYaml(file, body) : parseJson(file, body);
  if (!parsed.ok) return parsed;
  const tooDeep = findTooDeep(parsed.value);
  if (tooDeep !== undefined) {
    return fail({
      code: "EG_SCHEMA_TOO_DEEP",
      severity: "error",
      file,
      pointer: tooDeep,
      message: `the document nests more than ${MAX_SCHEMA_DEPTH} levels deep`,
      hint: "move deep parts into $defs and $ref them",
    });
  }
  return parsed;
}

function parseJson(file: string, text: string): ParsedText {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // JSON.parse and the scanner agree on RFC 8259; should they ever disagree, the start is reported.
    const error = findJsonSyntaxError(text) ?? { offset: 0, message: "invalid JSON" };
    const { line, column } = lineColumnAt(text, error.offset);
    return fail({
      code: "EG_SYNTAX",
      severity: "error",
      file,
      line,
      column,
      message: error.message,
      hint: error.hint ?? "JSON needs double-quoted names and strings, commas between entries and no comments",
    });
  }
}

function parseYaml(file: string, text: string): ParsedText {
  // `merge`: YAML 1.1 merge keys (`<<: *base`) are common in hand-written schemas.
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0] ?? lineColumnAt(text, error.pos[0]);
    const column = "col" in position ? position.col : position.column;
    const message = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
    // The yaml parser reports its own stack exhaustion on deep nesting as RESOURCE_EXHAUSTION.
    if (error.code === "RESOURCE_EXHAUSTION") {
      return fail({ code: "EG_SCHEMA_TOO_DEEP", severity: "error", file, line: position.line, column, message: `the document nests too deeply to read (${message})`, hint: "move deep parts into $defs and $ref them" });
    }
    return fail({ code: "EG_SYNTAX", severity: "error", file, line: position.line, column, message, hint: `YAML ${error.code.toLowerCase().replace(/_/g, " ")}` });
  }
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    return { ok: true, value: document.toJS({ maxAliasCount: 1000 }) };
  } catch (e) {
    return fail({ code: "EG_SYNTAX", severity: "error", file, line: 1, column: 1, message: (e as Error).message, hint: "reduce the use of YAML aliases" });
  }
}

/**
 * The pointer of the first value nested deeper than the limit, found without recursion. Pointers
 * are only spelt out for the offending value (each entry links to its parent).
 */
function findTooDeep(root: unknown): string | undefined {
  interface Entry { value: unknown; depth: number; key: string; parent: Entry | undefined }
  const stack: Entry[] = [{ value: root, depth: 1, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.depth > MAX_SCHEMA_DEPTH) {
      const keys: string[] = [];
      for (let at: Entry | undefined = entry; at?.parent; at = at.parent) keys.push(at.key);
      return descendantPointer("", keys.reverse());
    }
    const value = entry.value as Record<string, unknown>;
    for (const key in value) {
      const child = value[key];
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: entry.depth + 1, key, parent: entry });
    }
  }
  return undefined;
}

function fail(diagnostic: Diagnostic): ParsedText {
  return { ok: false, diagnostics: [diagnostic] };
}
