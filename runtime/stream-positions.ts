/**
 * What the partial JSON parser needs to know about each position of a streamed reply (#5), derived
 * from a spec's wire schema and restore plan for one provider:
 *
 * - `atomic`: an `enum` or `const` string, shown only once complete (half an enum value is not a
 *   value of the type);
 * - `nullHidden`: a property the restore plan turns from `null` into "absent" (optional properties
 *   made required-and-nullable for OpenAI strict mode), so snapshots never show a `null` the final
 *   value will not have;
 * - `hidden`: an undeclared key of a closed object, which the restore plan drops;
 * - `whole`: a map that strict targets send as an array of `{key, value}` entries, shown once
 *   complete as the object the restore plan makes of it (never as the array).
 *
 * Positions are computed lazily as the reply reaches them and cached per spec and provider, so each
 * is computed once per process however many calls stream. Recursive schemas ($ref cycles) map to
 * the same positions again, so the cache stays as small as the schema.
 */
import type { JsonPosition } from "./partial-json.js";
import { fromEntries } from "./restore.js";
import type { ExtractorSpec, LoweringTarget, ProviderName, RestoreNode, RestorePlan, WireSchema } from "./spec.js";

type ObjectNode = Extract<RestoreNode, { kind: "object" }>;

/** "Nothing to restore here", as one branch among others (so a union never hides what one branch keeps). */
const KEEP: ObjectNode = { kind: "object" };

const cache = new WeakMap<ExtractorSpec<unknown>, Partial<Record<LoweringTarget, JsonPosition>>>();

/**
 * The root position of replies to `spec` from `provider` (`openai-responses` shares the `openai`
 * lowering). When the plan wraps the root (`{value: ...}`), the wrapper is the root here, and the
 * restore plan's root applies to its `unwrap` property.
 */
export function streamPositions(spec: ExtractorSpec<unknown>, provider: ProviderName): JsonPosition {
  const target: LoweringTarget = provider === "openai-responses" ? "openai" : provider;
  let perTarget = cache.get(spec);
  if (perTarget === undefined) {
    perTarget = {};
    cache.set(spec, perTarget);
  }
  let root = perTarget[target];
  if (root === undefined) {
    const wire = spec.wire[target];
    root = new PositionTable(wire.schema, wire.restore).root();
    perTarget[target] = root;
  }
  return root;
}

/** The positions of one wire schema + restore plan, interned by what they are made of. */
class PositionTable {
  private readonly positions = new Map<string, SchemaPosition>();
  private readonly ids = new WeakMap<object, number>();
  private readonly patterns = new Map<string, RegExp | null>();
  private nextId = 0;

  constructor(
    private readonly wireRoot: WireSchema,
    private readonly plan: RestorePlan,
  ) {}

  root(): JsonPosition {
    const rootNodes = this.plan.root === undefined ? [] : [this.plan.root];
    const restore = this.plan.unwrap === undefined ? rootNodes : [{ kind: "object", props: { [this.plan.unwrap]: this.plan.root === undefined ? {} : { node: this.plan.root } } } satisfies ObjectNode];
    return this.position([this.wireRoot], restore, false, false);
  }

  /** The position made of these schemas and restore nodes (expanded and interned). */
  position(schemas: readonly unknown[], restore: readonly RestoreNode[], nullHidden: boolean, hidden: boolean): SchemaPosition {
    const expandedSchemas: WireSchema[] = [];
    const seen = new Set<unknown>();
    for (const schema of schemas) this.expandSchema(schema, expandedSchemas, seen);
    const expandedRestore: RestoreNode[] = [];
    for (const node of restore) this.expandRestore(node, expandedRestore, seen);
    const key = `${nullHidden ? 1 : 0}${hidden ? 1 : 0}|${expandedSchemas.map((s) => this.id(s)).join(",")}|${expandedRestore.map((n) => this.id(n)).join(",")}`;
    let position = this.positions.get(key);
    if (position === undefined) {
      position = new SchemaPosition(this, expandedSchemas, expandedRestore, nullHidden, hidden);
      this.positions.set(key, position);
    }
    return position;
  }

  /** A schema with its `$ref` target and `anyOf`/`oneOf`/`allOf` branches: every schema that may apply. */
  private expandSchema(schema: unknown, out: WireSchema[], seen: Set<unknown>): void {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema) || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as WireSchema;
    out.push(s);
    if (typeof s["$ref"] === "string") this.expandSchema(this.resolveRef(s["$ref"]), out, seen);
    for (const keyword of ["anyOf", "oneOf", "allOf"]) {
      const branches = s[keyword];
      if (Array.isArray(branches)) for (const branch of branches) this.expandSchema(branch, out, seen);
    }
  }

  /** A restore node with refs resolved and union branches listed. */
  private expandRestore(node: RestoreNode, out: RestoreNode[], seen: Set<unknown>): void {
    if (seen.has(node)) return;
    seen.add(node);
    if (node.kind === "ref") {
      const target = this.plan.defs?.[node.def];
      if (target !== undefined) this.expandRestore(target, out, seen);
    } else if (node.kind === "union") {
      for (const variant of node.variants) this.expandRestore(variant.node ?? KEEP, out, seen);
    } else {
      out.push(node);
    }
  }

  /** A local `$ref` (`#`, `#/$defs/X`, `#/definitions/X`); anything else is unknown here. */
  private resolveRef(ref: string): unknown {
    if (!ref.startsWith("#")) return undefined;
    let node: unknown = this.wireRoot;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof node !== "object" || node === null || !Object.hasOwn(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    }
    return node;
  }

  private id(object: object): number {
    let id = this.ids.get(object);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(object, id);
    }
    return id;
  }

  /** A `patternProperties` pattern as a RegExp; null when it does not compile in JavaScript. */
  pattern(source: string): RegExp | null {
    let re = this.patterns.get(source);
    if (re === undefined) {
      try {
        re = new RegExp(source, "u");
      } catch {
        re = null;
      }
      this.patterns.set(source, re);
    }
    return re;
  }
}

