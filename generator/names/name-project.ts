import type { Diagnostic } from "../diagnostics.js";
import { RESERVED_TYPE_NAMES, toUniqueIdentifier } from "./identifier.js";

/** Something that needs an exported name: an extractor root or a named type. */
export interface NameRequest {
  /** Unique key (the unit's location key). */
  key: string;
  /**
   * Candidate names, most readable first, each more qualified than the one before (already
   * PascalCase identifiers). A request moves down its ladder only when its name collides.
   */
  ladder: string[];
  /** Where it was written, for messages. */
  origin: { file: string; pointer: string };
}

/** An extractor root: versions of one name may share it, explicit names are never changed. */
export interface ExtractorNameRequest extends NameRequest {
  version: number;
  /** True when the first rung is `x-extractor.name`: the author chose it, so it is not qualified. */
  explicit: boolean;
}

export interface ProjectNames {
  /** Final exported name per key (extractors: the type name, `<Name>V<N>` when versions share a name). */
  names: Map<string, string>;
  /** Extractor name (without version) per extractor key. */
  extractorNames: Map<string, string>;
  /** Names shared by several versions: the name -> keys of the versions (emit aliases the newest). */
  versionGroups: Map<string, string[]>;
  /** Extractors dropped because another one has the same explicit name and version. */
  duplicates: Set<string>;
  diagnostics: Diagnostic[];
}

/**
 * The one naming pass (design.md §3, style.md rule 13): every exported name of the project is
 * fixed here, before anything is emitted.
 * 1. Extractors: the first rung of the ladder (`x-extractor.name` || `title` || file name, then
 *    the module path). Extractors sharing a name with different versions are versions of one
 *    extractor (`<Name>V<N>`, the bare name is kept for emit's alias). Sharing name and version:
 *    two explicit names are an error (EG_DUPLICATE_EXTRACTOR); derived names move down a rung.
 * 2. Types: the first rung (definition key, title, or pointer path); a name taken by an extractor,
 *    a reserved global, or by another type moves every claimant down a rung (the owning module's
 *    name first, then the pointer path), with one EG_NAME_COLLISION warning per contested name.
 *    Never a counter: the last rung is an injective encoding of file and pointer.
 */
export function nameProject(extractors: readonly ExtractorNameRequest[], types: readonly NameRequest[]): ProjectNames {
  const result: ProjectNames = { names: new Map(), extractorNames: new Map(), versionGroups: new Map(), duplicates: new Set(), diagnostics: [] };
  const contested = new Map<string, Set<NameRequest>>();

  // 1. extractors
  const live = extractors.filter((e) => e.ladder.length > 0);
  const level = new Map<string, number>(live.map((e) => [e.key, 0]));
  const nameOf = (request: NameRequest) => rung(request, level.get(request.key) ?? 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groupBy(live.filter((e) => !result.duplicates.has(e.key)), (e) => `${nameOf(e)}\u0000${e.version}`)) {
      if (group.length === 1 && RESERVED_TYPE_NAMES.has(nameOf(group[0]!)) && level.get(group[0]!.key)! < group[0]!.ladder.length) {
        noteContest(contested, nameOf(group[0]!), group);
        level.set(group[0]!.key, level.get(group[0]!.key)! + 1);
        changed = true;
        continue;
      }
      if (group.length < 2) continue;
      const explicit = group.filter((e) => e.explicit && level.get(e.key) === 0);
      for (const duplicate of explicit.slice(1)) {
        result.duplicates.add(duplicate.key);
        result.diagnostics.push({
          code: "EG_DUPLICATE_EXTRACTOR",
          severity: "error",
          file: duplicate.origin.file,
          pointer: "/x-extractor/name",
          message: `extractor ${nameOf(duplicate)} version ${duplicate.version} is also declared by ${explicit[0]!.origin.file}`,
          hint: "change x-extractor.name, or raise x-extractor.version in the newer schema",
        });
      }
      for (const request of group.filter((e) => !explicit.includes(e))) {
        noteContest(contested, nameOf(request), group);
        level.set(request.key, (level.get(request.key) ?? 0) + 1);
        changed = true;
      }
    }
  }
  const occupied = new Map<string, NameRequest | undefined>([...RESERVED_TYPE_NAMES].map((name) => [name, undefined]));
  const kept = live.filter((e) => !result.duplicates.has(e.key));
  for (const group of groupBy(kept, nameOf)) {
    const name = nameOf(group[0]!);
    const versioned = group.length > 1;
    if (versioned) {
      result.versionGroups.set(name, group.map((e) => e.key));
      occupied.set(name, group[0]);
    }
    for (const extractor of group) {
      result.extractorNames.set(extractor.key, name);
      result.names.set(extractor.key, versioned ? `${name}V${extractor.version}` : name);
    }
  }
  for (const extractor of kept) occupied.set(result.names.get(extractor.key)!, extractor);

  // 2. types
  const typeLevel = new Map<string, number>(types.map((t) => [t.key, 0]));
  const typeName = (request: NameRequest) => rung(request, typeLevel.get(request.key) ?? 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const group of groupBy(types, typeName)) {
      const name = typeName(group[0]!);
      if (group.length < 2 && !occupied.has(name)) continue;
      const holder = occupied.get(name);
      noteContest(contested, name, holder ? [holder, ...group] : group);
      for (const request of group) {
        typeLevel.set(request.key, (typeLevel.get(request.key) ?? 0) + 1);
        changed = true;
      }
    }
  }
  for (const type of types) result.names.set(type.key, typeName(type));

  // One warning per contested name, unless every claimant was already named in an earlier one
  // (a pair that collides on rung 0 usually meets again on rung 1).
  const reported = new Set<string>();
  for (const [name, claimants] of contested) {
    const members = [...claimants].sort((a, b) => compare(a.origin.file + a.origin.pointer, b.origin.file + b.origin.pointer));
    if (members.every((m) => reported.has(m.key))) continue;
    for (const m of members) reported.add(m.key);
    const first = members[0]!;
    const places = members.map((m) => `${m.origin.file}#${m.origin.pointer} (exported as ${result.names.get(m.key) ?? "nothing"})`);
    result.diagnostics.push({
      code: "EG_NAME_COLLISION",
      severity: "warning",
      file: first.origin.file,
      pointer: first.origin.pointer,
      message: RESERVED_TYPE_NAMES.has(name)
        ? `the name ${name} is reserved (a TypeScript global or runtime type): ${places.join(", ")}`
        : `${members.length} types want the name ${name}: ${places.join(", ")}`,
      hint: "give the definitions distinct keys or titles to choose the names yourself",
    });
  }
  return result;
}

/** The name at a rung; past the ladder, the injective last resort. */
function rung(request: NameRequest, level: number): string {
  return request.ladder[level] ?? toUniqueIdentifier([request.origin.file, request.origin.pointer]);
}

function noteContest(contested: Map<string, Set<NameRequest>>, name: string, group: readonly NameRequest[]): void {
  let set = contested.get(name);
  if (!set) contested.set(name, (set = new Set()));
  for (const member of group) set.add(member);
}

/** Groups in first-seen order (deterministic for a sorted input). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
