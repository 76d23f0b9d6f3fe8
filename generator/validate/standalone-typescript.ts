/**
 * Turns Ajv standalone ESM code into TypeScript that compiles under `strict`,
 * `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, `noUnusedLocals` and
 * `noUnusedParameters`, without `@ts-nocheck`, and that imports nothing but `extractgen/runtime`.
 *
 * Ajv's generated code is regular (one statement per line with `code.lines`, strings written with
 * `JSON.stringify`, functions only at the top level), so the rewrite works on lines. String
 * literals (and the top-level regex literals of inlined formats) are masked first, so no rule can
 * touch schema content. Then:
 * 1. the module header (`"use strict"`, `export const validate`, `export default`) is dropped;
 * 2. top-level names are renumbered in order of appearance (Ajv numbers them per instance, so the
 *    same schema would get other numbers after another schema); the root gets a real name;
 * 3. parameters and variables are annotated `any` (the code checks JSON values of any shape),
 *    options a function never reads are left out, and the root returns `data is T`;
 * 4. `ajv/dist/runtime/*` and `ajv-formats` requires read from the runtime namespace;
 * 5. each error push becomes one statement, `(vErrors ??= []).push({...})`;
 * 6. locals that are never read are removed with their assignments, and empty `if`/`else`
 *    blocks are dropped (Ajv's own optimizer does this at twice the cost of the whole compilation
 *    on large schemas, so it is turned off);
 * 7. literal-vs-literal comparisons Ajv emits for `multipleOf` are widened (TS2367 otherwise);
 * 8. `"__proto__"` keys of object literals are written computed (an own property, not the prototype);
 * 9. every function's `errors` property is declared at the top level, where TypeScript sees it,
 *    and `evaluated` (set there by Ajv) is typed `any`, as its readers expect.
 */

import { computeProtoKeys, mask, unmask } from "./masked-code.js";
import { pruneSchemaConstants } from "./schema-constants.js";

export interface TypeScriptValidatorOptions {
  /** The root validator's function name, e.g. `validateInvoice`. */
  functionName: string;
  /** The root type the validator narrows to, e.g. `Invoice`. */
  typeName: string;
  /** The namespace `extractgen/runtime` is imported as in the module. */
  runtime: string;
  /**
   * The code will be type-checked: annotate it, drop its dead code and indent it. Otherwise (a
   * validator too large to check, see compile-validator.ts) only what keeps it correct and small
   * is done: it goes to a `// @ts-nocheck` file nobody reads, where that work would be wasted.
   */
  checked: boolean;
}

/** Size of Ajv's raw code, to decide {@link TypeScriptValidatorOptions.checked} before the work. */
export function measureStandalone(code: string): { length: number; longestFunction: number } {
  let longestFunction = 0;
  let start = -1;
  let line = 0;
  for (let at = code.indexOf("\n"); at !== -1; at = code.indexOf("\n", at + 1)) {
    line++;
    if (code.startsWith("function ", at + 1)) {
      if (start >= 0) longestFunction = Math.max(longestFunction, line - start);
      start = line;
    }
  }
  if (start >= 0) longestFunction = Math.max(longestFunction, line - start);
  return { length: code.length, longestFunction };
}

