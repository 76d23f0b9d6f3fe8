/**
 * Applies a restore plan (runtime/spec.ts, built at generate time by generator/lower/restore-plan.ts)
 * to a parsed reply before the ORIGINAL schema is validated: unwrap a wrapped root, turn `null` of an
 * optional-not-nullable property into "absent", drop undeclared keys of closed objects, turn
 * `{ key, value }` entry lists back into maps (design.md §7).
 *
 * Runs on every reply, so it only walks the value, copies an object or array only when something in
 * it changes (the input is never mutated), and writes keys with `setOwnKey`: a reply key named
 * `__proto__` stays an own data property and never reaches a prototype.
 */
import { setOwnKey } from "./own-key.js";
import type { JsonTypeName, RestoreMatch, RestoreNode, RestorePlan, RestoreVariant } from "./spec.js";

/**
 * Undo a provider lowering on a parsed reply; returns the restored value (the input is not mutated).
 * @example
 * const data = applyRestore(invoiceSpec.wire.openai.restore, JSON.parse(text));
 */
export function applyRestore(plan: RestorePlan, value: unknown): unknown {
  let current = value;
  if (plan.unwrap !== undefined && isPlainObject(current) && Object.hasOwn(current, plan.unwrap)) {
    current = current[plan.unwrap];
  }
  return plan.root === undefined ? current : restoreNode(plan.root, current, { defs: plan.defs });
}

/** One `applyRestore` call: the plan's definitions and what `dropsKey` already found out. */
interface Walk {
  defs: RestorePlan["defs"];
  /** Per value and node: nested ambiguous unions would otherwise repeat the same look exponentially often. */
  drops?: WeakMap<object, Map<RestoreNode, boolean>>;
}
type PlainObject = Record<string, unknown>;

function restoreNode(node: RestoreNode, value: unknown, walk: Walk): unknown {
  switch (node.kind) {
    case "object": {
      const object = node.entries && Array.isArray(value) ? fromEntries(value) : value;
      return isPlainObject(object) ? restoreObject(node, object, walk) : object;
    }
    case "array":
      return Array.isArray(value) ? restoreArray(node, value, walk) : value;
    case "union": {
      const variant = pickVariant(node.variants, value, walk);
      return variant?.node === undefined ? value : restoreNode(variant.node, value, walk);
    }
    case "ref": {
      const target = walk.defs !== undefined && Object.hasOwn(walk.defs, node.def) ? walk.defs[node.def] : undefined;
      return target === undefined ? value : restoreNode(target, value, walk);
    }
  }
}

const closedKeySets = new WeakMap<readonly string[], ReadonlySet<string>>();

function keySet(keys: readonly string[]): ReadonlySet<string> {
  let set = closedKeySets.get(keys);
  if (set === undefined) {
    set = new Set(keys);
    closedKeySets.set(keys, set);
  }
  return set;
}

function restoreObject(node: Extract<RestoreNode, { kind: "object" }>, value: PlainObject, walk: Walk): PlainObject {
  const props = node.props;
  const closed = node.closedKeys === undefined ? undefined : keySet(node.closedKeys);
  let out: PlainObject | undefined;
  // for-in, not Object.keys: no key array per object of every reply (own keys only, in the same order).
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    let next: unknown = item;
    let drop = false;
    const prop = props !== undefined && Object.hasOwn(props, key) ? props[key] : undefined;
    if (prop !== undefined) {
      if (item === null && prop.nullToAbsent) drop = true;
      else if (prop.node !== undefined) next = restoreNode(prop.node, item, walk);
    } else if (closed !== undefined && !closed.has(key)) {
      drop = true;
    } else if (closed === undefined) {
      const extra = (node.patterns && patternNode(node.patterns, key)) ?? node.additional;
      if (extra !== undefined) next = restoreNode(extra, item, walk);
    }
    if (out === undefined && (drop || next !== item)) out = copyBefore(value, key);
    if (out !== undefined && !drop) setOwnKey(out, key, next);
  }
  return out ?? value;
}

/** A copy of `value`'s own properties that come before `stop`. */
function copyBefore(value: PlainObject, stop: string): PlainObject {
  const out: PlainObject = {};
  for (const key in value) {
    if (key === stop) break;
    if (Object.hasOwn(value, key)) setOwnKey(out, key, value[key]);
  }
  return out;
}

function restoreArray(node: Extract<RestoreNode, { kind: "array" }>, value: unknown[], walk: Walk): unknown[] {
  let out: unknown[] | undefined;
  const prefix = node.prefixItems;
  for (let i = 0; i < value.length; i++) {
    const itemNode = prefix !== undefined && i < prefix.length ? prefix[i] : node.items;
    if (itemNode === undefined || itemNode === null) continue;
    const item = value[i];
    const next = restoreNode(itemNode, item, walk);
    if (next !== item) {
      out ??= value.slice();
      out[i] = next;
    }
  }
  return out ?? value;
}

const compiledPatterns = new Map<string, RegExp | null>();

