import { type Branch, type Located, isSchema, orAnything, subschemas } from "./branches.js";
import { type Change, breaking, compatible, countBreaking } from "./change.js";
import type { DiffContext, SchemaSide } from "./context.js";
import { childPointer } from "./json-pointer.js";

/**
 * Keywords that hold for every type: `not`, `if`/`then`/`else` (2020-12 Core §10.2), plus the
 * unions the normal form kept whole past its alternatives cap.
 */
export function compareConditionals(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  return [
    ...compareNots(before, after, ctx),
    ...compareIfs(before, after, ctx),
    ...compareDeferred(before, after, ctx),
  ];
}

/** Whether everything `inner` (old side) allows is allowed by `outer` (new side). */
function grows(ctx: DiffContext, inner: readonly Located[], outer: readonly Located[]): boolean {
  return countBreaking(ctx.reversed().compare(outer, inner)) === 0;
}

/**
 * What an old `not` excluded must stay excluded: each needs a new `not` whose subschema allows at
 * least the same values.
 */
function compareNots(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const oldNots = subschemas(before, "not");
  const newNots = subschemas(after, "not");
  const changes: Change[] = [];
  // New nots already explained by a phrase: the match of an old one, or the one it changed into.
  const kept = new Set<Located>();
  const replaced = new Set<Located>();
  for (const old of oldNots) {
    const match = newNots.find((n) => grows(ctx, [old], [n]));
    if (match) {
      kept.add(match);
      continue;
    }
    const changed = newNots.find((n) => !replaced.has(n));
    if (changed) replaced.add(changed);
    changes.push(breaking(changed?.pointer ?? after.home, changed ? "not changed: it excludes less" : "not removed"));
  }
  for (const next of newNots) {
    if (replaced.has(next)) continue;
    const same = oldNots.some((old) => grows(ctx, [old], [next]) && countBreaking(ctx.compare([old], [next])) === 0);
    if (!same) changes.push(compatible(next.pointer, kept.has(next) ? "not changed: it excludes more" : "not added"));
  }
  return changes;
}

interface Conditional {
  condition: Located;
  then: Located;
  otherwise: Located;
}

function conditionals(branch: Branch): Conditional[] {
  const out: Conditional[] = [];
  for (const part of branch.parts) {
    const condition = part.schema.if;
    // An `if` with neither `then` nor `else` constrains nothing (Core §10.2.2.1).
    if (!isSchema(condition) || (!isSchema(part.schema.then) && !isSchema(part.schema.else))) continue;
    const at = (keyword: string) => childPointer(part.pointer, keyword);
    const branchOf = (keyword: string) => orAnything(isSchema(part.schema[keyword]) ? [{ schema: part.schema[keyword], pointer: at(keyword) }] : [], at(keyword))[0]!;
    out.push({ condition: { schema: condition, pointer: at("if") }, then: branchOf("then"), otherwise: branchOf("else") });
  }
  return out;
}

/**
 * `if`/`then`/`else` triples are matched by an equivalent condition; then `then` and `else` are
 * compared like any subschema. A condition that changed cannot be judged piecewise: breaking.
 */
function compareIfs(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const next = conditionals(after);
  const matched = new Set<Conditional>();
  for (const old of conditionals(before)) {
    const same = next.find((n) => !matched.has(n) && grows(ctx, [old.condition], [n.condition]) && countBreaking(ctx.compare([old.condition], [n.condition])) === 0);
    if (!same) {
      changes.push(breaking(after.home, next.length > 0 ? "if condition changed" : "if/then/else removed"));
      continue;
    }
    matched.add(same);
    changes.push(...ctx.compare([old.then], [same.then]), ...ctx.compare([old.otherwise], [same.otherwise]));
  }
  for (const n of next) if (!matched.has(n)) changes.push(compatible(n.condition.pointer, "if/then/else added"));
  return changes;
}

/** Unions kept whole: each old one must be matched by a new one that narrows it. */
function compareDeferred(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const used = new Set<Located>();
  for (const old of before.deferred) {
    const candidates = after.deferred.filter((n) => !used.has(n));
    const same = candidates.find((n) => (n.key ?? n.pointer) === (old.key ?? old.pointer));
    const match = same ?? candidates.find((n) => countBreaking(ctx.compare([old], [n])) === 0);
    if (!match) {
      changes.push(breaking(after.home, `subschema at ${old.pointer || "the root"} no longer applies`));
      continue;
    }
    used.add(match);
    changes.push(...ctx.compare([old], [match]));
  }
  for (const n of after.deferred) if (!used.has(n)) changes.push(compatible(n.pointer, "subschema added"));
  return changes;
}

/** Why `value` fails the branch's `not` and `if`/`then`/`else`, or undefined when it passes. */
export function rejectConditionals(side: SchemaSide, branch: Branch, value: unknown): string | undefined {
  for (const node of subschemas(branch, "not")) {
    if (side.rejects(side.branches([node]), value) === undefined) return "not";
  }
  for (const c of conditionals(branch)) {
    const holds = side.rejects(side.branches([c.condition]), value) === undefined;
    const reason = side.rejects(side.branches([holds ? c.then : c.otherwise]), value);
    if (reason !== undefined) return `${holds ? "then" : "else"}: ${reason}`;
  }
  return undefined;
}