const HEADER = /^"use strict";\nexport const validate = (validate\d+);\nexport default \1;\n/;
const TOP_LEVEL_DECLARATION = /^(?:const|function) ([a-zA-Z_]+?)(\d+)\b/;
// The root function is named after the type, which may hold any identifier character (`validateCafé`).
const SIGNATURE = /^function ([\p{ID_Continue}$]+)\(data, \{(.*)\}=\{\}\)\{$/u;
const OPTION_NAMES = ["instancePath", "parentData", "parentDataProperty", "rootData", "dynamicAnchors"] as const;
const DECLARATION = /^(const|let|var) (\w+)(?: = (.*))?;$/;
const ERROR_PUSH = /^const (err\d+) = (\{instancePath.*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\n/gm;
/** Right-hand sides without side effects: safe to drop with the variable they assign. */
const PURE_VALUE = /^(?:true|false|null|\d+|[\w$]+(?:\.[\w$]+|\[\w+\])*(?: === [\w.]+)?)$/;

/** Rewrite Ajv standalone ESM `code` as TypeScript statements (see the file comment). */
export function standaloneToTypeScript(code: string, options: TypeScriptValidatorOptions): string {
  const header = HEADER.exec(code);
  if (!header?.[1]) throw new Error("unexpected Ajv standalone header");
  const { masked, literals } = mask(code.slice(header[0].length));
  // One substitution over the whole text (it never spans lines), not one call per line.
  const source = requireFromRuntime(masked, literals, options.runtime);
  const outline = outlineTopLevel(source.split("\n"));
  const lines = renumber(source, outline.declarations, header[1], options.functionName).split("\n");
  const out: string[] = [];
  const functions: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const signature = SIGNATURE.exec(line);
    if (!signature) {
      // `validateN.evaluated = {...}` is read as `any` by other functions (`.props`, `.items`).
      const evaluated = /^([\p{ID_Continue}$]+\.evaluated = .*);$/u.exec(line);
      const statement = evaluated ? `${evaluated[1]} as any;` : options.checked ? annotateDeclaration(line) : line;
      // Schema constants stay JSON until pruneSchemaConstants has read them.
      out.push(statement.startsWith("const schema") ? statement : computeProtoKeys(statement, literals));
      continue;
    }
    const end = outline.blockEnds.get(i);
    if (end === undefined) throw new Error("unterminated function in Ajv standalone code");
    functions.push(signature[1] ?? "");
    // Ajv writes `validateN.evaluated = {...}` on the line after the function (with masked strings).
    const evaluatedLine = /^[\p{ID_Continue}$]+\.evaluated = (.*);$/u.exec(lines[end + 1] ?? "")?.[1];
    const evaluated = evaluatedLine === undefined ? undefined : unmask(evaluatedLine, literals);
    out.push(rewriteFunction(signature, lines.slice(i + 1, end), evaluated, options));
    i = end;
  }
  for (const name of functions) out.push(`${name}.errors = null as ${options.runtime}.ValidatorError[] | null;`);
  const statements = pruneSchemaConstants(options.checked ? removeUnreadConstants(out.join("\n")) : out.join("\n"), literals);
  return unmask(options.checked ? indent(statements) : statements, literals).replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * One pass over the brace depth of Ajv's lines: the numbered names declared at the top level
 * (`validate12`, `schema31`, in order of appearance) and, for each line that opens a top-level
 * block (a function), the line that closes it.
 */
function outlineTopLevel(lines: readonly string[]): { declarations: { prefix: string; name: string }[]; blockEnds: Map<number, number> } {
  const declarations: { prefix: string; name: string }[] = [];
  const blockEnds = new Map<number, number>();
  let depth = 0;
  let opened = 0;
  lines.forEach((line, i) => {
    if (depth === 0) {
      const declared = TOP_LEVEL_DECLARATION.exec(line);
      if (declared?.[1] !== undefined && declared[2] !== undefined) declarations.push({ prefix: declared[1], name: declared[1] + declared[2] });
      opened = i;
    }
    depth += braceBalance(line);
    if (depth === 0) blockEnds.set(opened, i);
  });
  return { declarations, blockEnds };
}

/**
 * Renumber Ajv's top-level names in order of appearance; the root function gets `rootName`. One
 * replacement over the numbered identifiers with a top-level prefix (`validate`, `schema`, ...),
 * so `validate1` -> `validate0` is never renamed twice; locals (`data3`, `_errs5`) never match.
 */
function renumber(text: string, declarations: readonly { prefix: string; name: string }[], ajvRoot: string, rootName: string): string {
  const renames = new Map<string, string>([[ajvRoot, rootName]]);
  const counters = new Map<string, number>();
  for (const { prefix, name } of declarations) {
    if (renames.has(name)) continue;
    const next = counters.get(prefix) ?? 0;
    counters.set(prefix, next + 1);
    renames.set(name, `${prefix}${next}`);
  }
  const prefixes = new Set([...counters.keys(), ajvRoot.replace(/\d+$/, "")]);
  return text.replace(new RegExp(`\\b(?:${[...prefixes].join("|")})\\d+\\b`, "g"), (name) => renames.get(name) ?? name);
}

/** Opening minus closing braces (`indexOf` skips the many lines without any much faster than a character loop). */
function braceBalance(line: string): number {
  let balance = 0;
  for (let at = line.indexOf("{"); at !== -1; at = line.indexOf("{", at + 1)) balance++;
  for (let at = line.indexOf("}"); at !== -1; at = line.indexOf("}", at + 1)) balance--;
  return balance;
}

/**
 * What Ajv 2020 writes at the top of every function for `$dynamicRef` support: it resets the
 * evaluated properties/items only when they are dynamic, which `validateN.evaluated` (written right
 * after the function) says they are not when both flags are false. Then it is dead code.
 */
const STATIC_EVALUATED_PREAMBLE = /^const (evaluated\d+) = ([\p{ID_Continue}$]+)\.evaluated;\nif\(\1\.dynamicProps\)\{\n\1\.props = undefined;\n\}\nif\(\1\.dynamicItems\)\{\n\1\.items = undefined;\n\}\n/mu;

function rewriteFunction(signature: RegExpExecArray, bodyLines: string[], evaluated: string | undefined, options: TypeScriptValidatorOptions): string {
  const name = signature[1] ?? "";
  let body = bodyLines.join("\n") + "\n";
  if (evaluated !== undefined && !/"dynamic(Props|Items)":true/.test(evaluated)) {
    body = body.replace(STATIC_EVALUATED_PREAMBLE, "");
  }
  body = body.replace(ERROR_PUSH, "(vErrors ??= []).push($2);\n");
  if (options.checked) {
    body = removeDeadCode(body);
    body = body.replace(/\((-?[\d.]+(?:e[+-]?\d+)?) === 0 \|\|/g, "(($1 as number) === 0 ||");
    body = body
      .split("\n")
      .map((line) => annotateDeclaration(line))
      .join("\n");
  }
  const defaults = new Map((signature[2] ?? "").split(", ").map((part) => [part.split("=")[0] ?? part, part] as const));
  // `parentData:x` in an object literal is a key, not a read.
  const read = OPTION_NAMES.filter((option) => defaults.has(option) && new RegExp(`(?<![.\\w])${option}\\b(?!:)`).test(body));
  // Unchecked code keeps every option: nothing reports unused ones there.
  const kept = options.checked ? read : OPTION_NAMES.filter((option) => defaults.has(option));
  const params = kept.length > 0 ? `data: any, {${kept.map((option) => defaults.get(option)).join(", ")}}: any = {}` : "data: any, _options?: any";
  const returns = name === options.functionName ? `data is ${options.typeName}` : "boolean";
  return `function ${name}(${params}): ${returns} {\n${body}}`;
}

/**
 * Top-level constants no function reads any more (the schema object Ajv keeps for error
 * parameters its optimizer would have dropped). Their values are literals, regular expressions
 * and runtime references: dropping them has no effect.
 */
function removeUnreadConstants(text: string): string {
  const constants = new Set([...text.matchAll(/^const (\w+): any = /gm)].map((m) => m[1] ?? ""));
  const uses = countIdentifiers(text, constants);
  const unread = new Set([...constants].filter((name) => uses.get(name) === 1));
  if (unread.size === 0) return text;
  return text
    .split("\n")
    .filter((line) => !unread.has(/^const (\w+): any = /.exec(line)?.[1] ?? ""))
    .join("\n");
}

/**
 * How often each of `names` occurs in `text` as a whole identifier (a maximal run of `[\w$]`,
 * so a property `x.valid0` counts too). Ajv's names share a few stems (`_errs`, `valid`, `data`):
 * matching the stems is much faster than splitting the text into every token.
 */
function countIdentifiers(text: string, names: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  if (names.size === 0) return counts;
  const stems = new Set([...names].map((name) => name.replace(/\d+$/, "")));
  const identifier = new RegExp(`(?<![\\w$])(?:${[...stems].join("|")})\\d*(?![\\w$])`, "g");
  for (const [name] of text.matchAll(identifier)) if (names.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** Two spaces per open brace: Ajv writes every line at column 0. */
function indent(text: string): string {
  let depth = 0;
  return text
    .split("\n")
    .map((line) => {
      const balance = braceBalance(line);
      const level = line.startsWith("}") ? depth - 1 : depth;
      depth += balance;
      return line === "" ? line : "  ".repeat(Math.max(0, level)) + line;
    })
    .join("\n");
}

/** `const x = ...;` -> `const x: any = ...;` (and `let x;` -> `let x: any;`). */
function annotateDeclaration(line: string): string {
  return line.replace(/^(const|let|var) (\w+)( = |;)/, (_, keyword: string, name: string, tail: string) => `${keyword} ${name}: any${tail}`);
}

function requireFromRuntime(code: string, literals: readonly string[], runtime: string): string {
  return code.replace(/require\(\u0001(\d+)\u0001\)\.(default|fullFormats)/g, (_, index: string, member: string) => {
    const module = JSON.parse(literals[Number(index)] ?? '""') as string;
    if (module.startsWith("ajv/dist/runtime/") && member === "default") return `${runtime}.validatorRuntime.${module.slice("ajv/dist/runtime/".length)}`;
    if (module === "ajv-formats/dist/formats") return `${runtime}.validatorRuntime.formats`;
    throw new Error(`Ajv standalone code requires ${module}, which extractgen/runtime does not provide`);
  });
}

/**
 * Drop empty `if`/`else` blocks (Ajv's conditions have no side effects) and locals that are never
 * read, with their declarations and plain assignments, until nothing changes: dropping
 * `if(!valid1){}` leaves `valid1` unread, dropping `var valid1 = _errs2 === errors;` leaves `_errs2`.
 * Each round is linear in the body (the locals are dropped with a work list, not by rescanning).
 */
function removeDeadCode(body: string): string {
  for (;;) {
    const before = body;
    let blocks = body;
    do {
      body = blocks;
      blocks = body.replace(/^else \{\n\}\n/gm, "").replace(/^if\([^\n]*\)\{\n\}\n(?!else)/gm, "");
    } while (blocks !== body);
    body = removeUnreadLocals(body);
    if (body === before) return body;
  }
}

function removeUnreadLocals(body: string): string {
  const lines = body.split("\n");
  // 1. Locals that may go: every declaration of the name is pure (no call to lose).
  const writes = new Map<string, number[]>();
  const addWrite = (name: string, line: number): void => void (writes.get(name) ?? writes.set(name, []).get(name))?.push(line);
  const impure = new Set<string>();
  // The token index of the name a declaration (`const x = ...`: 1) or an assignment (`x = ...`: 0)
  // writes: that occurrence is not a read.
  const writtenToken: number[] = lines.map(() => -1);
  lines.forEach((line, i) => {
    const declaration = DECLARATION.exec(line);
    if (declaration?.[1] && declaration[2]) {
      writtenToken[i] = 1;
      if (declaration[3] === undefined || PURE_VALUE.test(declaration[3])) addWrite(declaration[2], i);
      else impure.add(declaration[2]);
      return;
    }
    const assigned = /^(\w+) = (.*);$/.exec(line);
    if (assigned?.[1] !== undefined) {
      writtenToken[i] = 0;
      if (PURE_VALUE.test(assigned[2] ?? "")) addWrite(assigned[1], i);
      else impure.add(assigned[1]);
    }
  });
  for (const name of impure) writes.delete(name);
  if (writes.size === 0) return body;
  // 2. Reads of those locals: every occurrence but the one each write line writes. A property
  // named like a local (`x.errors`) counts as a read, which only ever keeps code.
  const candidates = new Set(writes.keys());
  const reads = countIdentifiers(body, candidates);
  for (const [name, at] of writes) reads.set(name, (reads.get(name) ?? 0) - at.length);
  /** The reads on a line that goes: they no longer count. */
  const readsOn = (i: number): string[] =>
    (lines[i] ?? "").split(/[^\w$]+/).filter((token, t) => t !== writtenToken[i] && candidates.has(token));
  // 3. Work list: an unread local's lines go, and the reads on them no longer count.
  const dead = new Set<number>();
  const queue = [...writes.keys()].filter((name) => reads.get(name) === 0);
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const i of writes.get(name) ?? []) {
      if (dead.has(i)) continue;
      dead.add(i);
      for (const read of readsOn(i)) {
        const left = (reads.get(read) ?? 0) - 1;
        reads.set(read, left);
        if (left === 0) queue.push(read);
      }
    }
  }
  return dead.size === 0 ? body : lines.filter((_, i) => !dead.has(i)).join("\n");
}
