import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic } from "../diagnostics.js";
import type { Draft } from "../json-schema.js";
import { detectDraft, draftOfUri } from "./draft.js";
import { childPointer, descendantPointer } from "./json-pointer.js";
import { isPlainObject, subschemasOf } from "./keywords.js";
import { loadMetaDiagnostics } from "./meta-validate.js";
import { loadSchemaText } from "./parse-document.js";

const require = createRequire(import.meta.url);

/** One schema file (or built-in meta-schema) as read, with the resources and anchors it declares. */
export interface SchemaDocument {
  /** Path relative to the project root, `/`-separated; the URI itself for a built-in meta-schema. */
  file: string;
  /** Retrieval URI: the URL it was reached by (a --ref-map URL), else its `file://` URL. */
  url: string;
  text: string;
  /** The parsed value, untouched. */
  root: unknown;
  draft: Draft;
  /** False when the file does not parse or violates its meta-schema: nothing in it is used. */
  usable: boolean;
  /** Base URI established at a location by `$id` (`id` in draft-04): pointer -> absolute URI. */
  scopes: Map<string, string>;
  /** Schema resources declared inside: absolute URI without fragment -> pointer. */
  resources: Map<string, string>;
  /** Anchors (`$anchor`, `$dynamicAnchor`, draft-04..07 `$id: "#name"`): `<resource URI>#<name>` -> pointer. */
  anchors: Map<string, string>;
}

/** Where the loader finds files: the project root, the ref map and the file reader. */
export interface DocumentSource {
  root: string;
  /** URL prefix -> absolute folder, longest prefix first. */
  refMap: readonly (readonly [string, string])[];
  readFile: (absPath: string) => Promise<string>;
}

/** The documents of one load: every file read once, every resource URI registered once. */
export interface DocumentStore {
  source: DocumentSource;
  /** By absolute path (or built-in URI). */
  byPath: Map<string, SchemaDocument>;
  /** Every resource of every document: absolute URI without fragment -> its document and pointer. */
  resources: Map<string, { doc: SchemaDocument; pointer: string }>;
  diagnostics: Diagnostic[];
}

export function createDocumentStore(source: DocumentSource): DocumentStore {
  return { source, byPath: new Map(), resources: new Map(), diagnostics: [] };
}

/**
 * Largest schema file read, in bytes. The biggest real schema in the SchemaStore sample (the
 * Kubernetes definitions) has 1 MB; the generated code is several times its input, and a 50 MB
 * schema took minutes and gigabytes to generate. Past this limit a file gets a diagnostic and is
 * not parsed (#9).
 */
export const MAX_SCHEMA_FILE_BYTES = 8 * 1024 * 1024;

/** The `/`-separated path of an absolute path, relative to the project root. */
export function relativeFile(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join("/");
}

/**
 * Read, parse, check and index one file (once: a second call returns the same document). Returns
 * `undefined` when the file cannot be read; the reason is a diagnostic only when `reportMissing`.
 */
export async function loadDocumentFile(store: DocumentStore, absPath: string, url: string | undefined, reportMissing: boolean): Promise<SchemaDocument | undefined> {
  const known = store.byPath.get(absPath);
  if (known) {
    if (url !== undefined) registerResource(store, url, known, "");
    return known;
  }
  const file = relativeFile(store.source.root, absPath);
  let text: string;
  try {
    text = await store.source.readFile(absPath);
  } catch (e) {
    if (reportMissing) {
      store.diagnostics.push({ code: "EG_FILE_READ", severity: "error", file, message: `cannot read the file: ${(e as Error).message}`, hint: "check the path and permissions" });
    }
    return undefined;
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_SCHEMA_FILE_BYTES) {
    store.diagnostics.push({
      code: "EG_FILE_TOO_LARGE",
      severity: "error",
      file,
      message: `the file has ${bytes} bytes; schema files may have at most ${MAX_SCHEMA_FILE_BYTES}`,
      hint: "split it into files that $ref each other, or generate from a smaller schema",
    });
    return undefined;
  }
  const doc = buildDocument(store, file, url ?? pathToFileURL(absPath).href, text);
  store.byPath.set(absPath, doc);
  if (url !== undefined && url !== pathToFileURL(absPath).href) registerResource(store, pathToFileURL(absPath).href, doc, "");
  return doc;
}

/** Meta-schemas of draft-04..07, shipped with Ajv: schemas that `$ref` them resolve offline. */
const BUILT_IN_META_SCHEMAS: Partial<Record<Draft, string>> = {
  "draft-04": "ajv-draft-04/dist/refs/json-schema-draft-04.json",
  "draft-06": "ajv/dist/refs/json-schema-draft-06.json",
  "draft-07": "ajv/dist/refs/json-schema-draft-07.json",
};

/** The built-in meta-schema document for a `http://json-schema.org/draft-0N/schema` URI, if any. */
export function loadBuiltInDocument(store: DocumentStore, uri: string): SchemaDocument | undefined {
  const draft = draftOfUri(uri);
  const module = draft && BUILT_IN_META_SCHEMAS[draft];
  if (!module) return undefined;
  const key = `builtin:${draft}`;
  const known = store.byPath.get(key);
  if (known) return known;
  const text = JSON.stringify(require(module), null, 2);
  const doc = buildDocument(store, uri, uri, text);
  store.byPath.set(key, doc);
  return doc;
}

