import type { Diagnostic } from "../diagnostics.js";
import type { JsonSchema } from "../json-schema.js";
import type { NamedType } from "../load/project.js";
import { formatDeclaration } from "./format-declaration.js";
import { PLACEHOLDER_NAME, runJsts } from "./jsts.js";
import { PROTO_KEY_STAND_IN, toJstsSchema } from "./jsts-schema.js";

/** One exported TypeScript declaration, as text, with the named types it mentions. */
export interface TypeDeclaration {
  /** Exported name (from the names stage). */
  name: string;
  /** `export interface ...` or `export type ... = ...;`, JSDoc included, formatted. */
  text: string;
  /** Other exported names the text references (the declaration itself excluded), sorted. */
  refs: string[];
  /** The schema's `description`, when it has one. */
  doc?: string;
}

export interface TypesContext {
  /** Every exported type name of the project: the targets a `#/$defs/<Name>` may name. */
  typeNames: ReadonlySet<string>;
  /** What a bare `#` refers to inside this type: the root type of its extractor. */
  rootName?: string;
  report: (d: Diagnostic) => void;
}

const DEFS_REF = /^#\/\$defs\/([^/]+)$/;

/**
 * Declare one named type with json-schema-to-typescript: its `$ref`s become references to the
 * other named types (never inlined), and jsts gets no chance to invent names of its own.
 * @example
 * const decl = declareType(project.types.get("Invoice")!, { typeNames: new Set(project.types.keys()), report });
 * decl.text; // "export interface Invoice {\n  buyer: Party;\n ..."
 */
export function declareType(named: NamedType, ctx: TypesContext): TypeDeclaration {
  const { file, pointer } = named.origin;
  const prepared = toJstsSchema(named.schema, {
    resolveRef: (ref) => resolveRef(ref, ctx),
    onUnresolvedRef: (ref, at) =>
      ctx.report({ code: "EG_TYPE_REF", severity: "warning", file, pointer: pointer + at, message: `$ref ${JSON.stringify(ref)} names no generated type; typed unknown` }),
  });
  const refs = prepared.refs.filter((r) => r !== named.name);
  const doc = describe(named.schema);
  const withDoc = (text: string): TypeDeclaration => (doc === undefined ? { name: named.name, text, refs } : { name: named.name, text, refs, doc });
  // Without a type-shaping keyword the schema accepts any value; jsts would make an open object of it.
  if (typeof prepared.schema === "boolean" || Object.keys(prepared.schema).every((k) => k === "description" || k === "deprecated")) {
    const type = prepared.schema === false ? "never" : "unknown";
    return withDoc(`${jsDoc(doc)}export type ${named.name} = ${type};`);
  }
  try {
    const text = formatDeclaration(runJsts(prepared.schema)).replace(new RegExp(`^(\\s*)${PROTO_KEY_STAND_IN}(\\??:)`, "gm"), '$1"__proto__"$2');
    return withDoc(renameDeclaration(text, named.name));
  } catch (error) {
    ctx.report({
      code: "EG_TYPE_FAILED",
      severity: "error",
      file,
      pointer,
      message: `json-schema-to-typescript failed on ${named.name}: ${error instanceof Error ? error.message : String(error)}`,
      hint: "the type is declared as unknown so the other types still compile",
    });
    return { name: named.name, text: `export type ${named.name} = unknown;`, refs: [] };
  }
}

/** A JSDoc block for a declaration jsts does not write. */
function jsDoc(doc: string | undefined): string {
  if (doc === undefined) return "";
  return `/**\n${doc.replace(/\*\//g, "* /").split("\n").map((line) => ` * ${line}`.trimEnd()).join("\n")}\n */\n`;
}

function resolveRef(ref: string, ctx: TypesContext): string | undefined {
  if (ref === "#") return ctx.rootName;
  const match = DEFS_REF.exec(ref);
  if (!match?.[1]) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(match[1]).replace(/~1/g, "/").replace(/~0/g, "~");
  } catch {
    return undefined; // malformed percent-encoding: not a name the names stage wrote
  }
  return ctx.typeNames.has(name) ? name : undefined;
}

function describe(schema: JsonSchema): string | undefined {
  if (typeof schema !== "object") return undefined;
  const description = schema["description"];
  return typeof description === "string" && description.trim() !== "" ? description : undefined;
}

const PLACEHOLDER_HEAD = new RegExp(`^export (interface|type) ${PLACEHOLDER_NAME}\\b`, "m");

function renameDeclaration(text: string, name: string): string {
  return text.replace(PLACEHOLDER_HEAD, (_, kind: string) => `export ${kind} ${name}`);
}
