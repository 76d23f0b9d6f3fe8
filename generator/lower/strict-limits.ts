/**
 * OpenAI strict-mode size limits (wire-formats.md §3, post-July-2025 values), measured on a wire
 * schema. OpenAI does not define how "levels" are counted, so nesting counts every object and array
 * node on a path, following `$ref`s and stopping at a definition already on the path.
 */
import type { WireSchema } from "../../runtime/spec.js";
import { isObject, refTarget, ROOT_REF } from "./schema-facts.js";

export const STRICT_LIMITS = {
  maxNesting: 10,
  maxProperties: 5000,
  maxEnumValues: 1000,
  maxTotalChars: 120_000,
  largeEnumThreshold: 250,
  largeEnumMaxChars: 15_000,
} as const;

export interface SchemaSize {
  nesting: number;
  properties: number;
  enumValues: number;
  /** Characters of property names, `$defs` names, enum values and const values. */
  chars: number;
  /** Length in characters of the largest string enum with more than 250 values (0 if none). */
  largeEnumChars: number;
}

/** Measure a wire schema (its `$defs` included). */
export function measureSchema(schema: WireSchema): SchemaSize {
  const size: SchemaSize = { nesting: 0, properties: 0, enumValues: 0, chars: 0, largeEnumChars: 0 };
  const defs = isObject(schema["$defs"]) ? schema["$defs"] : {};
  for (const name of Object.keys(defs)) size.chars += name.length;
  const count = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) count(n);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties" && isObject(value)) {
        const names = Object.keys(value);
        size.properties += names.length;
        for (const n of names) size.chars += n.length;
        count(Object.values(value));
      } else if (key === "enum" && Array.isArray(value)) {
        size.enumValues += value.length;
        const chars = value.reduce<number>((n, v) => n + valueChars(v), 0);
        size.chars += chars;
        if (value.length > STRICT_LIMITS.largeEnumThreshold && value.every((v) => typeof v === "string")) {
          size.largeEnumChars = Math.max(size.largeEnumChars, chars);
        }
      } else if (key === "const") {
        size.chars += valueChars(value);
      } else if (key !== "default" && key !== "examples") {
        count(value);
      }
    }
  };
  count(schema);
  size.nesting = nestingDepth(schema, defs);
  return size;
}

/** Reasons a measured schema breaks the strict limits (empty when it fits). */
export function strictLimitBreaches(size: SchemaSize): string[] {
  const out: string[] = [];
  const L = STRICT_LIMITS;
  if (size.nesting > L.maxNesting) out.push(`nesting depth ${size.nesting} exceeds ${L.maxNesting} levels`);
  if (size.properties > L.maxProperties) out.push(`${size.properties} properties exceed ${L.maxProperties}`);
  if (size.enumValues > L.maxEnumValues) out.push(`${size.enumValues} enum values exceed ${L.maxEnumValues}`);
  if (size.chars > L.maxTotalChars) out.push(`${size.chars} characters of names and values exceed ${L.maxTotalChars}`);
  if (size.largeEnumChars > L.largeEnumMaxChars) {
    out.push(`an enum of more than ${L.largeEnumThreshold} values has ${size.largeEnumChars} characters (limit ${L.largeEnumMaxChars})`);
  }
  return out;
}

function valueChars(v: unknown): number {
  if (typeof v === "string") return v.length;
  if (v === null || typeof v === "number" || typeof v === "boolean") return String(v).length;
  return JSON.stringify(v)?.length ?? 0;
}

function nestingDepth(root: WireSchema, defs: Record<string, unknown>): number {
  // Depth of a definition, memoised: the first path that reaches it fixes its value (conservative
  // enough, and linear instead of exponential on shared definitions).
  const memo = new Map<string, number>();
  const onPath = new Set<string>();
  const depthOf = (node: unknown): number => {
    if (Array.isArray(node)) return node.reduce<number>((m, n) => Math.max(m, depthOf(n)), 0);
    if (!isObject(node)) return 0;
    let inner = 0;
    const target = refTarget(node["$ref"]);
    if (target !== undefined && !onPath.has(target)) {
      const known = memo.get(target);
      if (known !== undefined) inner = known;
      else {
        onPath.add(target);
        const d = depthOf(target === ROOT_REF ? withoutDefs(root) : defs[target]);
        onPath.delete(target);
        memo.set(target, d);
        inner = d;
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "$defs" || key === "enum" || key === "const" || key === "default" || key === "examples") continue;
      if (key === "properties" && isObject(value)) inner = Math.max(inner, depthOf(Object.values(value)));
      else inner = Math.max(inner, depthOf(value));
    }
    const nests = node["type"] === "object" || node["type"] === "array" || (Array.isArray(node["type"]) && node["type"].some((t) => t === "object" || t === "array"));
    return inner + (nests ? 1 : 0);
  };
  onPath.add(ROOT_REF);
  return depthOf(withoutDefs(root));
}

function withoutDefs(schema: WireSchema): WireSchema {
  const { $defs: _ignored, ...rest } = schema;
  return rest;
}
