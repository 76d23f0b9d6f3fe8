import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import AjvDraft04 from "ajv-draft-04";
import type { Diagnostic } from "../diagnostics.js";
import type { Draft } from "../json-schema.js";
import { suggest } from "./did-you-mean.js";
import { childPointer, descendantPointer, parsePointer, valueAt } from "./json-pointer.js";
import { SUBSCHEMA_KEYWORDS, isPlainObject, subschemasOf } from "./keywords.js";

const require = createRequire(import.meta.url);

/** Most meta-schema diagnostics reported per file: the first few explain the problem. */
const MAX_REPORTED = 5;

/**
 * Meta-schema validators, one per draft, built on first use. `strict: false` because real schemas
 * carry unknown keywords and formats, which JSON Schema allows; formats are not checked here
 * (`$id: "my schema"` is sloppy but harmless), regular expressions are checked by
 * {@link checkPatterns} instead.
 */
const validators = new Map<Draft, ValidateFunction>();

function metaValidator(draft: Draft): ValidateFunction {
  let validator = validators.get(draft);
  if (validator) return validator;
  const options = { strict: false, allErrors: true, validateFormats: false, logger: false } as const;
  switch (draft) {
    case "draft-04":
      validator = new AjvDraft04.default(options).getSchema("http://json-schema.org/draft-04/schema");
      break;
    case "draft-06": {
      const ajv = new Ajv(options);
      ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as object);
      validator = ajv.getSchema("http://json-schema.org/draft-06/schema");
      break;
    }
    case "draft-07":
      validator = new Ajv(options).getSchema("http://json-schema.org/draft-07/schema");
      break;
    case "2019-09":
      validator = new Ajv2019(options).getSchema("https://json-schema.org/draft/2019-09/schema");
      break;
    case "2020-12":
      validator = new Ajv2020(options).getSchema("https://json-schema.org/draft/2020-12/schema");
      break;
  }
  if (!validator) throw new Error(`meta-schema of ${draft} is missing from Ajv`);
  validators.set(draft, validator);
  return validator;
}

/**
 * Validate a schema document against its draft's meta-schema. Each violation is an
 * EG_SCHEMA_INVALID error at the offending JSON pointer, with a hint (`did you mean "string"?`).
 */
export function loadMetaDiagnostics(root: unknown, draft: Draft, file: string): Diagnostic[] {
  const validate = metaValidator(draft);
  const diagnostics: Diagnostic[] = [];
  if (!validate(root)) {
    for (const error of mostSpecific(validate.errors ?? [])) diagnostics.push(describeViolation(error, root, draft, file));
  }
  diagnostics.push(...checkPatterns(root, draft, file));
  return diagnostics.slice(0, MAX_REPORTED);
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
  const chosen = new Map<string, ErrorObject>();
  for (const error of [...(concrete.length > 0 ? concrete : errors)].sort((a, b) => rank(a) - rank(b))) {
    if (!chosen.has(error.instancePath)) chosen.set(error.instancePath, error);
  }
  return [...chosen.values()].sort((a, b) => (a.instancePath < b.instancePath ? -1 : a.instancePath > b.instancePath ? 1 : 0));
}

function describeViolation(error: ErrorObject, root: unknown, draft: Draft, file: string): Diagnostic {
  const pointer = error.instancePath;
  const value = valueAt(root, parsePointer(pointer) ?? []);
  const keyword = (parsePointer(pointer) ?? []).at(-1) ?? "";
  const shown = JSON.stringify(value)?.slice(0, 60) ?? "undefined";
  let message = `${pointer === "" ? "the schema" : JSON.stringify(keyword)} ${error.message ?? "is invalid"} (found ${shown})`;
  let hint = `see the ${draft} meta-schema for "${keyword}"`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "enum" && Array.isArray(params.allowedValues)) {
    const allowed = params.allowedValues.map(String);
    message = `${JSON.stringify(keyword)} must be one of ${allowed.join(", ")} (found ${shown})`;
    hint = typeof value === "string" ? suggest(value, allowed) : `allowed: ${allowed.join(", ")}`;
  } else if (keyword === "required" && typeof value === "boolean") {
    hint = `since draft-04, "required" is an array of property names on the parent object, e.g. "required": ["name"]`;
  } else if (error.keyword === "minItems" && Array.isArray(value) && value.length === 0) {
    hint = `${draft} does not allow an empty "${keyword}" array: remove it`;
  } else if (error.keyword === "type" && typeof params.type === "string") {
    hint = `"${keyword}" takes ${params.type === "object" && keyword in SUBSCHEMA_KEYWORDS[draft] ? "a schema object" : `a value of type ${params.type}`}`;
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
