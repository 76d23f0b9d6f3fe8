/**
 * The SchemaStore sample (../shared/corpus/schemastore, see its README): the real-world schemas
 * the generator and validation benchmarks run over, with their `$ref`s to other SchemaStore
 * schemas answered from refs/, never from the network.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const CORPUS_DIR = resolve("../shared/corpus/schemastore");
export const CORPUS_SCHEMAS_DIR = join(CORPUS_DIR, "schemas");
export const CORPUS_REFS_DIR = join(CORPUS_DIR, "refs");

/** `refMap` for `loadProject` with the corpus folder as root. */
export const CORPUS_REF_MAP: Readonly<Record<string, string>> = { "https://json.schemastore.org/": "refs/" };

/** The corpus schema files (absolute paths), sorted by name, at most `limit` of them. */
export function corpusSchemaFiles(limit = Number.POSITIVE_INFINITY): string[] {
  return readdirSync(CORPUS_SCHEMAS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .slice(0, limit)
    .map((name) => join(CORPUS_SCHEMAS_DIR, name));
}

/** The `valid/` example documents of one corpus schema (absolute paths). */
export function corpusValidDocuments(schemaName: string): string[] {
  const dir = join(CORPUS_DIR, "valid", schemaName);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => join(dir, name));
}
