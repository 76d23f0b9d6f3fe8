import { type Branch, type Located, isNumber, isSchema, keywordValues, orAnything, subschemas } from "./branches.js";
import { type Change, breaking, compatible, removal } from "./change.js";
import type { DiffContext, SchemaSide } from "./context.js";
import { childPointer } from "./json-pointer.js";
import { compareLimit, tightest } from "./limits.js";

/**
 * Object keywords (2020-12 Core §10.3.2, Validation §6.5): `properties`, `required`,
 * `additionalProperties`, `patternProperties`, `propertyNames`, `minProperties`,
 * `maxProperties`, `dependentRequired`, `dependentSchemas`.
 *
 * Extra properties are set aside by the compatibility rule: consumers ignore keys they do not
 * know, so adding a property (optional or required) is compatible. Removing an optional property
 * is compatible too when the new object is closed: no new value carries the key, and the old
 * schema never required it. (The generated type loses the field, so code that reads it stops
 * compiling; that is the compiler's report to make, not a value the old code cannot handle.)
 */
export function compareObjects(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const oldRequired = requiredNames(before);
  const newRequired = requiredNames(after);
  const oldNames = declaredNames(before);
  const newNames = declaredNames(after);
  const oldExtra = extraProperties(before);
  const newExtra = extraProperties(after);

  for (const name of newNames) {
    const newNodes = propertyNodes(after, name);
    const at = newNodes[0]!.pointer;
    if (oldNames.includes(name)) {
      changes.push(...ctx.compare(propertyNodes(before, name), newNodes));
    } else {
      changes.push(compatible(at, `property ${JSON.stringify(name)} added${newRequired.has(name) ? " (required)" : ""}`));
      // The old schema saw the key as an extra property: only an open-with-schema object constrains it.
      if (oldExtra.open && oldExtra.nodes.length > 0) changes.push(...ctx.compare(oldExtra.nodes, newNodes));
    }
    if (oldRequired.has(name) && !newRequired.has(name)) {
      changes.push(breaking(at, `property ${JSON.stringify(name)} is no longer required`));
    } else if (!oldRequired.has(name) && newRequired.has(name) && oldNames.includes(name)) {
      changes.push(compatible(at, `property ${JSON.stringify(name)} is now required`));
    }
  }
  for (const name of oldNames) {
    if (newNames.includes(name)) continue;
    const oldNodes = propertyNodes(before, name);
    const at = oldNodes[0]!.pointer;
    if (oldRequired.has(name) && !newRequired.has(name)) {
      changes.push(removal("breaking", at, `property ${JSON.stringify(name)} removed (was required)`));
    } else {
      changes.push(removal("compatible", at, `property ${JSON.stringify(name)} removed`));
    }
    // An open new object may still carry the key, now under its additionalProperties schema.
    if (newExtra.open) changes.push(...ctx.compare(oldNodes, orAnything(newExtra.nodes, childPointer(after.home, "additionalProperties"))));
  }
  // `required` names that no `properties` declares.
  for (const name of oldRequired) {
    if (oldNames.includes(name) || newNames.includes(name) || newRequired.has(name)) continue;
    changes.push(breaking(after.home, `property ${JSON.stringify(name)} is no longer required`));
  }
  for (const name of newRequired) {
    if (oldNames.includes(name) || newNames.includes(name) || oldRequired.has(name)) continue;
    changes.push(compatible(after.home, `property ${JSON.stringify(name)} is now required`));
  }

  changes.push(
    ...compareExtra(before, after, oldExtra, newExtra, ctx),
    ...comparePatternProperties(before, after, oldExtra, newExtra, ctx),
    ...compareOptionalSubschema("propertyNames", before, after, ctx),
    ...compareLimit("minProperties", "lower", keywordValues(before, "minProperties", isNumber), keywordValues(after, "minProperties", isNumber), after.home),
    ...compareLimit("maxProperties", "upper", keywordValues(before, "maxProperties", isNumber), keywordValues(after, "maxProperties", isNumber), after.home),
    ...compareDependentRequired(before, after),
    ...compareDependentSchemas(before, after, ctx),
  );
  return changes;
}

/** Property names declared by any part, in order of first appearance. */
function declaredNames(branch: Branch): string[] {
  const names: string[] = [];
  for (const part of branch.parts) {
    const properties = part.schema.properties;
    if (!isRecord(properties)) continue;
    for (const name of Object.keys(properties)) if (!names.includes(name) && isSchema(properties[name])) names.push(name);
  }
  return names;
}

function requiredNames(branch: Branch): Set<string> {
  const names = new Set<string>();
  for (const part of branch.parts) {
    if (Array.isArray(part.schema.required)) for (const name of part.schema.required) if (typeof name === "string") names.add(name);
  }
  return names;
}

