import type { Diagnostic } from "../diagnostics.js";
import type { Draft } from "../json-schema.js";
import { isPlainObject } from "./keywords.js";

/** `$schema` URIs of the supported drafts, without scheme and trailing `#` (both vary in practice). */
const DRAFT_URIS: Record<string, Draft> = {
  "json-schema.org/draft-04/schema": "draft-04",
  "json-schema.org/draft-06/schema": "draft-06",
  "json-schema.org/draft-07/schema": "draft-07",
  "json-schema.org/draft/2019-09/schema": "2019-09",
  "json-schema.org/draft/2020-12/schema": "2020-12",
};

/** The draft of a `$schema` URI, or `undefined` when it is not one of the supported drafts. */
export function draftOfUri(uri: string): Draft | undefined {
  const key = uri.trim().replace(/^https?:\/\//, "").replace(/#$/, "").replace(/\/$/, "");
  return DRAFT_URIS[key];
}

/**
 * The draft a schema root is written in: its `$schema`, else inferred from the keywords it uses.
 * An unknown `$schema` gives a warning and the inferred draft.
 */
export function detectDraft(root: unknown, file: string): { draft: Draft; diagnostics: Diagnostic[] } {
  if (!isPlainObject(root) || root.$schema === undefined) return { draft: inferDraft(root), diagnostics: [] };
  const declared = root.$schema;
  const draft = typeof declared === "string" ? draftOfUri(declared) : undefined;
  if (draft) return { draft, diagnostics: [] };
  const inferred = inferDraft(root);
  return {
    draft: inferred,
    diagnostics: [
      {
        code: "EG_DRAFT_UNKNOWN",
        severity: "warning",
        file,
        pointer: "/$schema",
        message: `unknown $schema ${JSON.stringify(declared)}; reading the file as ${inferred}`,
        hint: 'use "https://json-schema.org/draft/2020-12/schema" or "http://json-schema.org/draft-07/schema#"',
      },
    ],
  };
}

/**
 * Infer a draft from the keywords in use (no `$schema`): draft-04 boolean exclusive bounds or a
 * root `id` mean draft-04; tuple `items`, `additionalItems`, `dependencies` or `definitions` mean
 * draft-07 (the shape Ajv and most tools assume without `$schema`); otherwise 2020-12.
 */
export function inferDraft(root: unknown): Draft {
  let older = false;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isPlainObject(node)) continue;
    if (typeof node.exclusiveMinimum === "boolean" || typeof node.exclusiveMaximum === "boolean") return "draft-04";
    if (Array.isArray(node.items) || "additionalItems" in node || isPlainObject(node.dependencies)) older = true;
    for (const value of Object.values(node)) if (value !== null && typeof value === "object") stack.push(value);
  }
  if (isPlainObject(root)) {
    if (typeof root.id === "string" && root.$id === undefined) return "draft-04";
    if (isPlainObject(root.definitions)) older = true;
  }
  return older ? "draft-07" : "2020-12";
}