/** The node of the first pattern matching `key` (patterns compiled once per process). */
function patternNode(patterns: readonly [string, RestoreNode][], key: string): RestoreNode | undefined {
  for (const [source, node] of patterns) {
    let re = compiledPatterns.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source, "u");
      } catch {
        re = null;
      }
      compiledPatterns.set(source, re);
    }
    if (re?.test(key)) return node;
  }
  return undefined;
}

/** `[{ key, value }, ...]` as an object, or the array unchanged when it is not a list of entries. */
export function fromEntries(list: unknown[]): unknown {
  const out: PlainObject = {};
  for (const entry of list) {
    if (!isPlainObject(entry) || typeof entry["key"] !== "string" || !Object.hasOwn(entry, "value")) return list;
    setOwnKey(out, entry["key"], entry["value"]);
  }
  return out;
}

/**
 * The branch a value belongs to: a full fit first, then a fit that ignores undeclared keys. When
 * several branches fit fully (no discriminator tells them apart), the first one under which the
 * restore drops no key anywhere in the value wins: a key some fitting branch declares is never
 * dropped just because an earlier branch fits the value's top level too.
 */
function pickVariant(variants: readonly RestoreVariant[], value: unknown, walk: Walk): RestoreVariant | undefined {
  const type = typeOf(value);
  let loose: RestoreVariant | undefined;
  let full: RestoreVariant[] | undefined;
  for (const variant of variants) {
    const fit = fits(variant.match, type, value);
    if (fit === "full") (full ??= []).push(variant);
    else if (fit === "loose") loose ??= variant;
  }
  if (full === undefined) return loose;
  // One fitting branch, or a value no restore can shorten: no need to look deeper.
  if (full.length === 1 || typeof value !== "object" || value === null) return full[0];
  return full.find((variant) => variant.node === undefined || !dropsKey(variant.node, value, walk)) ?? full[0];
}

/**
 * Whether restoring `value` by `node` would drop a key a closed object does not declare (turning
 * `null` into "absent" undoes a lowering artefact and does not count). Mirrors `restoreNode`;
 * only walked for values that fit several union branches, so replies without such unions never pay.
 */
function dropsKey(node: RestoreNode, value: unknown, walk: Walk): boolean {
  if (typeof value !== "object" || value === null) return false;
  walk.drops ??= new WeakMap();
  let known = walk.drops.get(value);
  if (known === undefined) {
    known = new Map();
    walk.drops.set(value, known);
  }
  let drops = known.get(node);
  if (drops === undefined) {
    drops = nodeDropsKey(node, value, walk);
    known.set(node, drops);
  }
  return drops;
}

function nodeDropsKey(node: RestoreNode, value: object, walk: Walk): boolean {
  switch (node.kind) {
    case "object": {
      const object = node.entries && Array.isArray(value) ? fromEntries(value) : value;
      if (!isPlainObject(object)) return false;
      const closed = node.closedKeys === undefined ? undefined : keySet(node.closedKeys);
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue;
        const item = object[key];
        const prop = node.props !== undefined && Object.hasOwn(node.props, key) ? node.props[key] : undefined;
        if (prop !== undefined) {
          if (!(item === null && prop.nullToAbsent) && prop.node !== undefined && dropsKey(prop.node, item, walk)) return true;
        } else if (closed !== undefined) {
          if (!closed.has(key)) return true;
        } else {
          const extra = (node.patterns && patternNode(node.patterns, key)) ?? node.additional;
          if (extra !== undefined && dropsKey(extra, item, walk)) return true;
        }
      }
      return false;
    }
    case "array": {
      if (!Array.isArray(value)) return false;
      const prefix = node.prefixItems;
      for (let i = 0; i < value.length; i++) {
        const itemNode = prefix !== undefined && i < prefix.length ? prefix[i] : node.items;
        if (itemNode !== undefined && itemNode !== null && dropsKey(itemNode, value[i], walk)) return true;
      }
      return false;
    }
    case "union": {
      const variant = pickVariant(node.variants, value, walk);
      return variant?.node !== undefined && dropsKey(variant.node, value, walk);
    }
    case "ref": {
      const target = walk.defs !== undefined && Object.hasOwn(walk.defs, node.def) ? walk.defs[node.def] : undefined;
      return target !== undefined && dropsKey(target, value, walk);
    }
  }
}

function fits(match: RestoreMatch, type: JsonTypeName, value: unknown): "full" | "loose" | "no" {
  const typeOk = match.types.includes(type) || (type === "integer" && match.types.includes("number"));
  if (!typeOk) return "no";
  if (type !== "object") return "full";
  const obj = value as PlainObject;
  if (match.required !== undefined) {
    for (const key of match.required) if (!Object.hasOwn(obj, key)) return "no";
  }
  if (match.consts !== undefined) {
    for (const [key, expected] of match.consts) if (!Object.hasOwn(obj, key) || obj[key] !== expected) return "no";
  }
  if (match.keys !== undefined) {
    const allowed = keySet(match.keys);
    for (const key of Object.keys(obj)) if (!allowed.has(key)) return "loose";
  }
  return "full";
}

function typeOf(value: unknown): JsonTypeName {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    default:
      return "object";
  }
}

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
