import type { Diagnostic } from "../diagnostics.js";
import type { DocumentStore } from "./documents.js";
import { descendantPointer, parsePointer, valueAt } from "./json-pointer.js";
import { IGNORED_IN_DRAFT, isPlainObject, subschemasOf } from "./keywords.js";
import { type RefResolution, type SchemaLocation, locationKey, resolveRef } from "./resolve-ref.js";

/** Reference keywords, and how each is read: `$recursiveRef` always means `#` (2019-09 Core §8.2.4.2). */
export const REF_KEYWORDS = ["$ref", "$recursiveRef", "$dynamicRef"] as const;

/** Every reference reachable from the starting locations, resolved. */
export interface SchemaGraph {
  /** By `<file>#<pointer of the reference keyword>`. */
  refs: Map<string, RefResolution>;
  /** Every location a reference points at, by {@link locationKey}. */
  targets: Map<string, SchemaLocation>;
  diagnostics: Diagnostic[];
}

/**
 * Walk the schema positions reachable from `starts`, resolving every reference met and following
 * it into its target (loading other files on the way). `$defs`/`definitions` containers are not
 * walked: a definition matters only once something refers to it (or it is a start).
 */
export async function loadSchemaGraph(store: DocumentStore, starts: readonly SchemaLocation[]): Promise<SchemaGraph> {
  const graph: SchemaGraph = { refs: new Map(), targets: new Map(), diagnostics: [] };
  const walked = new Map<SchemaLocation["doc"], Set<string>>();
  const pending: SchemaLocation[] = [...starts];
  while (pending.length > 0) {
    const start = pending.pop()!;
    let walkedInDoc = walked.get(start.doc);
    if (!walkedInDoc) walked.set(start.doc, (walkedInDoc = new Set()));
    const stack: { node: unknown; pointer: string }[] = [{ node: valueOf(start), pointer: start.pointer }];
    while (stack.length > 0) {
      const { node, pointer } = stack.pop()!;
      if (walkedInDoc.has(pointer) || !isPlainObject(node)) continue;
      walkedInDoc.add(pointer);
      const here = { doc: start.doc, pointer };
      for (const keyword of REF_KEYWORDS) {
        const reference = node[keyword];
        if (typeof reference !== "string" || IGNORED_IN_DRAFT[start.doc.draft].has(keyword)) continue;
        if (keyword !== "$ref") {
          graph.diagnostics.push({
            code: "EG_DRAFT_FEATURE",
            severity: "info",
            file: start.doc.file,
            pointer: descendantPointer(pointer, [keyword]),
            message: `${keyword} ${JSON.stringify(reference)} is resolved statically, like $ref`,
            hint: "this matches the schema unless another schema extends it dynamically",
          });
        }
        const resolution = await resolveRef(store, here, keyword, keyword === "$recursiveRef" ? "#" : reference);
        graph.refs.set(refKey(here, keyword), resolution);
        if (resolution.ok) {
          const targetKey = locationKey(resolution.target);
          if (!graph.targets.has(targetKey)) {
            graph.targets.set(targetKey, resolution.target);
            pending.push(resolution.target);
          }
        }
      }
      for (const { keyword, path, schema } of subschemasOf(node, start.doc.draft)) {
        if (keyword === "$defs" || keyword === "definitions") continue;
        stack.push({ node: schema, pointer: descendantPointer(pointer, path) });
      }
    }
  }
  return graph;
}

/** The key of a reference in {@link SchemaGraph.refs}: the location of its keyword. */
export function refKey(location: SchemaLocation, keyword: string): string {
  return `${locationKey(location)}/${keyword}`;
}

/** The raw value at a location. */
export function valueOf(location: SchemaLocation): unknown {
  return valueAt(location.doc.root, parsePointer(location.pointer) ?? []);
}
