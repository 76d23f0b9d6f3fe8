import { type Branch, type Located, typeName } from "./branches.js";
import { type Change, breaking, compatible, countBreaking, removal } from "./change.js";
import { compareArrays } from "./array-rules.js";
import { compareConditionals } from "./conditional-rules.js";
import type { DiffContext } from "./context.js";
import { type TypeGroup, TYPE_GROUPS, showValue, showValues } from "./json-values.js";
import { compareNumbers } from "./number-rules.js";
import { compareObjects, discriminators } from "./object-rules.js";
import { compareStrings } from "./string-rules.js";
import { compareValueSets, finiteSetRemoved } from "./value-rules.js";

type FamilyRule = (before: Branch, after: Branch, ctx: DiffContext) => Change[];

/** The keyword family of each type group; `null` and `boolean` are finite sets (value-rules.ts). */
const FAMILY_RULES: Partial<Record<TypeGroup, FamilyRule>> = {
  object: compareObjects,
  array: compareArrays,
  string: compareStrings,
  number: compareNumbers,
};

/**
 * Changes from the conjunction of `oldNodes` to that of `newNodes`. Both are brought to their
 * normal form (branches.ts), then compared type group by type group: a group only the new side
 * allows is a widening (breaking), one only the old side allows a narrowing (compatible), and the
 * branches of a group both allow are matched and compared keyword family by family.
 */
export function compareSchemas(ctx: DiffContext, oldNodes: readonly Located[], newNodes: readonly Located[]): Change[] {
  if (identicalWithoutRefs(ctx, oldNodes, newNodes)) return [];
  const before = ctx.old.inhabited(oldNodes);
  const after = ctx.new.inhabited(newNodes);
  const home = ctx.new.home(newNodes);
  if (after.length === 0) return before.length === 0 ? [] : [compatible(home, "no value is allowed any more")];
  if (before.length === 0) return [breaking(home, "values are allowed where none were")];

  const changes: Change[] = [];
  const added: Branch[] = [];
  const removed: Branch[] = [];
  for (const group of TYPE_GROUPS) {
    const old = before.filter((b) => b.group === group);
    const next = after.filter((b) => b.group === group);
    if (next.length === 0) removed.push(...old);
    else if (old.length === 0) added.push(...next);
    else changes.push(...compareGroup(ctx, group, old, next));
  }
  return [...typeChanges(before, after, added, removed, home), ...compareOpaqueRefs(before, after, home), ...changes];
}

/**
 * `$ref`s to other documents or anchors cannot be followed: they are compared by their text, once
 * per node (value checks assume such a reference holds, on both sides).
 */
function compareOpaqueRefs(before: readonly Branch[], after: readonly Branch[], home: string): Change[] {
  const oldRefs = new Set(before.flatMap((b) => b.opaqueRefs));
  const newRefs = new Set(after.flatMap((b) => b.opaqueRefs));
  return [
    ...[...oldRefs].filter((r) => !newRefs.has(r)).map((r) => breaking(home, `$ref ${JSON.stringify(r)} no longer applies`)),
    ...[...newRefs].filter((r) => !oldRefs.has(r)).map((r) => compatible(home, `$ref ${JSON.stringify(r)} added`)),
  ];
}

/**
 * Subtrees written the same way, with no `$ref` inside, allow the same values: nothing to compare.
 * (With a `$ref` the targets could differ, so those are compared structurally.)
 */
function identicalWithoutRefs(ctx: DiffContext, oldNodes: readonly Located[], newNodes: readonly Located[]): boolean {
  if (oldNodes.length !== newNodes.length) return false;
  return oldNodes.every((o, i) => {
    const text = ctx.old.textWithoutRefs(o.schema);
    return text !== undefined && text === ctx.new.textWithoutRefs(newNodes[i]!.schema);
  });
}

function compareGroup(ctx: DiffContext, group: TypeGroup, before: Branch[], after: Branch[]): Change[] {
  const scalar = group !== "object" && group !== "array";
  // Finite scalar sets compare as sets, however they are spelled (enum, const, anyOf of consts).
  if (scalar && after.every((b) => b.values !== undefined)) return compareValueSets(ctx, before, after);
  if (before.length === 1 && after.length === 1) return ctx.compareBranch(before[0]!, after[0]!);
  return matchVariants(ctx, before, after);
}

/** Changes between two branches of one type group (called through the memo in context.ts). */
export function compareBranch(ctx: DiffContext, before: Branch, after: Branch): Change[] {
  if (after.values) return compareValueSets(ctx, [before], [after]);
  if (before.values) return [finiteSetRemoved(before, after)];
  const family = FAMILY_RULES[before.group];
  return [...(family ? family(before, after, ctx) : []), ...compareConditionals(before, after, ctx)];
}

/**
 * Several branches of one group on a side: `anyOf`/`oneOf` variants, matched structurally, not by
 * position. 1. A new variant that some old variant covers (no breaking change) is fine; the
 * closest cover's compatible changes are reported. 2. A new variant no old one covers is compared
 * with the most similar unused old variant (same discriminator, fewest breaking changes) and that
 * comparison explains it; with no similar one it is an added variant. 3. Old variants nothing
 * matched were removed (compatible).
 */
