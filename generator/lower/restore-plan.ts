/**
 * The restore plan of an extractor (runtime/spec.ts `RestorePlan`), computed once from the ORIGINAL
 * bundled schema. It is the same for every provider except `unwrap` (set by the lowerings that wrap
 * the root): relays translate between dialects (wire-formats.md §0.1a), so a Gemini or Anthropic
 * reply can carry the `null`s of an OpenAI-style lowering too (design.md §7).
 *
 * Union branches carry a `match` (types, required keys, declared keys of a closed branch, const
 * discriminators) so the runtime picks the branch without any schema; the rule is documented on
 * `RestoreVariant`.
 */
import type { RestoreMatch, RestoreNode, RestorePlan, RestoreProp, RestoreVariant } from "../../runtime/spec.js";
import type { JsonSchema, JsonSchemaObject } from "../json-schema.js";
import { canonicalize, type Canonical, type CompositionContext } from "./composition.js";
import { LossLog } from "./losses.js";
import { setOwnKey } from "./own-key.js";
import {
  admittedTypes,
  allowsNull,
  type Bundle,
  childPointer,
  defPointer,
  isMapLike,
  isObject,
  type JsonType,
  JSON_TYPES,
  ROOT_REF,
  refTarget,
  resolveDef,
} from "./schema-facts.js";

/** Build the provider-independent restore plan of a bundle (`unwrap` is added by the lowering). */
export function planRestore(bundle: Bundle): RestorePlan {
  const planner = new RestorePlanner(bundle);
  const raw = new Map<string, RestoreNode | undefined>();
  raw.set(ROOT_REF, planner.position(bundle.root, "", new Set([ROOT_REF])));
  for (const name of Object.keys(bundle.defs)) raw.set(name, planner.position(bundle.defs[name]!, defPointer(name), new Set([name])));

  // A definition is live when it has work of its own or refers to a live one: walk the reference
  // graph backwards from the definitions with work of their own (linear, unlike a fixpoint loop).
  const live = new Set<string>();
  const referrers = new Map<string, string[]>();
  const queue: string[] = [];
  for (const [name, node] of raw) {
    if (node === undefined) continue;
    const targets = new Set<string>();
    collectRefs(node, new Map(), targets);
    for (const target of targets) {
      const list = referrers.get(target);
      if (list) list.push(name);
      else referrers.set(target, [name]);
    }
    if (prune(node, live) !== undefined) {
      live.add(name);
      queue.push(name);
    }
  }
  while (queue.length > 0) {
    for (const referrer of referrers.get(queue.pop()!) ?? []) {
      if (live.has(referrer)) continue;
      live.add(referrer);
      queue.push(referrer);
    }
  }
  const pruned = new Map<string, RestoreNode>();
  for (const name of live) pruned.set(name, prune(raw.get(name)!, live)!);

  const root = pruned.get(ROOT_REF);
  if (root === undefined) return {};
  const reachable = new Set<string>();
  collectRefs(root, pruned, reachable);
  if (!reachable.has(ROOT_REF)) {
    if (reachable.size === 0) return { root };
    return {
      root,
      defs: Object.fromEntries([...reachable].sort().map((n) => [n, pruned.get(n)!])),
    };
  }
  return {
    root: { kind: "ref", def: ROOT_REF },
    defs: Object.fromEntries([...reachable].sort().map((n) => [n, pruned.get(n)!])),
  };
}

class RestorePlanner {
  readonly #bundle: Bundle;
  // Losses of the normal form belong to the lowerings; the planner only needs the shape.
  readonly #ignoredLosses = new LossLog();
  /** Match facts of each definition, computed once (unions of unions would repeat the work). */
  readonly #defMatches = new Map<string, RestoreMatch>();

  constructor(bundle: Bundle) {
    this.#bundle = bundle;
  }

