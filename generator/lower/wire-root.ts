/**
 * Root handling shared by the lowerings: whether the root is a plain object, wrapping a root in
 * `{ "value": ... }` (OpenAI and Anthropic want an object root), and the original schema cleaned of
 * root-only keywords for the modes that send it as guidance (OpenAI non-strict / json_object,
 * Anthropic tool use).
 */
import type { WireSchema } from "../../runtime/spec.js";
import type { JsonSchema } from "../json-schema.js";
import { canonicalize } from "./composition.js";
import { LossLog } from "./losses.js";
import { admittedTypes, type Bundle, isMapLike, isObject, refTarget, refTo, ROOT_REF } from "./schema-facts.js";

/** The property a wrapped root lives in. */
export const WRAP_KEY = "value";

/** Keywords that only make sense at the top of a file. */
const ROOT_ONLY_KEYWORDS = new Set(["$schema", "$id", "$comment", "$defs", "x-extractor"]);

/**
 * True when the root (after merging `allOf` and following a root `$ref`) can only be an object with
 * declared keys, so it can be sent as is. Anything else (arrays, scalars, unions, maps,
 * `type: ["object", "null"]`) is wrapped.
 */
export function rootIsObject(bundle: Bundle): boolean {
  const root = bundle.root;
  const c = canonicalize({ allOf: [root] }, "", { bundle, inlined: new Set([ROOT_REF]), losses: new LossLog() });
  if (c.kind !== "plain") return false;
  const types = admittedTypes(c.schema);
  // A map is sent as an array of entries by the targets that wrap, so it is not an object root there.
  return types.length === 1 && types[0] === "object" && !isMapLike(c.schema);
}

/** `{ "value": inner }` as a closed object with `$defs` (if any) at the new root. */
export function wrapRoot(inner: WireSchema, defs: Record<string, WireSchema> | undefined): WireSchema {
  const wrapper: WireSchema = {
    type: "object",
    properties: { [WRAP_KEY]: inner },
    required: [WRAP_KEY],
    additionalProperties: false,
  };
  if (defs && Object.keys(defs).length > 0) wrapper["$defs"] = defs;
  return wrapper;
}

/** A definition name not used by the bundle, for a definition the lowering adds. */
export function freshDefName(bundle: Bundle, base: string): string {
  let name = base;
  while (Object.hasOwn(bundle.defs, name)) name += "_";
  return name;
}

/**
 * The original schema as guidance: root-only keywords removed and, when wrapped, the root moved into
 * `$defs` under `rootAlias` if anything refers to it with `#` (which would otherwise mean the wrapper).
 */
export function guidanceSchema(bundle: Bundle, wrap: boolean): WireSchema {
  const root: JsonSchema = bundle.root;
  const body: WireSchema = {};
  if (isObject(root)) for (const [k, v] of Object.entries(root)) if (!ROOT_ONLY_KEYWORDS.has(k)) body[k] = v;
  const defs: Record<string, WireSchema> = {};
  for (const [name, def] of Object.entries(bundle.defs)) defs[name] = (isObject(def) ? def : def ? {} : { not: {} }) as WireSchema;
  if (!isObject(root) && root === false) body["not"] = {};
  if (!wrap) {
    // Only wrapped roots are not objects; say so, as tool input schemas must (wire-formats.md §6.2).
    body["type"] = "object";
    if (Object.keys(defs).length > 0) body["$defs"] = defs;
    return body;
  }
  if (!bundle.recursive.has(ROOT_REF) && !refersToRoot(bundle)) return wrapRoot(body, defs);
  const alias = freshDefName(bundle, "Root");
  const retargeted: Record<string, WireSchema> = {};
  for (const [name, def] of Object.entries(defs)) retargeted[name] = retargetRootRefs(def, alias) as WireSchema;
  retargeted[alias] = retargetRootRefs(body, alias) as WireSchema;
  return wrapRoot({ $ref: refTo(alias) }, retargeted);
}

function refersToRoot(bundle: Bundle): boolean {
  const found = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(found);
    if (!isObject(node)) return false;
    return Object.entries(node).some(([k, v]) => (k === "$ref" ? refTarget(v) === ROOT_REF : k !== "enum" && k !== "const" && found(v)));
  };
  return found(bundle.root);
}

/** A copy with every `$ref: "#"` pointing at `#/$defs/<alias>` instead. */
function retargetRootRefs(node: unknown, alias: string): unknown {
  if (Array.isArray(node)) return node.map((n) => retargetRootRefs(n, alias));
  if (!isObject(node)) return node;
  const out: WireSchema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && refTarget(v) === ROOT_REF) out[k] = refTo(alias);
    else if (k === "enum" || k === "const" || k === "default" || k === "examples") out[k] = v;
    else out[k] = retargetRootRefs(v, alias);
  }
  return out;
}
