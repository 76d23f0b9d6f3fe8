/** A JSON Schema: a boolean schema or an object of keywords. */
export type JsonSchema = boolean | JsonSchemaObject;

/** A JSON Schema object. Keywords are read defensively: schemas come from users and may be malformed. */
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

/** The JSON Schema drafts extractgen reads (design.md §3). */
export type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";
