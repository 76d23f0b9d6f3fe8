import type { JsonSchema } from "../json-schema.js";
import { type Branch, type Located, expandBranches, nodeHome } from "./branches.js";
import { type Change, breaking } from "./change.js";
import { compareBranch, compareSchemas } from "./compare.js";
import { isEmptyBranch, rejectValue } from "./value-check.js";

/** One side of a comparison: a bundled root schema and cached views of its nodes. */
export interface SchemaSide {
  readonly root: JsonSchema;
  /** The normal form of the conjunction of `nodes` (see branches.ts). */
  branches(nodes: readonly Located[]): readonly Branch[];
  /**
   * The branches of `nodes` that allow some value. The normal form keeps conjunctions it cannot
   * see are empty (`{"const": "a", "pattern": "^b"}`, an array whose required item allows
   * nothing); compared, they would show up as variants that come and go.
   */
  inhabited(nodes: readonly Located[]): readonly Branch[];
  /** Where changes to the node itself are reported. */
  home(nodes: readonly Located[]): string;
  /** Why `value` is invalid under one of `branches`, or undefined when one of them accepts it. */
  rejects(branches: readonly Branch[], value: unknown): string | undefined;
  /** The schema as JSON text, or undefined when it holds a `$ref` (cached for this comparison). */
  textWithoutRefs(schema: JsonSchema): string | undefined;
}

/** What every rule receives: both sides and the recursive comparison. */
export interface DiffContext {
  readonly old: SchemaSide;
  readonly new: SchemaSide;
  /** Changes from the conjunction of `oldNodes` to that of `newNodes` (new pointers, old where removed). */
  compare(oldNodes: readonly Located[], newNodes: readonly Located[]): Change[];
  /** Changes between two branches of one type group; memoised, so recursion through `$ref` ends. */
  compareBranch(before: Branch, after: Branch): Change[];
  /**
   * The comparison with the sides swapped, for subschemas that must grow rather than shrink: what
   * `not` excludes, an `if` condition. `reversed().compare(newNodes, oldNodes)` has no breaking
   * change when the old subschema's values all fit the new one.
   */
  reversed(): DiffContext;
}

/** How many branch comparisons may nest (a schema nested deeper is not compared, and breaking). */
const MAX_DEPTH = 200;

/** A marker for a branch pair being compared further up: assumed compatible (coinductive). */
const IN_PROGRESS: readonly Change[] = Object.freeze([]);

/** The context for diffing `oldRoot` against `newRoot`. */
export function createDiffContext(oldRoot: JsonSchema, newRoot: JsonSchema): DiffContext {
  return contextFor(createSide(oldRoot), createSide(newRoot));
}

function contextFor(oldSide: SchemaSide, newSide: SchemaSide, mirror?: DiffContext): DiffContext {
  const pairs = new Map<string, readonly Change[]>();
  const schemas = new Map<string, Change[]>();
  let reversed = mirror;
  let depth = 0;
  const ctx: DiffContext = {
    old: oldSide,
    new: newSide,
    compare(oldNodes, newNodes) {
      const key = `${nodesKey(oldNodes)}~${nodesKey(newNodes)}`;
      let result = schemas.get(key);
      if (!result) {
        result = compareSchemas(ctx, oldNodes, newNodes);
        schemas.set(key, result);
      }
      return result;
    },
    compareBranch(before, after) {
      const key = `${before.key}~${after.key}`;
      const known = pairs.get(key);
      if (known) return [...known];
      // Each pair is compared once, but a chain of distinct pairs can still be long; past the
      // limit the answer is the safe one for a CI gate rather than a stack overflow.
      if (depth >= MAX_DEPTH) return [breaking(after.home, `nested more than ${MAX_DEPTH} levels deep: not compared`)];
      pairs.set(key, IN_PROGRESS);
      depth++;
      try {
        const result = compareBranch(ctx, before, after);
        pairs.set(key, result);
        return result;
      } finally {
        depth--;
      }
    },
    reversed() {
      reversed ??= contextFor(newSide, oldSide, ctx);
      return reversed;
    },
  };
  return ctx;
}

function createSide(root: JsonSchema): SchemaSide {
  const cache = new Map<string, readonly Branch[]>();
  const inhabitedCache = new Map<string, readonly Branch[]>();
  const texts = new WeakMap<object, string | undefined>();
  const side: SchemaSide = {
    root,
    branches(nodes) {
      const key = nodesKey(nodes);
      let branches = cache.get(key);
      if (!branches) {
        branches = expandBranches(nodes, root);
        cache.set(key, branches);
      }
      return branches;
    },
    inhabited(nodes) {
      const key = nodesKey(nodes);
      let branches = inhabitedCache.get(key);
      if (!branches) {
        // While a recursive type is being checked, its own nodes count as inhabited.
        inhabitedCache.set(key, side.branches(nodes));
        branches = side.branches(nodes).filter((b) => !isEmptyBranch(side, b));
        inhabitedCache.set(key, branches);
      }
      return branches;
    },
    home(nodes) {
      return nodeHome(nodes[0] ?? { schema: true, pointer: "" }, root);
    },
    rejects(branches, value) {
      return rejectValue(side, branches, value);
    },
    textWithoutRefs(schema) {
      if (typeof schema !== "object" || schema === null) return String(schema);
      if (!texts.has(schema)) {
        const text = JSON.stringify(schema);
        texts.set(schema, text.includes('"$ref"') ? undefined : text);
      }
      return texts.get(schema);
    },
  };
  return side;
}

/** Identity of a node list: pointers (or synthesised keys), and the boolean schemas by value. */
function nodesKey(nodes: readonly Located[]): string {
  return nodes.map((n) => (typeof n.schema === "boolean" ? `${n.schema}@${n.pointer}` : (n.key ?? n.pointer))).join("&");
}
