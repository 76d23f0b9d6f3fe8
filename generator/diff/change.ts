/**
 * One difference between two versions of a schema, judged by the compatibility rule of design.md §5
 * (issue #6): a change is breaking when a value valid under the NEW schema can be invalid under the
 * OLD one, extra object properties aside. Consumers wrote their code against the old output shape;
 * everything the new schema lets the model return must still fit that code.
 */
export interface Change {
  kind: ChangeKind;
  /**
   * RFC 6901 pointer to the schema node the change is about: into the new schema, or into the old
   * one when the node itself was removed (a removed property or variant). Changes reached through a
   * `$ref` point into the definition (`/$defs/Party/...`), where the schema author edits.
   */
  pointer: string;
  /** What changed, as a short phrase: `maxLength 40 -> 80`, `property "note" is no longer required`. */
  what: string;
  /** `old` when `pointer` is into the old schema: the node is gone from the new one. */
  side?: "old";
  /**
   * The schema file `pointer` is in, when it is not the compared schema's own file (a definition
   * from a referenced file). Set when a whole project is compared (pair-projects.ts).
   */
  file?: string;
}

export type ChangeKind = "breaking" | "compatible";

/** A breaking change at `pointer`. */
export function breaking(pointer: string, what: string): Change {
  return { kind: "breaking", pointer, what };
}

/** A compatible change at `pointer`. */
export function compatible(pointer: string, what: string): Change {
  return { kind: "compatible", pointer, what };
}

/** A change about a node only the old schema has (a removed property or variant): `pointer` is old. */
export function removal(kind: ChangeKind, oldPointer: string, what: string): Change {
  return { kind, pointer: oldPointer, what, side: "old" };
}

/** How many of `changes` are breaking. */
export function countBreaking(changes: readonly Change[]): number {
  let n = 0;
  for (const c of changes) if (c.kind === "breaking") n++;
  return n;
}
