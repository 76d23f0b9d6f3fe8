/**
 * The corpus check "zero numbered duplicate names" (issue 2, item 5): exported type names that end
 * in a number extractgen made up, the way a counter does (`Party` taken, so `Party1`).
 *
 * A trailing number alone proves nothing: SchemaStore schemas name their own definitions `Event2`
 * or `Conf2` (apollo-router), keys `keywords2` (jscsrc) and files `cryproj-54.json`. So a name
 * `X<digits>` counts only when both hold:
 * 1. its spelling does not come from the schema source: no definition key, title, file name or
 *    `x-extractor.name` of the corpus spells it (compared PascalCased, letters and digits only),
 *    whole or as the last word of a qualified name (`Apollo` + `Event2`);
 * 2. its base `X` is exported beside it: by the same module, or by a module the index re-exports
 *    (where a user sees `X` and `X<digits>` side by side).
 */
import path from "node:path";
import { toPascalIdentifier } from "../../generator/names/identifier.js";

const IDENTIFIER = String.raw`[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*`;
const EXPORTED_TYPE = new RegExp(String.raw`^export (?:interface|type) (${IDENTIFIER})`, "gmu");
const RE_EXPORT = /^export \* from "\.\/(.+)\.js";$/gm;
const NUMBERED = /^(.*\D)(\d+)$/u;

/**
 * The spellings a schema document gives names: its file name, and every `x-extractor.name`,
 * `title` and `$defs`/`definitions` key in it, each as {@link spellingKey}.
 */
export function sourceSpellings(file: string, root: unknown): string[] {
  const found = new Set<string>();
  const add = (text: unknown): void => {
    const key = typeof text === "string" ? spellingKey(text) : undefined;
    if (key !== undefined) found.add(key);
  };
  add(path.basename(file).replace(/(\.schema)?\.(json|ya?ml)$/i, ""));
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "title") add(value);
      if (key === "x-extractor" && typeof value === "object" && value !== null) add((value as Record<string, unknown>)["name"]);
      if ((key === "$defs" || key === "definitions") && typeof value === "object" && value !== null) Object.keys(value).forEach(add);
      walk(value);
    }
  };
  walk(root);
  return [...found];
}

/** How a name and a source spelling are compared: PascalCased, letters and digits only. */
export function spellingKey(text: string): string | undefined {
  const key = toPascalIdentifier(text)?.replace(/[^\p{L}\p{N}]/gu, "");
  return key === "" ? undefined : key;
}

/**
 * Numbered names extractgen made up (see the file comment), sorted.
 * @param modules generated files by path relative to the output folder (`index.ts` included)
 * @param spellings every {@link sourceSpellings} of the corpus
 */
export function madeUpNumberedNames(modules: ReadonlyMap<string, string>, spellings: ReadonlySet<string>): string[] {
  const exported = new Map<string, Set<string>>();
  for (const [file, text] of modules) exported.set(file, new Set([...text.matchAll(EXPORTED_TYPE)].map((m) => m[1]!)));
  const viaIndex = new Set<string>();
  for (const m of (modules.get("index.ts") ?? "").matchAll(RE_EXPORT)) for (const name of exported.get(`${m[1]}.ts`) ?? []) viaIndex.add(name);

  const madeUp = new Set<string>();
  for (const names of exported.values()) {
    for (const name of names) {
      const numbered = NUMBERED.exec(name);
      if (!numbered) continue;
      const [, base, digits] = numbered as unknown as [string, string, string];
      if (!names.has(base) && !viaIndex.has(base)) continue;
      if (!spelledBySource(name, digits, spellings)) madeUp.add(name);
    }
  }
  return [...madeUp].sort();
}

/**
 * True when a source spelling is the whole name, or its last PascalCase word(s) including every
 * trailing digit (a qualified name such as `ApolloEvent2` for the definition `Event2`).
 */
function spelledBySource(name: string, digits: string, spellings: ReadonlySet<string>): boolean {
  const key = spellingKey(name) ?? name;
  if (spellings.has(key)) return true;
  for (let start = 1; start < key.length - digits.length; start++) {
    if (/\p{Lu}/u.test(key[start]!) && spellings.has(key.slice(start))) return true;
  }
  return false;
}
