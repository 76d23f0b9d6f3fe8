import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import type { Diagnostic } from "../diagnostics.js";
import type { Draft } from "../json-schema.js";
import { suggest } from "./did-you-mean.js";
import { childPointer, descendantPointer, parsePointer, valueAt } from "./json-pointer.js";
import { isPlainObject, subschemasOf } from "./keywords.js";

const require = createRequire(import.meta.url);

const JSON_TYPES = ["array", "boolean", "integer", "null", "number", "object", "string"];

/** Most meta-schema diagnostics reported per file: the first few explain the problem. */
const MAX_REPORTED = 5;

/**
 * Meta-schema validators, per draft and error mode, built on first use. `strict: false` because real schemas
 * carry unknown keywords and formats, which JSON Schema allows; formats are not checked here
 * (`$id: "my schema"` is sloppy but harmless), regular expressions are checked by
 * {@link checkPatterns} instead.
 */
const validators = new Map<string, ValidateFunction>();

function metaValidator(draft: Draft, allErrors: boolean): ValidateFunction {
  const cacheKey = `${draft}:${allErrors}`;
  let validator = validators.get(cacheKey);
  if (validator) return validator;
  const options = { strict: false, allErrors, validateFormats: false, logger: false } as const;
  switch (draft) {
    case "draft-04": {
      const meta = require("ajv-draft-04/dist/refs/json-schema-draft-04.json") as Record<string, unknown>;
      validator = new AjvDraft04.default(options).compile(asAjvApplies(meta, "id", ["if", "then", "else", "contains", "propertyNames"]));
      break;
    }
    case "draft-06": {
      const ajv = new Ajv(options);
      const meta = require("ajv/dist/refs/json-schema-draft-06.json") as Record<string, unknown>;
      ajv.addMetaSchema(meta);
      validator = ajv.compile(asAjvApplies(meta, "$id", ["if", "then", "else"]));
      break;
    }
    case "draft-07": {
      const meta = require("ajv/dist/refs/json-schema-draft-07.json") as Record<string, unknown>;
      validator = new Ajv(options).compile(asAjvApplies(meta, "$id", []));
      break;
    }
    case "2019-09":
      validator = new Ajv2019(options).getSchema("https://json-schema.org/draft/2019-09/schema");
      break;
    case "2020-12":
      validator = new Ajv2020(options).getSchema("https://json-schema.org/draft/2020-12/schema");
      break;
  }
  if (!validator) throw new Error(`meta-schema of ${draft} is missing from Ajv`);
  validators.set(cacheKey, validator);
  return validator;
}

/**
 * A draft's meta-schema extended by the keywords Ajv applies in that draft although the draft does
 * not define them (`$defs` before 2019-09, `if`/`then`/`else` in draft-04 and -06, `contains` and
 * `propertyNames` in draft-04): their subschemas are checked too, or a broken one would pass unnoticed.
 */
function asAjvApplies(meta: Record<string, unknown>, idKeyword: string, keywords: readonly string[]): Record<string, unknown> {
  // `$defs` entries that are objects are schemas; other entries are never used (a `$ref` to one fails).
  const definitions = { type: "object", additionalProperties: { anyOf: [{ not: { type: "object" } }, { $ref: "#" }] } };
  const properties: Record<string, unknown> = { ...(meta.properties as Record<string, unknown>), $defs: definitions };
  for (const keyword of keywords) properties[keyword] = { $ref: "#" };
  return { ...meta, [idKeyword]: `https://extractgen.invalid/meta/${String(meta[idKeyword]).replace(/\W+/g, "-")}`, properties };
}

/**
 * Validate a schema document against its draft's meta-schema. Each violation is an
 * EG_SCHEMA_INVALID error at the offending JSON pointer, with a hint (`did you mean "string"?`).
 */
