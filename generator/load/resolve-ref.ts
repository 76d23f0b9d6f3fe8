import path from "node:path";
import type { Diagnostic } from "../diagnostics.js";
import { closestMatch } from "./did-you-mean.js";
import {
  type DocumentStore,
  type SchemaDocument,
  baseAt,
  filePathOf,
  fragmentOf,
  loadBuiltInDocument,
  loadDocumentFile,
  resolveUri,
  stripFragment,
} from "./documents.js";
import { decodeFragment, descendantPointer, parsePointer, valueAt } from "./json-pointer.js";
import { isPlainObject } from "./keywords.js";

/** A place in a loaded document. */
export interface SchemaLocation {
  doc: SchemaDocument;
  pointer: string;
}

/** The key of a location: `<file>#<pointer>`, unique in a load. */
export function locationKey(location: SchemaLocation): string {
  return `${location.doc.file}#${location.pointer}`;
}

/** What one `$ref` (or `$recursiveRef`/`$dynamicRef`) resolved to. */
export type RefResolution = { ok: true; target: SchemaLocation } | { ok: false; diagnostic: Diagnostic };

/**
 * Resolve a reference written at `site` (JSON Schema 2020-12 Core §8.2.3, RFC 3986 §5):
 * 1. against the base URI in effect at the site (its resource's `$id`, else the file's URL);
 * 2. look the resource up: the site's own document first, then every loaded document, then a
 *    --ref-map prefix (a folder; an extension-less name also tries `.json`), then a `file:` path,
 *    then the built-in draft-04..07 meta-schemas;
 * 3. a relative reference that fails against an `$id` base is retried against the file's own URL;
 * 4. the fragment is a JSON pointer (percent-decoded, then `~1`/`~0`) or an anchor name.
 * Remote URLs are never fetched.
 */
export async function resolveRef(store: DocumentStore, site: SchemaLocation, keyword: string, reference: string): Promise<RefResolution> {
  const sitePointer = descendantPointer(site.pointer, [keyword]);
  const fail = (message: string, hint: string): RefResolution => ({
    ok: false,
    diagnostic: { code: "EG_REF_UNRESOLVED", severity: "error", file: site.doc.file, pointer: sitePointer, message, hint },
  });

  const base = baseAt(site.doc, site.pointer);
  const absolute = resolveUri(reference, base);
  if (absolute === undefined) return fail(`${JSON.stringify(reference)} is not a valid URI reference`, "percent-encode spaces and special characters in $ref");
  let resource = await findResource(store, site.doc, stripFragment(absolute));
  let resolvedUri = absolute;
  const fileUrl = stripFragment(site.doc.url);
  if (!resource && !/^[a-z][a-z0-9+.-]*:/i.test(reference) && base !== fileUrl) {
    const againstFile = resolveUri(reference, fileUrl);
    if (againstFile !== undefined) {
      resource = await findResource(store, site.doc, stripFragment(againstFile));
      if (resource) resolvedUri = againstFile;
    }
  }
  if (!resource) {
    const target = stripFragment(absolute);
    if (/^https?:/.test(target)) {
      const prefix = target.slice(0, target.lastIndexOf("/") + 1);
      return fail(`cannot resolve ${target}: remote schemas are never fetched`, `map the prefix to a folder: --ref-map ${prefix}=<dir>`);
    }
    const filePath = filePathOf(target);
    if (filePath !== undefined) return fail(`cannot resolve ${JSON.stringify(reference)}: no file ${path.relative(store.source.root, filePath).split(path.sep).join("/")}`, "check the file name; relative references resolve against the referring file (or its $id)");
    return fail(`cannot resolve ${target}`, "no loaded schema declares this $id; add the file to --schemas or map it with --ref-map <prefix>=<dir>");
  }
  if (!resource.doc.usable) {
    return fail(`${JSON.stringify(reference)} points into ${resource.doc.file}, which has errors`, `fix the errors reported for ${resource.doc.file}`);
  }

  const rawFragment = fragmentOf(resolvedUri);
  const fragment = decodeFragment(rawFragment);
  if (fragment === undefined) return fail(`malformed percent-encoding in #${rawFragment}`, "encode % as %25");
  if (fragment === "") return { ok: true, target: resource };
  if (fragment.startsWith("/")) {
    const tokens = parsePointer(fragment) ?? [];
    const resourceTokens = parsePointer(resource.pointer) ?? [];
    const value = valueAt(resource.doc.root, [...resourceTokens, ...tokens]);
    if (value === undefined) return fail(`${JSON.stringify(reference)}: nothing at #${fragment} in ${resource.doc.file}`, pointerHint(resource.doc.root, resourceTokens, tokens));
    if (typeof value !== "boolean" && !isPlainObject(value)) return fail(`${JSON.stringify(reference)}: #${fragment} in ${resource.doc.file} is not a schema`, "a $ref must point at an object or a boolean schema");
    return { ok: true, target: { doc: resource.doc, pointer: descendantPointer(resource.pointer, tokens) } };
  }
  const resourceUri = stripFragment(resolvedUri);
  const anchored = resource.doc.anchors.get(`${resourceUri}#${fragment}`);
  if (anchored !== undefined) return { ok: true, target: { doc: resource.doc, pointer: anchored } };
  const names = [...resource.doc.anchors.keys()].filter((k) => k.startsWith(`${resourceUri}#`)).map((k) => k.slice(resourceUri.length + 1));
  const near = closestMatch(fragment, names);
  return fail(
    `${JSON.stringify(reference)}: no anchor "${fragment}" in ${resource.doc.file}`,
    near ? `did you mean #${near}?` : names.length > 0 ? `anchors there: ${names.slice(0, 8).join(", ")}` : "declare it with $anchor, or use a JSON pointer such as #/$defs/name",
  );
}