function buildDocument(store: DocumentStore, file: string, url: string, text: string): SchemaDocument {
  const doc: SchemaDocument = { file, url, text, root: undefined, draft: "2020-12", usable: false, scopes: new Map(), resources: new Map(), anchors: new Map() };
  const parsed = loadSchemaText(file, text);
  if (!parsed.ok) {
    store.diagnostics.push(...parsed.diagnostics);
    return doc;
  }
  doc.root = parsed.value;
  if (!isPlainObject(doc.root) && typeof doc.root !== "boolean") {
    store.diagnostics.push({
      code: "EG_ROOT_NOT_SCHEMA",
      severity: "error",
      file,
      pointer: "",
      message: `the file holds ${Array.isArray(doc.root) ? "an array" : JSON.stringify(doc.root)?.slice(0, 40) ?? "nothing"}, not a schema`,
      hint: "a schema file holds one JSON object (or true/false)",
    });
    return doc;
  }
  const detected = detectDraft(doc.root, file);
  doc.draft = detected.draft;
  store.diagnostics.push(...detected.diagnostics);
  const violations = loadMetaDiagnostics(doc.root, doc.draft, file);
  store.diagnostics.push(...violations);
  doc.usable = !violations.some((d) => d.severity === "error");
  if (doc.usable) indexDocument(store, doc);
  return doc;
}

/**
 * Walk the schema positions of a document and record the base URI changes (`$id`), resources and
 * anchors, following the document's draft (JSON Schema 2020-12 Core §8.2; draft-04 `id`).
 */
function indexDocument(store: DocumentStore, doc: SchemaDocument): void {
  const idKeyword = doc.draft === "draft-04" ? "id" : "$id";
  const stack: { node: unknown; pointer: string; base: string }[] = [{ node: doc.root, pointer: "", base: doc.url }];
  registerResource(store, stripFragment(doc.url), doc, "");
  while (stack.length > 0) {
    const { node, pointer, base: outerBase } = stack.pop()!;
    if (!isPlainObject(node)) continue;
    let base = outerBase;
    const id = node[idKeyword];
    if (typeof id === "string" && id !== "" && id !== "#") {
      if (id.startsWith("#")) {
        // draft-04..07: `"$id": "#name"` is a plain-name anchor of the enclosing resource.
        doc.anchors.set(`${stripFragment(base)}#${id.slice(1)}`, pointer);
      } else {
        const resolved = resolveUri(id, base);
        if (resolved !== undefined) {
          base = stripFragment(resolved);
          doc.scopes.set(pointer, base);
          registerResource(store, base, doc, pointer);
          const fragment = fragmentOf(resolved);
          if (fragment && !fragment.startsWith("/")) doc.anchors.set(`${base}#${fragment}`, pointer);
        }
      }
    }
    for (const anchorKeyword of ["$anchor", "$dynamicAnchor"]) {
      const anchor = node[anchorKeyword];
      if (typeof anchor === "string" && (doc.draft === "2019-09" || doc.draft === "2020-12")) doc.anchors.set(`${stripFragment(base)}#${anchor}`, pointer);
    }
    for (const { path: tokens, schema } of subschemasOf(node, doc.draft)) stack.push({ node: schema, pointer: descendantPointer(pointer, tokens), base });
  }
}

function registerResource(store: DocumentStore, uri: string, doc: SchemaDocument, pointer: string): void {
  if (!doc.resources.has(uri)) doc.resources.set(uri, pointer);
  const existing = store.resources.get(uri);
  if (!existing) {
    store.resources.set(uri, { doc, pointer });
  } else if (existing.doc !== doc && !uri.startsWith("file:")) {
    store.diagnostics.push({
      code: "EG_DUPLICATE_ID",
      severity: "warning",
      file: doc.file,
      pointer: childPointer(pointer, doc.draft === "draft-04" ? "id" : "$id"),
      message: `$id ${uri} is also declared by ${existing.doc.file}${existing.pointer ? `#${existing.pointer}` : ""}; references from other files go there`,
      hint: "give each schema file its own $id",
    });
  }
}

/**
 * The base URI in effect at `pointer`: the `$id` of the nearest enclosing resource, else the
 * document's URL.
 */
export function baseAt(doc: SchemaDocument, pointer: string): string {
  let best: string | undefined;
  let bestLength = -1;
  for (const [scope, base] of doc.scopes) {
    if (scope.length > bestLength && (pointer === scope || pointer.startsWith(`${scope}/`))) {
      best = base;
      bestLength = scope.length;
    }
  }
  return best ?? stripFragment(doc.url);
}

/** `reference` resolved against `base` (RFC 3986 §5), or `undefined` when it is not a URI reference. */
export function resolveUri(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    return undefined;
  }
}

export function stripFragment(uri: string): string {
  const hash = uri.indexOf("#");
  return hash === -1 ? uri : uri.slice(0, hash);
}

export function fragmentOf(uri: string): string {
  const hash = uri.indexOf("#");
  return hash === -1 ? "" : uri.slice(hash + 1);
}

/** The absolute path of a `file:` URL, or `undefined` for any other URL. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