function matchVariants(ctx: DiffContext, before: Branch[], after: Branch[]): Change[] {
  const changes: Change[] = [];
  const used = new Set<number>();
  const uncovered: { j: number; row: Change[][] }[] = [];
  after.forEach((next, j) => {
    // The same variant on both sides (same pointers) usually covers itself: try it before the rest.
    const same = before.findIndex((old) => old.key === next.key);
    const sameResult = same >= 0 ? ctx.compareBranch(before[same]!, next) : undefined;
    if (sameResult && countBreaking(sameResult) === 0) {
      used.add(same);
      changes.push(...sameResult);
      return;
    }
    const row = before.map((old) => ctx.compareBranch(old, next));
    let best = -1;
    row.forEach((r, i) => {
      if (countBreaking(r) === 0 && (best < 0 || r.length < row[best]!.length)) best = i;
    });
    if (best < 0) uncovered.push({ j, row });
    else {
      used.add(best);
      changes.push(...row[best]!);
    }
  });
  for (const { j, row } of uncovered) {
    const next = after[j]!;
    let best = -1;
    before.forEach((old, i) => {
      if (used.has(i) || !resembles(ctx, old, next)) return;
      if (best < 0 || countBreaking(row[i]!) < countBreaking(row[best]!)) best = i;
    });
    if (best < 0) changes.push(breaking(next.variant?.pointer ?? next.home, `${keywordOf(next)} adds a variant (${describe(ctx, next, "new")})`));
    else {
      used.add(best);
      changes.push(...row[best]!);
    }
  }
  before.forEach((old, i) => {
    if (!used.has(i)) changes.push(removal("compatible", old.variant?.pointer ?? old.home, `${keywordOf(old)} removes a variant (${describe(ctx, old, "old")})`));
  });
  return changes;
}

/** Two object variants with a discriminating `const` property of different values are different variants. */
function resembles(ctx: DiffContext, old: Branch, next: Branch): boolean {
  if (old.group !== "object") return true;
  const oldTags = discriminators(ctx.old, old);
  const newTags = discriminators(ctx.new, next);
  for (const [name, value] of newTags) {
    if (oldTags.has(name) && showValue(oldTags.get(name)) !== showValue(value)) return false;
  }
  return true;
}

function keywordOf(branch: Branch): string {
  return branch.variant?.keyword ?? "anyOf";
}

/** A variant in a phrase: its type and discriminator, `object, kind "refund"`. */
function describe(ctx: DiffContext, branch: Branch, side: "old" | "new"): string {
  const tags = branch.group === "object" ? discriminators(side === "old" ? ctx.old : ctx.new, branch) : new Map<string, unknown>();
  const [tag] = tags;
  if (tag) return `${typeName(branch)}, ${tag[0]} ${showValue(tag[1])}`;
  if (branch.values) return `${typeName(branch)} ${showValues(branch.values.map((v) => v.value))}`;
  return typeName(branch);
}

function typeNames(branches: readonly Branch[]): string {
  return [...new Set(branches.map(typeName))].join(", ");
}

/**
 * Phrases for type groups only one side allows. `null` gets its own phrase (the usual change); a
 * group that comes from an `anyOf` variant is an added or removed variant; one type replacing
 * another is `type string -> integer`.
 */
function typeChanges(before: readonly Branch[], after: readonly Branch[], added: Branch[], removed: Branch[], home: string): Change[] {
  const changes: Change[] = [];
  // A side without any `type` (every group at once) is phrased as a whole, null included.
  const wholeAdded = added.length > 0 && added.every(isUnrestricted);
  const wholeRemoved = removed.length > 0 && removed.every(isUnrestricted);
  if (wholeAdded) changes.push(breaking(home, `type is no longer restricted (was ${typeNames(before)})`));
  if (wholeRemoved) changes.push(compatible(home, `type restricted to ${typeNames(after)}`));
  if (!wholeAdded && added.some((b) => b.group === "null")) changes.push(breaking(home, "now allows null"));
  if (!wholeRemoved && removed.some((b) => b.group === "null")) changes.push(compatible(home, "no longer allows null"));
  const plainAdded = wholeAdded ? [] : added.filter((b) => b.group !== "null" && !b.variant);
  const plainRemoved = wholeRemoved ? [] : removed.filter((b) => b.group !== "null" && !b.variant);
  const [onlyAdded] = plainAdded;
  const [onlyRemoved] = plainRemoved;
  if (plainAdded.length === 1 && plainRemoved.length === 1) {
    changes.push(breaking(home, `type ${typeName(onlyRemoved!)} -> ${typeName(onlyAdded!)}`));
  } else {
    if (plainAdded.length > 0) changes.push(breaking(home, `type adds ${typeNames(plainAdded)}`));
    if (plainRemoved.length > 0) changes.push(compatible(home, `type removes ${typeNames(plainRemoved)}`));
  }
  for (const [pointer, branches] of byVariant(added.filter((b) => b.group !== "null"))) {
    changes.push(breaking(pointer, `${keywordOf(branches[0]!)} adds a variant (${typeNames(branches)})`));
  }
  for (const [pointer, branches] of byVariant(removed.filter((b) => b.group !== "null"))) {
    changes.push(removal("compatible", pointer, `${keywordOf(branches[0]!)} removes a variant (${typeNames(branches)})`));
  }
  return changes;
}

/** A branch that only exists because nothing restricts the type: no `type`, `enum` or `const`, no variant. */
function isUnrestricted(branch: Branch): boolean {
  return !branch.typed && !branch.variant && (branch.values ?? []).every((v) => v.source === "type");
}

function byVariant(branches: readonly Branch[]): Map<string, Branch[]> {
  const out = new Map<string, Branch[]>();
  for (const b of branches) {
    if (!b.variant) continue;
    out.set(b.variant.pointer, [...(out.get(b.variant.pointer) ?? []), b]);
  }
  return out;
}