  #canonical(schema: JsonSchema, pointer: string, inlined: ReadonlySet<string>): Canonical {
    const cctx: CompositionContext = {
      bundle: this.#bundle,
      inlined,
      losses: this.#ignoredLosses,
    };
    return canonicalize(schema, pointer, cctx);
  }

  /**
   * The restore node of one position, before pruning (refs are kept even when their target is idle).
   * `conditional` holds the `then`/`else`/`dependentSchemas` parts that may apply here, found in
   * enclosing `allOf` parts or, for a property, in the conditional parts of its object: the normal
   * form cannot carry them (it merges parts keyword by keyword and keeps only the first `then`),
   * yet every key they declare must survive the restore.
   */
  position(schema: JsonSchema, pointer: string, inlined: ReadonlySet<string>, conditional: readonly JsonSchema[] = []): RestoreNode | undefined {
    const c = this.#canonical(schema, pointer, inlined);
    switch (c.kind) {
      case "never":
        return undefined;
      case "ref":
        return { kind: "ref", def: c.target };
      case "union": {
        const inherited = this.#conditionalParts(schema, conditional);
        const variants: RestoreVariant[] = c.branches.map((b) => {
          const node = this.position(b.schema, b.pointer, c.inlined, inherited);
          const match = this.#match(b.schema, b.pointer, c.inlined, 0, inherited);
          return node === undefined ? { match } : { match, node };
        });
        return variants.some((v) => v.node !== undefined) ? { kind: "union", variants } : undefined;
      }
      case "plain":
        return this.#plain(c.schema, pointer, c.inlined, this.#conditionalParts(schema, conditional));
    }
  }

  /**
   * `inherited` plus the conditional parts (`then`, `else`, `dependentSchemas` values) of `schema`
   * and of its `allOf`/`$ref` parts: each `allOf` member may have its own `if`/`then`, and every one
   * of them counts, not only the one the merged normal form kept.
   */
  #conditionalParts(schema: JsonSchema, inherited: readonly JsonSchema[]): readonly JsonSchema[] {
    const parts: JsonSchema[] = [];
    this.#walkParts(schema, false, (s) => parts.push(...conditionalPartsOf(s)));
    return parts.length === 0 ? inherited : [...inherited, ...parts];
  }

  /**
   * Visit `schema` and its `allOf` members and `$ref` targets (each definition once); with
   * `everything`, also union branches and nested conditional parts: inside a conditional part every
   * key it could declare counts, however it is composed.
   */
  #walkParts(schema: JsonSchema, everything: boolean, visit: (s: JsonSchemaObject) => void): void {
    const seenDefs = new Set<string>();
    const walk = (s: unknown): void => {
      if (!isObject(s)) return;
      visit(s);
      const lists = everything ? [s["allOf"], s["anyOf"], s["oneOf"]] : [s["allOf"]];
      for (const list of lists) if (Array.isArray(list)) for (const member of list) walk(member);
      if (everything) conditionalPartsOf(s).forEach(walk);
      const target = refTarget(s["$ref"]);
      if (target === undefined || seenDefs.has(target)) return;
      seenDefs.add(target);
      walk(resolveDef(this.#bundle, target));
    };
    walk(schema);
  }

  /**
   * Every key the conditional parts declare (`properties`, `required`), however composed; `open`
   * when one of them admits keys by pattern or by `additionalProperties`.
   */
  #conditionalKeys(conditional: readonly JsonSchema[]): ReadonlySet<string> | "open" {
    const keys = new Set<string>();
    let open = false;
    for (const part of conditional) {
      this.#walkParts(part, true, (s) => {
        if (isObject(s["properties"])) for (const k of Object.keys(s["properties"])) keys.add(k);
        if (Array.isArray(s["required"])) for (const k of s["required"]) if (typeof k === "string") keys.add(k);
        const extra = s["additionalProperties"];
        if (s["patternProperties"] !== undefined || (extra !== undefined && extra !== false)) open = true;
      });
    }
    return open ? "open" : keys;
  }

  /** What the conditional parts say about property `key`: the conditional parts of its value. */
  #conditionalOfProperty(conditional: readonly JsonSchema[], key: string): JsonSchema[] {
    const out: JsonSchema[] = [];
    for (const part of conditional) {
      this.#walkParts(part, true, (s) => {
        const properties = s["properties"];
        if (isObject(properties) && Object.hasOwn(properties, key) && isObject(properties[key])) out.push(properties[key]);
      });
    }
    return out;
  }

  #plain(schema: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, conditional: readonly JsonSchema[]): RestoreNode | undefined {
    // A fixed value (`const`, `enum`) is what it is: none of its keys is undeclared.
    if ("const" in schema || "enum" in schema) return undefined;
    const types = admittedTypes(schema);
    const object = types.includes("object") ? this.#object(schema, pointer, inlined, conditional) : undefined;
    const array = types.includes("array") ? this.#array(schema, pointer, inlined) : undefined;
    if (object && array) {
      return {
        kind: "union",
        variants: [
          { match: { types: ["object"] }, node: object },
          { match: { types: ["array"] }, node: array },
        ],
      };
    }
    return object ?? array;
  }

  #object(schema: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, conditional: readonly JsonSchema[]): RestoreNode | undefined {
    const properties = isObject(schema["properties"]) ? schema["properties"] : {};
    const required = new Set(Array.isArray(schema["required"]) ? schema["required"] : []);
    const props: Record<string, RestoreProp> = {};
    for (const [key, sub] of Object.entries(properties)) {
      const subSchema = sub as JsonSchema;
      const prop: RestoreProp = {};
      if (!required.has(key) && !allowsNull(this.#bundle, subSchema)) prop.nullToAbsent = true;
      const node = this.position(subSchema, childPointer(pointer, "properties", key), inlined, this.#conditionalOfProperty(conditional, key));
      if (node !== undefined) prop.node = node;
      if (prop.nullToAbsent || prop.node) setOwnKey(props, key, prop);
    }
    const out: Extract<RestoreNode, { kind: "object" }> = { kind: "object" };
    if (Object.keys(props).length > 0) out.props = props;
    const declared = closedKeys(schema, this.#conditionalKeys(conditional));
    if (declared !== undefined) out.closedKeys = declared;
    const extra = schema["additionalProperties"];
    if (declared === undefined && isObject(extra)) {
      const node = this.position(extra, childPointer(pointer, "additionalProperties"), inlined);
      if (node !== undefined) out.additional = node;
    }
    const patternSchemas = isObject(schema["patternProperties"]) ? schema["patternProperties"] : {};
    const patterns: [string, RestoreNode][] = [];
    for (const [source, sub] of Object.entries(patternSchemas)) {
      const node = this.position(sub as JsonSchema, childPointer(pointer, "patternProperties", source), inlined);
      if (node !== undefined) patterns.push([source, node]);
    }
    if (patterns.length > 0) out.patterns = patterns;
    if (isMapLike(schema) && !admittedTypes(schema).includes("array")) out.entries = true;
    return out.props || out.closedKeys || out.patterns || out.additional || out.entries ? out : undefined;
  }

  #array(schema: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>): RestoreNode | undefined {
    const out: Extract<RestoreNode, { kind: "array" }> = { kind: "array" };
    const prefix = schema["prefixItems"];
    if (Array.isArray(prefix)) {
      const nodes = prefix.map((s, i) => this.position(s as JsonSchema, childPointer(pointer, "prefixItems", i), inlined) ?? null);
      if (nodes.some((n) => n !== null)) out.prefixItems = nodes;
    }
    const items = schema["items"];
    if (isObject(items)) {
      const node = this.position(items, childPointer(pointer, "items"), inlined);
      if (node !== undefined) out.items = node;
    }
    return out.items || out.prefixItems ? out : undefined;
  }

  /** Cheap facts that tell a union branch's values apart (see `RestoreVariant`). */
  #match(schema: JsonSchema, pointer: string, inlined: ReadonlySet<string>, depth = 0, conditional: readonly JsonSchema[] = []): RestoreMatch {
    const c = this.#canonical(schema, pointer, inlined);
    switch (c.kind) {
      case "never":
        return { types: [] };
      case "ref": {
        const known = this.#defMatches.get(c.target);
        if (known !== undefined) return known;
        const def = resolveDef(this.#bundle, c.target);
        // Deep chains of unions of references: assume any type rather than walk on.
        if (def === undefined || depth > 8) return { types: [...JSON_TYPES] };
        const match = this.#match(def, defPointer(c.target), new Set([...inlined, c.target]), depth + 1);
        this.#defMatches.set(c.target, match);
        return match;
      }
      case "union": {
        // Only the types of a nested union are told apart; its keys need no conditional facts.
        const types = new Set<JsonType>();
        for (const b of c.branches) for (const t of this.#match(b.schema, b.pointer, c.inlined, depth + 1).types) types.add(t);
        return { types: [...types] };
      }
      case "plain":
        return this.#plainMatch(c.schema, pointer, c.inlined, this.#conditionalParts(schema, conditional));
    }
  }

  #plainMatch(schema: JsonSchemaObject, pointer: string, inlined: ReadonlySet<string>, conditional: readonly JsonSchema[]): RestoreMatch {
    const match: RestoreMatch = { types: admittedTypes(schema) };
    if (!match.types.includes("object")) return match;
    // A map may arrive as its `{ key, value }` entries.
    if (isMapLike(schema) && !match.types.includes("array")) match.types = [...match.types, "array"];
    if (Array.isArray(schema["required"])) {
      const required = schema["required"].filter((k): k is string => typeof k === "string");
      if (required.length > 0) match.required = required;
    }
    const keys = closedKeys(schema, this.#conditionalKeys(conditional));
    if (keys !== undefined) match.keys = keys;
    const properties = isObject(schema["properties"]) ? schema["properties"] : {};
    const consts: NonNullable<RestoreMatch["consts"]> = [];
    for (const [key, sub] of Object.entries(properties)) {
      // The discriminator is often merged from two `allOf` parts (`{ type: string }` of a shared base
      // and `{ enum: ["API"] }` of the branch): read it in normal form, not as written.
      const value = this.#singleValue(sub as JsonSchema, childPointer(pointer, "properties", key), inlined);
      if (value !== NO_SINGLE_VALUE) consts.push([key, value]);
    }
    if (consts.length > 0) match.consts = consts;
    return match;
  }

  /** The one scalar a property schema allows (`const` or a one-value `enum`), if it allows only one. */
  #singleValue(schema: JsonSchema, pointer: string, inlined: ReadonlySet<string>): string | number | boolean | null | typeof NO_SINGLE_VALUE {
    if (!isObject(schema)) return NO_SINGLE_VALUE;
    const c = this.#canonical(schema, pointer, inlined);
    if (c.kind !== "plain") return NO_SINGLE_VALUE;
    const sub = c.schema;
    const single = "const" in sub ? [sub["const"]] : Array.isArray(sub["enum"]) && sub["enum"].length === 1 ? sub["enum"] : undefined;
    const value: unknown = single?.[0];
    return single && (value === null || ["string", "number", "boolean"].includes(typeof value)) ? (value as string | number | boolean | null) : NO_SINGLE_VALUE;
  }
}

const NO_SINGLE_VALUE = Symbol("no single value");

/**
 * The declared keys of a closed object, or undefined when it is open. Closed means
 * `additionalProperties` unspecified or `false` (design.md §3), no `patternProperties`, and no
 * `unevaluatedProperties` other than `false`; `required` keys, `dependentSchemas` trigger keys,
 * `dependentRequired` keys and `conditional` keys (declared by `then`/`else`/`dependentSchemas`,
 * see `RestorePlanner.position`) count as declared; a conditional part that admits more keys opens it.
 *
 * Dropping a key must never turn a valid value invalid, so an object is left open when its
 * undeclared keys can be needed: `minProperties` counts them, and `propertyNames` says the keys
 * are data (a map written without `additionalProperties`).
 */
function closedKeys(schema: JsonSchemaObject, conditional: ReadonlySet<string> | "open"): string[] | undefined {
  if (conditional === "open") return undefined;
  const extra = schema["additionalProperties"];
  if (extra !== undefined && extra !== false) return undefined;
  if (schema["patternProperties"] !== undefined) return undefined;
  const unevaluated = schema["unevaluatedProperties"];
  if (unevaluated !== undefined && unevaluated !== false) return undefined;
  if (schema["propertyNames"] !== undefined) return undefined;
  if (typeof schema["minProperties"] === "number" && schema["minProperties"] > 0) return undefined;
  const keys = new Set<string>(isObject(schema["properties"]) ? Object.keys(schema["properties"]) : []);
  // A required key is expected even when no `properties` entry describes it.
  for (const k of Array.isArray(schema["required"]) ? schema["required"] : []) if (typeof k === "string") keys.add(k);
  for (const k of conditional) keys.add(k);
  if (isObject(schema["dependentSchemas"])) for (const k of Object.keys(schema["dependentSchemas"])) keys.add(k);
  if (isObject(schema["dependentRequired"])) {
    for (const [k, list] of Object.entries(schema["dependentRequired"])) {
      keys.add(k);
      if (Array.isArray(list)) for (const d of list) if (typeof d === "string") keys.add(d);
    }
  }
  return [...keys];
}

/** Drop refs to idle definitions and nodes left with nothing to do. */
function prune(node: RestoreNode, live: ReadonlySet<string>): RestoreNode | undefined {
  switch (node.kind) {
    case "ref":
      return live.has(node.def) ? node : undefined;
    case "object": {
      const out: Extract<RestoreNode, { kind: "object" }> = { kind: "object" };
      if (node.props) {
        const props: Record<string, RestoreProp> = {};
        for (const [key, prop] of Object.entries(node.props)) {
          const child = prop.node && prune(prop.node, live);
          const kept: RestoreProp = {};
          if (prop.nullToAbsent) kept.nullToAbsent = true;
          if (child) kept.node = child;
          if (kept.nullToAbsent || kept.node) setOwnKey(props, key, kept);
        }
        if (Object.keys(props).length > 0) out.props = props;
      }
      if (node.closedKeys) out.closedKeys = node.closedKeys;
      const patterns = (node.patterns ?? []).flatMap(([source, n]): [string, RestoreNode][] => {
        const kept = prune(n, live);
        return kept ? [[source, kept]] : [];
      });
      if (patterns.length > 0) out.patterns = patterns;
      const additional = node.additional && prune(node.additional, live);
      if (additional) out.additional = additional;
      if (node.entries) out.entries = true;
      return out.props || out.closedKeys || out.patterns || out.additional || out.entries ? out : undefined;
    }
    case "array": {
      const out: Extract<RestoreNode, { kind: "array" }> = { kind: "array" };
      const items = node.items && prune(node.items, live);
      if (items) out.items = items;
      if (node.prefixItems) {
        const prefix = node.prefixItems.map((n) => (n && prune(n, live)) ?? null);
        if (prefix.some((n) => n !== null)) out.prefixItems = prefix;
      }
      return out.items || out.prefixItems ? out : undefined;
    }
    case "union": {
      const variants = node.variants.map((v) => {
        const child = v.node && prune(v.node, live);
        return child ? { match: v.match, node: child } : { match: v.match };
      });
      return variants.some((v) => v.node) ? { kind: "union", variants } : undefined;
    }
  }
}

function collectRefs(node: RestoreNode, defs: ReadonlyMap<string, RestoreNode>, into: Set<string>): void {
  switch (node.kind) {
    case "ref":
      if (!into.has(node.def)) {
        into.add(node.def);
        const target = defs.get(node.def);
        if (target) collectRefs(target, defs, into);
      }
      return;
    case "object":
      for (const prop of Object.values(node.props ?? {})) if (prop.node) collectRefs(prop.node, defs, into);
      for (const [, n] of node.patterns ?? []) collectRefs(n, defs, into);
      if (node.additional) collectRefs(node.additional, defs, into);
      return;
    case "array":
      if (node.items) collectRefs(node.items, defs, into);
      for (const n of node.prefixItems ?? []) if (n) collectRefs(n, defs, into);
      return;
    case "union":
      for (const v of node.variants) if (v.node) collectRefs(v.node, defs, into);
      return;
  }
}

/** The parts of `schema` that apply only under a condition: `then`, `else`, `dependentSchemas` values. */
function conditionalPartsOf(schema: JsonSchemaObject): JsonSchemaObject[] {
  const dependent = isObject(schema["dependentSchemas"]) ? Object.values(schema["dependentSchemas"]) : [];
  return [schema["then"], schema["else"], ...dependent].filter(isObject);
}
