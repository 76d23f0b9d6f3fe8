/**
 * Ajv keeps each compiled schema as a constant (`const schema3 = {...}`) for the few places its
 * code reads it: the key set of `properties` (own-key checks for `additionalProperties`) and
 * `enum` lists (error parameters, deep-equal checks). With `inlineRefs: false` every definition
 * brings its whole schema again, a sixth of the validator code on large schemas. Each constant is
 * pruned to the paths the code reads; a `properties` object read only for its keys keeps its keys.
 */
import { computeProtoKeys, mask, unmask } from "./masked-code.js";

type Use = "keys" | "whole";
type Path = (string | number)[];

const CONSTANT = /^const (schema\d+): any = (.*);$/gm;
const ACCESS = /\b(schema\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\])*)/g;

/** Prune the schema constants of masked validator code (see the file comment). */
export function pruneSchemaConstants(text: string, literals: string[]): string {
  const uses = new Map<string, { path: Path; use: Use }[] | "bare">();
  for (const match of text.matchAll(ACCESS)) {
    const name = match[1] ?? "";
    const at = match.index;
    if (text.startsWith("const ", at - 6)) continue; // the declaration itself
    const chain = match[2] ?? "";
    if (chain === "") {
      uses.set(name, "bare");
      continue;
    }
    const known = uses.get(name);
    if (known === "bare") continue;
    const use: Use = text.startsWith(".call(", at - 6) && text[at + match[0].length] === "," ? "keys" : "whole";
    (known ?? uses.set(name, []).get(name) as { path: Path; use: Use }[]).push({ path: parseChain(chain), use });
  }
  return text.replace(CONSTANT, (line, name: string, value: string) => {
    const paths = uses.get(name);
    if (paths === undefined || paths === "bare") return computeProtoKeys(line, literals);
    const pruned = prune(JSON.parse(unmask(value, literals)) as unknown, paths);
    return `const ${name}: any = ${computeProtoKeys(mask(JSON.stringify(pruned), literals).masked, literals)};`;
  });
}

function parseChain(chain: string): Path {
  return [...chain.matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? "")));
}

/** A copy of `value` holding only the given paths (keys-only uses first, whole values over them). */
function prune(value: unknown, paths: readonly { path: Path; use: Use }[]): unknown {
  let root: unknown = undefined;
  const ordered = [...paths].sort((a, b) => (a.use === b.use ? 0 : a.use === "keys" ? -1 : 1));
  for (const { path, use } of ordered) {
    const source = path.reduce<unknown>((node, step) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[step] : undefined), value);
    const leaf = use === "whole" ? source : keysOnly(source);
    root = place(root, value, path, 0, leaf);
  }
  return root ?? {};
}

/** Put `leaf` at `path` inside `target` (created like `source`'s containers along the way). */
function place(target: unknown, source: unknown, path: Path, depth: number, leaf: unknown): unknown {
  if (depth === path.length) return leaf;
  const step = path[depth] ?? "";
  const container: Record<string | number, unknown> = target !== null && typeof target === "object" ? (target as Record<string | number, unknown>) : Array.isArray(source) ? fill(source.length) : {};
  const sourceChild = source !== null && typeof source === "object" ? (source as Record<string | number, unknown>)[step] : undefined;
  const child = place(Object.hasOwn(container, step) ? container[step] : undefined, sourceChild, path, depth + 1, leaf);
  Object.defineProperty(container, step, { value: child, writable: true, enumerable: true, configurable: true });
  return container;
}

/** An array of the source's length, so indexes keep their place. */
function fill(length: number): Record<number, unknown> {
  return new Array<unknown>(length).fill(null) as unknown as Record<number, unknown>;
}

/** The same keys, each with a placeholder value (`0`): enough for an own-key check. */
function keysOnly(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: 0, writable: true, enumerable: true, configurable: true });
  return out;
}
