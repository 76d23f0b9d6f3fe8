/** RFC 6901 JSON pointers: building them while walking a schema, and resolving local `$ref`s. */

/** `base` extended by one reference token, escaped per RFC 6901 §3 (`~` -> `~0`, `/` -> `~1`). */
export function childPointer(base: string, token: string | number): string {
  return `${base}/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

/**
 * The value at `pointer` inside `root`, or undefined when a token does not exist.
 * `pointer` is a plain RFC 6901 pointer ("" is the root).
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === "") return root;
  if (!pointer.startsWith("/")) return undefined;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * The pointer a local `$ref` (`#`, `#/$defs/Party`) designates, or undefined for a reference to
 * another document or an anchor. The fragment is percent-decoded first (RFC 3986 §2.1, as JSON
 * Schema 2020-12 §8.2.3.1 requires).
 */
export function localRefPointer(ref: string): string | undefined {
  if (!ref.startsWith("#")) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  return fragment === "" || fragment.startsWith("/") ? fragment : undefined;
}