/** The subschemas a value of property `name` must satisfy: its declarations and matching patterns. */
function propertyNodes(branch: Branch, name: string): Located[] {
  const nodes: Located[] = [];
  for (const part of branch.parts) {
    const properties = part.schema.properties;
    if (isRecord(properties) && Object.hasOwn(properties, name) && isSchema(properties[name])) {
      nodes.push({ schema: properties[name], pointer: childPointer(childPointer(part.pointer, "properties"), name) });
    }
    const patterns = part.schema.patternProperties;
    if (!isRecord(patterns)) continue;
    for (const [pattern, schema] of Object.entries(patterns)) {
      if (isSchema(schema) && safeTest(pattern, name)) {
        nodes.push({ schema, pointer: childPointer(childPointer(part.pointer, "patternProperties"), pattern) });
      }
    }
  }
  return nodes;
}

/**
 * Whether undeclared keys may appear, and under which subschemas. An object whose
 * `additionalProperties` (or `unevaluatedProperties`) is unspecified is closed for extraction
 * (design.md §3): replies drop undeclared keys and the generated type has no index signature.
 */
type Extra = { open: false } | { open: true; nodes: Located[] };

function extraProperties(branch: Branch): Extra {
  let explicit = false;
  const nodes: Located[] = [];
  for (const part of branch.parts) {
    const keyword = part.schema.additionalProperties !== undefined ? "additionalProperties" : "unevaluatedProperties";
    const value = part.schema[keyword];
    if (value === undefined) continue;
    if (value === false) return { open: false };
    explicit = true;
    if (isSchema(value) && value !== true) nodes.push({ schema: value, pointer: childPointer(part.pointer, keyword) });
  }
  return explicit ? { open: true, nodes } : { open: false };
}

function compareExtra(before: Branch, after: Branch, oldExtra: Extra, newExtra: Extra, ctx: DiffContext): Change[] {
  if (!oldExtra.open && newExtra.open) return [breaking(after.home, "additional properties are now allowed")];
  if (oldExtra.open && !newExtra.open) return [compatible(after.home, "additional properties are no longer allowed")];
  if (!oldExtra.open || !newExtra.open) return [];
  return ctx.compare(
    orAnything(oldExtra.nodes, childPointer(before.home, "additionalProperties")),
    orAnything(newExtra.nodes, childPointer(after.home, "additionalProperties")),
  );
}

function patternNodes(branch: Branch): Map<string, Located[]> {
  const byPattern = new Map<string, Located[]>();
  for (const part of branch.parts) {
    const patterns = part.schema.patternProperties;
    if (!isRecord(patterns)) continue;
    for (const [pattern, schema] of Object.entries(patterns)) {
      if (!isSchema(schema)) continue;
      const node = { schema, pointer: childPointer(childPointer(part.pointer, "patternProperties"), pattern) };
      byPattern.set(pattern, [...(byPattern.get(pattern) ?? []), node]);
    }
  }
  return byPattern;
}

/**
 * `patternProperties` by pattern text. Keys a new pattern admits are extra properties to the old
 * schema (set aside unless it was open with a schema); keys a removed pattern admitted can only
 * appear in the new schema through its additionalProperties.
 */
function comparePatternProperties(before: Branch, after: Branch, oldExtra: Extra, newExtra: Extra, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const oldPatterns = patternNodes(before);
  const newPatterns = patternNodes(after);
  for (const [pattern, newNodes] of newPatterns) {
    const oldNodes = oldPatterns.get(pattern);
    if (oldNodes) {
      changes.push(...ctx.compare(oldNodes, newNodes));
      continue;
    }
    changes.push(compatible(newNodes[0]!.pointer, `patternProperties adds ${JSON.stringify(pattern)}`));
    if (oldExtra.open && oldExtra.nodes.length > 0) changes.push(...ctx.compare(oldExtra.nodes, newNodes));
  }
  for (const [pattern, oldNodes] of oldPatterns) {
    if (newPatterns.has(pattern)) continue;
    changes.push(removal("compatible", oldNodes[0]!.pointer, `patternProperties removes ${JSON.stringify(pattern)}`));
    if (newExtra.open) changes.push(...ctx.compare(oldNodes, orAnything(newExtra.nodes, childPointer(after.home, "additionalProperties"))));
  }
  return changes;
}

/**
 * A keyword holding one subschema that only restricts (`propertyNames`): added is compatible,
 * removed is breaking, changed is compared.
 */
function compareOptionalSubschema(keyword: string, before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const oldNodes = subschemas(before, keyword);
  const newNodes = subschemas(after, keyword);
  if (oldNodes.length === 0 && newNodes.length === 0) return [];
  if (newNodes.length === 0) return [breaking(after.home, `${keyword} removed`)];
  if (oldNodes.length === 0) return [compatible(newNodes[0]!.pointer, `${keyword} added`)];
  return ctx.compare(oldNodes, newNodes);
}

function dependentRequired(branch: Branch): Map<string, Set<string>> {
  const byKey = new Map<string, Set<string>>();
  for (const part of branch.parts) {
    const deps = part.schema.dependentRequired;
    if (!isRecord(deps)) continue;
    for (const [key, names] of Object.entries(deps)) {
      if (!Array.isArray(names)) continue;
      const set = byKey.get(key) ?? new Set<string>();
      for (const name of names) if (typeof name === "string") set.add(name);
      byKey.set(key, set);
    }
  }
  return byKey;
}