export function loadMetaDiagnostics(root: unknown, draft: Draft, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const view = draft === "draft-04" || draft === "draft-06" ? withoutLargeEnums(root, file, diagnostics) : root;
  // Valid schemas (nearly all) pass the fast first-error validator; only the others are
  // validated again collecting every error, to explain them.
  if (!metaValidator(draft, /* allErrors */ false)(view)) {
    const validate = metaValidator(draft, /* allErrors */ true);
    validate(view);
    for (const error of mostSpecific(validate.errors ?? [])) diagnostics.push(describeViolation(error, root, draft, file));
  }
  diagnostics.push(...checkPatterns(root, draft, file));
  return diagnostics.slice(0, MAX_REPORTED);
}

/**
 * Above this many entries an `enum` is checked for duplicates here, in linear time: the draft-04
 * and draft-06 meta-schemas say `uniqueItems: true` for `enum`, which Ajv checks by comparing
 * every pair (a 50 MB enum would never finish).
 */
const LARGE_ENUM = 256;

/**
 * The document to meta-validate: `root` itself, or (when it has large enums) a copy where each
 * large enum is cut to its first entry, after checking its entries for duplicates here.
 */
function withoutLargeEnums(root: unknown, file: string, diagnostics: Diagnostic[]): unknown {
  interface Entry { value: unknown; key: string; parent: Entry | undefined }
  let found = false;
  const stack: Entry[] = [{ value: root, key: "", parent: undefined }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const value = entry.value as Record<string, unknown>;
    for (const key in value) {
      const child = value[key];
      if (child === null || typeof child !== "object") continue;
      if (key === "enum" && Array.isArray(child) && child.length > LARGE_ENUM && !Array.isArray(value)) {
        found = true;
        const duplicate = findDuplicate(child);
        if (duplicate !== undefined) {
          const keys: string[] = [key];
          for (let at: Entry | undefined = entry; at?.parent; at = at.parent) keys.push(at.key);
          diagnostics.push({ code: "EG_SCHEMA_INVALID", severity: "error", file, pointer: descendantPointer("", keys.reverse()), message: `"enum" lists ${JSON.stringify(duplicate.value).slice(0, 60)} twice`, hint: "remove the repeated value (draft-04 and draft-06 require unique enum values)" });
        }
      } else {
        stack.push({ value: child, key, parent: entry });
      }
    }
  }
  if (!found) return root;
  return JSON.parse(JSON.stringify(root, (key: string, value: unknown) => (key === "enum" && Array.isArray(value) && value.length > LARGE_ENUM ? value.slice(0, 1) : value)));
}

/**
 * A value listed twice, or `undefined`. Strings and numbers are sorted and compared with their
 * neighbour (sorting millions of strings is far quicker than hashing them into a Set); other
 * values compare as JSON text.
 */
function findDuplicate(items: readonly unknown[]): { value: unknown } | undefined {
  const strings = items.filter((item): item is string => typeof item === "string").sort();
  const numbers = items.filter((item): item is number => typeof item === "number").sort((a, b) => a - b);
  for (const sorted of [strings, numbers] as unknown[][]) {
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return { value: sorted[i] };
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (typeof item === "string" || typeof item === "number") continue;
    const key = JSON.stringify(item);
    if (seen.has(key)) return { value: item };
    seen.add(key);
  }
  return undefined;
}