class SchemaPosition implements JsonPosition {
  readonly atomic: boolean;
  readonly whole: ((container: unknown) => unknown) | undefined;
  /** Declared keys (named by a schema or restore node here): their positions, null until computed. */
  private readonly declared = new Map<string, SchemaPosition | null>();
  private undeclared: SchemaPosition | undefined;
  private readonly hasPatterns: boolean;
  private readonly prefixItems = new Map<number, SchemaPosition>();
  private items: SchemaPosition | undefined;
  /** Array items below this index have positions of their own (tuples); the rest share one. */
  private readonly prefixLength: number;

  constructor(
    private readonly table: PositionTable,
    private readonly schemas: readonly WireSchema[],
    private readonly restore: readonly RestoreNode[],
    readonly nullHidden: boolean,
    readonly hidden: boolean,
  ) {
    this.atomic = schemas.some((s) => Array.isArray(s["enum"]) || "const" in s);
    // A map sent as `{key, value}` entries is shown once complete, as the object restore makes of it.
    this.whole = restore.some((n) => n.kind === "object" && n.entries === true) ? showEntries : undefined;
    this.hasPatterns = schemas.some((s) => isRecord(s["patternProperties"]));
    for (const s of schemas) if (isRecord(s["properties"])) for (const key of Object.keys(s["properties"])) this.declared.set(key, null);
    for (const node of restore) if (node.kind === "object" && node.props) for (const key of Object.keys(node.props)) this.declared.set(key, null);
    let prefixLength = 0;
    for (const s of schemas) prefixLength = Math.max(prefixLength, tuplePrefix(s)?.length ?? 0);
    for (const node of restore) if (node.kind === "array") prefixLength = Math.max(prefixLength, node.prefixItems?.length ?? 0);
    this.prefixLength = prefixLength;
  }

  property(key: string): JsonPosition | undefined {
    // One map lookup per key on the hot path: this runs for every property of the reply.
    const known = this.declared.get(key);
    if (known) return known;
    if (known === null) {
      const position = this.childOf(key);
      this.declared.set(key, position);
      return position;
    }
    // Undeclared keys are unbounded in number: they share one position, unless a pattern applies.
    if (this.hasPatterns) return this.childOf(key);
    this.undeclared ??= this.childOf(key);
    return this.undeclared;
  }

  item(index: number): JsonPosition | undefined {
    if (index >= this.prefixLength) {
      this.items ??= this.itemOf(index);
      return this.items;
    }
    let position = this.prefixItems.get(index);
    if (position === undefined) {
      position = this.itemOf(index);
      this.prefixItems.set(index, position);
    }
    return position;
  }

  private childOf(key: string): SchemaPosition {
    const schemas: unknown[] = [];
    for (const s of this.schemas) {
      const properties = s["properties"];
      if (isRecord(properties) && Object.hasOwn(properties, key)) {
        schemas.push(properties[key]);
        continue;
      }
      let matched = false;
      const patterns = s["patternProperties"];
      if (isRecord(patterns)) {
        for (const [source, schema] of Object.entries(patterns)) {
          if (this.table.pattern(source)?.test(key)) {
            schemas.push(schema);
            matched = true;
          }
        }
      }
      if (!matched && isRecord(s["additionalProperties"])) schemas.push(s["additionalProperties"]);
    }
    const objects = this.restore.filter((n): n is ObjectNode => n.kind === "object");
    const restore: RestoreNode[] = [];
    let nullHidden = objects.length > 0;
    let hidden = objects.length > 0;
    for (const node of objects) {
      const prop = node.props !== undefined && Object.hasOwn(node.props, key) ? node.props[key] : undefined;
      if (prop?.node !== undefined) restore.push(prop.node);
      // As applyRestore does: `additional` applies to keys without a prop of their own in open objects.
      else if (prop === undefined && node.closedKeys === undefined && node.additional !== undefined) restore.push(node.additional);
      if (prop?.nullToAbsent !== true) nullHidden = false;
      if (prop !== undefined || node.closedKeys === undefined || node.closedKeys.includes(key)) hidden = false;
    }
    return this.table.position(schemas, restore, nullHidden, hidden);
  }

  private itemOf(index: number): SchemaPosition {
    const schemas: unknown[] = [];
    for (const s of this.schemas) {
      const prefix = tuplePrefix(s);
      if (prefix === undefined) schemas.push(s["items"]);
      else if (index < prefix.length) schemas.push(prefix[index]);
      // 2020-12 `items` follows `prefixItems`; draft-07 `additionalItems` follows an `items` array.
      else schemas.push(Array.isArray(s["prefixItems"]) ? s["items"] : s["additionalItems"]);
    }
    const restore: RestoreNode[] = [];
    for (const node of this.restore) {
      if (node.kind !== "array") continue;
      const itemNode = node.prefixItems !== undefined && index < node.prefixItems.length ? node.prefixItems[index] : node.items;
      if (itemNode !== undefined && itemNode !== null) restore.push(itemNode);
    }
    return this.table.position(schemas, restore, false, false);
  }
}

/** The per-index item schemas of a tuple: 2020-12 `prefixItems`, or a draft-07 `items` array. */
function tuplePrefix(schema: WireSchema): unknown[] | undefined {
  if (Array.isArray(schema["prefixItems"])) return schema["prefixItems"];
  if (Array.isArray(schema["items"])) return schema["items"];
  return undefined;
}

function showEntries(container: unknown): unknown {
  return Array.isArray(container) ? fromEntries(container) : container;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
