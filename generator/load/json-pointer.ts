/**
 * RFC 6901 JSON pointers: building them while walking a document and reading them out of `$ref`
 * fragments (RFC 3986 percent-encoding first, then `~1` -> `/` and `~0` -> `~`).
 */

/** Escape one reference token: `~` -> `~0`, `/` -> `~1` (RFC 6901 §3). */
export function escapePointerToken(token: string): string {
  if (!token.includes("~") && !token.includes("/")) return token;
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The pointer of a child: `pointer` + `/` + the escaped token. */
export function childPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(String(token))}`;
}

/** Split a pointer into unescaped tokens; `undefined` when it does not start with `/` (and is not ""). */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Decode a URI fragment that holds a JSON pointer (RFC 6901 §6): percent-decoding first.
 * Returns `undefined` when the percent-encoding is malformed.
 */
export function decodeFragment(fragment: string): string | undefined {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return undefined;
  }
}

/** The value at `tokens` under `root`, or `undefined` when a step does not exist. */
export function valueAt(root: unknown, tokens: readonly string[]): unknown {
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
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

/** The pointer of a descendant reached by several tokens. */
export function descendantPointer(pointer: string, tokens: readonly (string | number)[]): string {
  let result = pointer;
  for (const token of tokens) result = childPointer(result, token);
  return result;
}
