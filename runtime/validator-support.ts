/**
 * What precompiled validators (the Ajv standalone code in generated modules) call at run time.
 * Generated modules reach these through `extractgen/runtime`, so a project that uses generated
 * extractors needs no direct dependency on ajv or ajv-formats, and nothing compiles a schema at
 * run time.
 */
import { fullFormats } from "ajv-formats/dist/formats.js";

/**
 * Deep equality of JSON values, for `enum`, `const` and `uniqueItems` (the role of Ajv's `equal`):
 * same type, and for arrays and objects the same members, in any key order for objects.
 */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Length in Unicode code points, as `minLength`/`maxLength` count it (JSON Schema 2020-12 §6.3.1;
 * the role of Ajv's `ucs2length`): a surrogate pair is one character.
 */
function ucs2length(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    length++;
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return length;
}

/**
 * Helpers named by Ajv's generated code: `equal`, `ucs2length`, and the `formats` of ajv-formats
 * ("full" mode: exact date, time, email, uri checks).
 */
export const validatorRuntime = { equal, ucs2length, formats: fullFormats } as const;