/**
 * Ajv reports a failed `anyOf` together with the failure of every branch. Keep the concrete errors:
 * drop combinator errors when a concrete error exists at the same or a deeper place, and keep one
 * error per place (the most telling keyword first).
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = new Set(["anyOf", "oneOf", "not", "if", "then", "else", "false schema"]);
  const concrete = errors.filter((e) => !combinators.has(e.keyword));
  const rank = (e: ErrorObject) => ["enum", "const", "required", "type"].indexOf(e.keyword) >>> 0;
  const candidates = concrete.length > 0 ? concrete : errors;
  // An error deeper inside a value explains it better than one about the whole value (the other
  // branch of the `anyOf` that failed).
  const deepest = candidates.filter((e) => !candidates.some((other) => other.instancePath.startsWith(`${e.instancePath}/`)));
  const chosen = new Map<string, ErrorObject>();
  for (const error of deepest.sort((a, b) => rank(a) - rank(b))) {
    if (!chosen.has(error.instancePath)) chosen.set(error.instancePath, error);
  }
  return [...chosen.values()].sort((a, b) => (a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0));
}

function describeViolation(error: ErrorObject, root: unknown, draft: Draft, file: string): Diagnostic {
  const pointer = error.instancePath;
  const tokens = parsePointer(pointer) ?? [];
  const value = valueAt(root, tokens);
  const last = tokens.at(-1) ?? "";
  const keyword = /^\d+$/.test(last) && tokens.length > 1 ? tokens.at(-2)! : last;
  const subject = pointer === "" ? "the schema" : keyword === last ? JSON.stringify(keyword) : `${JSON.stringify(keyword)}[${last}]`;
  const shown = JSON.stringify(value)?.slice(0, 60) ?? "undefined";
  let message = `${subject} ${error.message ?? "is invalid"} (found ${shown})`;
  let hint = `see the ${draft} meta-schema for "${keyword}"`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map(String);
    message = `${subject} must be one of ${allowed.join(", ")} (found ${shown})`;
    hint = typeof value === "string" ? suggest(value, allowed) : `allowed: ${allowed.join(", ")}`;
  } else if (keyword === "required" && typeof value === "boolean") {
    hint = `since draft-04, "required" is an array of property names on the parent object, e.g. "required": ["name"]`;
  } else if (error.keyword === "minItems" && Array.isArray(value) && value.length === 0) {
    hint = `${draft} does not allow an empty "${keyword}" array: remove it`;
  } else if (error.keyword === "dependencies" && typeof params.property === "string" && typeof params.missingProperty === "string") {
    hint = `"${params.property}" needs "${params.missingProperty}" beside it`;
  } else if (error.keyword === "type" && String(params.type) === "object,boolean") {
    message = `${subject} must be a schema: an object, or true/false (found ${shown})`;
    hint = typeof value === "string" && JSON_TYPES.includes(value) ? `write {"type": ${JSON.stringify(value)}}` : 'e.g. {"type": "string"}, or move the value into a keyword such as "description"';
  } else if (error.keyword === "type" && typeof params.type === "string") {
    hint = `"${keyword}" takes a value of type ${params.type}`;
  }
  return { code: "EG_SCHEMA_INVALID", severity: "error", file, pointer, message, hint };
}

/**
 * `pattern` and `patternProperties` must be regular expressions. The meta-schemas only say so
 * through `format: "regex"`, which is not checked above, and Ajv fails on a bad one much later.
 */
function checkPatterns(root: unknown, draft: Draft, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = (source: unknown, pointer: string) => {
    if (typeof source !== "string") return;
    try {
      new RegExp(source);
    } catch (e) {
      diagnostics.push({
        code: "EG_SCHEMA_INVALID",
        severity: "error",
        file,
        pointer,
        message: `not a valid regular expression: ${(e as Error).message}`,
        hint: "patterns are ECMA-262 regular expressions; escape a literal backslash as \\\\ in JSON",
      });
    }
  };
  const stack: { node: unknown; pointer: string }[] = [{ node: root, pointer: "" }];
  while (stack.length > 0) {
    const { node, pointer } = stack.pop()!;
    if (!isPlainObject(node)) continue;
    check(node.pattern, childPointer(pointer, "pattern"));
    if (isPlainObject(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) check(key, descendantPointer(pointer, ["patternProperties", key]));
    }
    for (const { path, schema } of subschemasOf(node, draft)) stack.push({ node: schema, pointer: descendantPointer(pointer, path) });
  }
  return diagnostics;
}