function compareDependentRequired(before: Branch, after: Branch): Change[] {
  const changes: Change[] = [];
  const oldDeps = dependentRequired(before);
  const newDeps = dependentRequired(after);
  for (const [key, names] of oldDeps) {
    for (const name of names) {
      if (!newDeps.get(key)?.has(name)) {
        changes.push(breaking(after.home, `property ${JSON.stringify(name)} is no longer required when ${JSON.stringify(key)} is present`));
      }
    }
  }
  for (const [key, names] of newDeps) {
    for (const name of names) {
      if (!oldDeps.get(key)?.has(name)) {
        changes.push(compatible(after.home, `property ${JSON.stringify(name)} is now required when ${JSON.stringify(key)} is present`));
      }
    }
  }
  return changes;
}

function dependentSchemas(branch: Branch): Map<string, Located[]> {
  const byKey = new Map<string, Located[]>();
  for (const part of branch.parts) {
    const deps = part.schema.dependentSchemas;
    if (!isRecord(deps)) continue;
    for (const [key, schema] of Object.entries(deps)) {
      if (!isSchema(schema)) continue;
      const node = { schema, pointer: childPointer(childPointer(part.pointer, "dependentSchemas"), key) };
      byKey.set(key, [...(byKey.get(key) ?? []), node]);
    }
  }
  return byKey;
}

function compareDependentSchemas(before: Branch, after: Branch, ctx: DiffContext): Change[] {
  const changes: Change[] = [];
  const oldDeps = dependentSchemas(before);
  const newDeps = dependentSchemas(after);
  for (const [key, newNodes] of newDeps) {
    const oldNodes = oldDeps.get(key);
    if (oldNodes) changes.push(...ctx.compare(oldNodes, newNodes));
    else changes.push(compatible(newNodes[0]!.pointer, `dependentSchemas adds ${JSON.stringify(key)}`));
  }
  for (const key of oldDeps.keys()) {
    if (!newDeps.has(key)) changes.push(breaking(after.home, `dependentSchemas removes ${JSON.stringify(key)}`));
  }
  return changes;
}

/**
 * Whether the branch allows no object at all because a required property allows no value. Used to
 * drop such branches before variants are matched (SchemaSide.inhabited).
 */
export function allowsNoObject(side: SchemaSide, branch: Branch): boolean {
  for (const name of requiredNames(branch)) {
    const nodes = propertyNodes(branch, name);
    if (nodes.length > 0 && side.inhabited(nodes).length === 0) return true;
  }
  return false;
}

/** Why `value` fails the branch's object keywords, or undefined when it passes. */
export function rejectObject(side: SchemaSide, branch: Branch, value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  for (const name of requiredNames(branch)) if (!Object.hasOwn(value, name)) return `required ${JSON.stringify(name)}`;
  const min = tightest(keywordValues(branch, "minProperties", isNumber), "lower");
  if (min && keys.length < min.value) return `minProperties ${min.value}`;
  const max = tightest(keywordValues(branch, "maxProperties", isNumber), "upper");
  if (max && keys.length > max.value) return `maxProperties ${max.value}`;
  const extra = extraProperties(branch);
  for (const key of keys) {
    const nodes = propertyNodes(branch, key);
    // Undeclared keys are set aside (closed) or checked against additionalProperties (open).
    const checked = nodes.length > 0 ? nodes : extra.open ? extra.nodes : [];
    if (checked.length === 0) continue;
    const reason = side.rejects(side.branches(checked), value[key]);
    if (reason !== undefined) return `property ${JSON.stringify(key)}: ${reason}`;
  }
  for (const [key, names] of dependentRequired(branch)) {
    if (!Object.hasOwn(value, key)) continue;
    for (const name of names) if (!Object.hasOwn(value, name)) return `dependentRequired ${JSON.stringify(key)}`;
  }
  for (const [key, nodes] of dependentSchemas(branch)) {
    if (Object.hasOwn(value, key) && side.rejects(side.branches(nodes), value) !== undefined) return `dependentSchemas ${JSON.stringify(key)}`;
  }
  const names = subschemas(branch, "propertyNames");
  if (names.length > 0) {
    const nameBranches = side.branches(names);
    for (const key of keys) if (side.rejects(nameBranches, key) !== undefined) return `propertyNames (${JSON.stringify(key)})`;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, "u").test(text);
  } catch {
    return false;
  }
}

/**
 * The properties of an object branch that hold a single constant (`kind: {"const": "refund"}`):
 * what tells the variants of a tagged union apart.
 */
export function discriminators(side: SchemaSide, branch: Branch): Map<string, unknown> {
  const tags = new Map<string, unknown>();
  for (const name of declaredNames(branch)) {
    const branches = side.branches(propertyNodes(branch, name));
    const only = branches.length === 1 ? branches[0]!.values : undefined;
    if (only?.length === 1 && only[0]!.source !== "type") tags.set(name, only[0]!.value);
  }
  return tags;
}
