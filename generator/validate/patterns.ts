/**
 * `pattern` and `patternProperties` hold ECMA-262 regular expressions (JSON Schema 2020-12 §6.4).
 * Ajv compiles them with the `u` flag, which rejects many patterns written without it (`\-` outside
 * a class, `[\w-.]`, a lone `{`); real-world schemas are full of those. A schema whose patterns only
 * compile without `u` is compiled without it; a pattern no engine accepts (`(?i)`, possessive
 * quantifiers) is dropped with a warning, so the rest of the schema is still enforced.
 */
import type { Diagnostic } from "../diagnostics.js";
import type { JsonSchemaObject } from "../json-schema.js";

export interface PatternCheck {
  /** The schema to compile: `schema` itself, or a copy without the patterns no engine accepts. */
  schema: JsonSchemaObject;
  /** Every remaining pattern compiles with the `u` flag. */
  unicode: boolean;
}

/** Subschema keywords whose value is a schema, a list of schemas, or a map of schemas. */
const SCHEMA_KEYWORDS = new Set(["additionalProperties", "items", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties"]);
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "dependentSchemas"]);

/** Check every pattern of `schema` (see the file comment); `report` receives the dropped ones. */
export function checkPatterns(schema: JsonSchemaObject, file: string, report: (d: Diagnostic) => void): PatternCheck {
  let unicode = true;
  let changed = false;
  const visit = (node: unknown, pointer: string): unknown => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return node;
    const out: JsonSchemaObject = {};
    for (const [key, value] of Object.entries(node as JsonSchemaObject)) {
      const at = `${pointer}/${escapeToken(key)}`;
      if (key === "pattern" && typeof value === "string") {
        const verdict = judge(value);
        if (verdict === "invalid") {
          changed = true;
          report(dropped(file, at, value));
          continue;
        }
        if (verdict === "no-unicode") unicode = false;
        setOwn(out, key, value);
      } else if (key === "patternProperties" && isObject(value)) {
        const kept: JsonSchemaObject = {};
        // (keys are user data: `__proto__` must become an own key, as JSON.parse made it)
        for (const [pattern, sub] of Object.entries(value)) {
          const verdict = judge(pattern);
          if (verdict === "invalid") {
            changed = true;
            report(dropped(file, `${at}/${escapeToken(pattern)}`, pattern));
            continue;
          }
          if (verdict === "no-unicode") unicode = false;
          setOwn(kept, pattern, visit(sub, `${at}/${escapeToken(pattern)}`));
        }
        setOwn(out, key, kept);
      } else if (SCHEMA_KEYWORDS.has(key)) {
        setOwn(out, key, visit(value, at));
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
        setOwn(out, key, value.map((sub, i) => visit(sub, `${at}/${i}`)));
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
        const map: JsonSchemaObject = {};
        for (const [name, sub] of Object.entries(value)) setOwn(map, name, visit(sub, `${at}/${escapeToken(name)}`));
        setOwn(out, key, map);
      } else {
        setOwn(out, key, value);
      }
    }
    return out;
  };
  const checked = visit(schema, "") as JsonSchemaObject;
  return { schema: changed ? checked : schema, unicode };
}

function judge(pattern: string): "unicode" | "no-unicode" | "invalid" {
  if (compiles(pattern, "u")) return "unicode";
  return compiles(pattern, "") ? "no-unicode" : "invalid";
}

function compiles(pattern: string, flags: string): boolean {
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

function dropped(file: string, pointer: string, pattern: string): Diagnostic {
  return {
    code: "EG_PATTERN_INVALID",
    severity: "warning",
    file,
    pointer,
    message: `pattern ${JSON.stringify(pattern)} is not a JavaScript regular expression; it is not enforced`,
    hint: "rewrite it in ECMA-262 syntax (no inline flags such as (?i), no possessive quantifiers)",
  };
}

/** `obj[key] = value` that creates an own property even for `__proto__`. */
function setOwn(obj: JsonSchemaObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