/** The document and pointer of a resource URI, loading the file it maps to if needed. */
async function findResource(store: DocumentStore, from: SchemaDocument, uri: string): Promise<SchemaLocation | undefined> {
  const own = from.resources.get(uri);
  if (own !== undefined) return { doc: from, pointer: own };
  const known = store.resources.get(uri);
  if (known) return known;
  for (const [prefix, folder] of store.source.refMap) {
    if (!uri.startsWith(prefix)) continue;
    const rest = decodeFragment(uri.slice(prefix.length).replace(/[?].*$/, "")) ?? "";
    const mapped = path.resolve(folder, rest);
    const candidates = path.extname(mapped) === "" ? [mapped, `${mapped}.json`] : [mapped];
    for (const candidate of candidates) {
      const doc = await loadIfPresent(store, candidate, uri);
      if (doc) return { doc, pointer: doc.resources.get(uri) ?? "" };
    }
  }
  const filePath = filePathOf(uri);
  if (filePath !== undefined) {
    const doc = await loadIfPresent(store, filePath, undefined);
    if (doc) return { doc, pointer: "" };
  }
  const builtIn = loadBuiltInDocument(store, uri);
  return builtIn ? { doc: builtIn, pointer: "" } : undefined;
}

function loadIfPresent(store: DocumentStore, absPath: string, url: string | undefined): Promise<SchemaDocument | undefined> {
  return loadDocumentFile(store, absPath, url, /* reportMissing */ false);
}

/** Where a JSON pointer stops matching, with the closest key there. */
function pointerHint(root: unknown, resourceTokens: readonly string[], tokens: readonly string[]): string {
  for (let i = 0; i < tokens.length; i++) {
    const parent = valueAt(root, [...resourceTokens, ...tokens.slice(0, i)]);
    const token = tokens[i]!;
    if (valueAt(parent, [token]) !== undefined) continue;
    const at = descendantPointer("", tokens.slice(0, i)) || "the root";
    const keys = isPlainObject(parent) ? Object.keys(parent) : [];
    const near = closestMatch(token, keys);
    return near ? `"${token}" does not exist under ${at}; did you mean "${near}"?` : `"${token}" does not exist under ${at}`;
  }
  return "check the JSON pointer";
}
