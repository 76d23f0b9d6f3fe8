import { type Branch, type Located, isNumber, isSchema, keywordValues, orAnything, subschemas } from "./branches.js";
import { type Change, breaking, compatible } from "./change.js";
import type { DiffContext, SchemaSide } from "./context.js";
import { childPointer } from "./json-pointer.js";
import { jsonEqual } from "./json-values.js";
import { compareLimit, tightest } from "./limits.js";

/**
 * Array keywords (2020-12 Core §10.3.1, Validation §6.4): `prefixItems` and `items` position by
 * position, `contains` with `minContains`/`maxContains`, `minItems`, `maxItems`, `uniqueItems`.
 */
export function compareArrays(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes = [
    ...compareLimit("minItems", "lower", keywordValues(before, "minItems", isNumber), keywordValues(after, "minItems", isNumber), after.home),
    ...compareLimit("maxItems", "upper", keywordValues(before, "maxItems", isNumber), keywordValues(after, "maxItems", isNumber), after.home),
  ];
  const wasUnique = isUnique(before);
  if (wasUnique && !isUnique(after)) changes.push(breaking(after.home, "uniqueItems removed"));
  if (!wasUnique && isUnique(after)) changes.push(compatible(after.home, "uniqueItems added"));
  changes.push(...compareItems(before, after, ctx), ...compareContains(before, after, ctx));
  return changes;
}

function isUnique(branch: Branch): boolean {
  return branch.parts.some((p) => p.schema.uniqueItems === true);
}

/** The longest `prefixItems` of the branch. */
function prefixLength(branch: Branch): number {
  return Math.max(0, ...branch.parts.map((p) => (Array.isArray(p.schema.prefixItems) ? p.schema.prefixItems.length : 0)));
}

/**
 * The subschemas every item at `index` must satisfy: each part's `prefixItems[index]`, or its
 * `items` past its own prefix (`unevaluatedItems` when it has no `items`). `index` undefined asks
 * for the items after every prefix.
 */
function itemNodes(branch: Branch, index: number | undefined): Located[] {
  const nodes: Located[] = [];
  for (const part of branch.parts) {
    const prefix = Array.isArray(part.schema.prefixItems) ? part.schema.prefixItems : [];
    if (index !== undefined && index < prefix.length) {
      const item: unknown = prefix[index];
      if (isSchema(item)) nodes.push({ schema: item, pointer: childPointer(childPointer(part.pointer, "prefixItems"), index) });
      continue;
    }
    for (const keyword of ["items", "unevaluatedItems"]) {
      const rest = part.schema[keyword];
      if (isSchema(rest)) {
        nodes.push({ schema: rest, pointer: childPointer(part.pointer, keyword) });
        break;
      }
    }
  }
  return nodes;
}

const forbids = (nodes: readonly Located[]) => nodes.some((n) => n.schema === false);

function compareItems(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const positions = Math.max(prefixLength(before), prefixLength(after));
  // Positions the new schema cannot fill need no comparison.
  const oldMax = tightest(keywordValues(before, "maxItems", isNumber), "upper")?.value ?? Infinity;
  const newMax = tightest(keywordValues(after, "maxItems", isNumber), "upper")?.value ?? Infinity;
  for (let index = 0; index <= positions; index++) {
    const rest = index === positions;
    if (index >= newMax) break;
    const oldNodes = itemNodes(before, rest ? undefined : index);
    const newNodes = itemNodes(after, rest ? undefined : index);
    const where = rest ? `items after position ${index}` : `item ${index}`;
    if (forbids(newNodes)) {
      if (!forbids(oldNodes) && index < oldMax) changes.push(compatible(newNodes.find((n) => n.schema === false)!.pointer, `${where} no longer allowed`));
      break;
    }
    if (forbids(oldNodes)) {
      changes.push(breaking(newNodes[0]?.pointer ?? after.home, `${where} now allowed`));
      break;
    }
    const home = rest ? childPointer(after.home, "items") : childPointer(childPointer(after.home, "prefixItems"), index);
    changes.push(...ctx.compare(orAnything(oldNodes, home), orAnything(newNodes, home)));
  }
  return changes;
}

function compareContains(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const oldContains = subschemas(before, "contains");
  const newContains = subschemas(after, "contains");
  if (oldContains.length === 0 && newContains.length === 0) return [];
  if (newContains.length === 0) return [breaking(after.home, "contains removed")];
  if (oldContains.length === 0) return [compatible(newContains[0]!.pointer, "contains added")];
  return [
    ...ctx.compare(oldContains, newContains),
    ...compareLimit("minContains", "lower", keywordValues(before, "minContains", isNumber), keywordValues(after, "minContains", isNumber), after.home),
    ...compareLimit("maxContains", "upper", keywordValues(before, "maxContains", isNumber), keywordValues(after, "maxContains", isNumber), after.home),
  ];
}

/**
 * Whether the branch allows no array at all because a position it requires (`minItems`) allows
 * no item: `{"minItems": 1, "items": {"allOf": [{"const": "a"}, {"const": "b"}]}}`. Used to drop
 * such branches before variants are matched (SchemaSide.inhabited).
 */
export function allowsNoArray(side: SchemaSide, branch: Branch): boolean {
  const required = tightest(keywordValues(branch, "minItems", isNumber), "lower")?.value ?? 0;
  const positions = Math.min(required, prefixLength(branch) + 1);
  for (let index = 0; index < positions; index++) {
    const nodes = itemNodes(branch, index < prefixLength(branch) ? index : undefined);
    if (nodes.length > 0 && side.inhabited(nodes).length === 0) return true;
  }
  return false;
}

/** Why `items` fails the branch's array keywords, or undefined when it passes. */
export function rejectArray(side: SchemaSide, branch: Branch, items: readonly unknown[]): string | undefined {
  const min = tightest(keywordValues(branch, "minItems", isNumber), "lower");
  if (min && items.length < min.value) return `minItems ${min.value}`;
  const max = tightest(keywordValues(branch, "maxItems", isNumber), "upper");
  if (max && items.length > max.value) return `maxItems ${max.value}`;
  if (isUnique(branch) && items.some((item, i) => items.findIndex((other) => jsonEqual(item, other)) !== i)) return "uniqueItems";
  const positions = prefixLength(branch);
  for (const [index, item] of items.entries()) {
    const nodes = itemNodes(branch, index < positions ? index : undefined);
    if (nodes.length === 0) continue;
    const reason = side.rejects(side.branches(nodes), item);
    if (reason !== undefined) return `item ${index}: ${reason}`;
  }
  for (const part of branch.parts) {
    const contains = part.schema.contains;
    if (!isSchema(contains)) continue;
    const schemaBranches = side.branches([{ schema: contains, pointer: childPointer(part.pointer, "contains") }]);
    const hits = items.filter((item) => side.rejects(schemaBranches, item) === undefined).length;
    const atLeast = isNumber(part.schema.minContains) ? part.schema.minContains : 1;
    const atMost = isNumber(part.schema.maxContains) ? part.schema.maxContains : Infinity;
    if (hits < atLeast || hits > atMost) return "contains";
  }
  return undefined;
}
