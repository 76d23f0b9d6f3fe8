/** RFC 6901 JSON pointers for diff: the pointers of load, plus resolving a local `$ref` in one step. */
import { decodeFragment, parsePointer, valueAt } from "../load/json-pointer.js";

export { childPointer } from "../load/json-pointer.js";

/**
 * The value at `pointer` inside `root`, or undefined when a token does not exist.
 * `pointer` is a plain RFC 6901 pointer ("" is the root).
 */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  return tokens === undefined ? undefined : valueAt(root, tokens);
}

/**
 * The pointer a local `$ref` (`#`, `#/$defs/Party`) designates, or undefined for a reference to
 * another document or an anchor. The fragment is percent-decoded first (RFC 3986 §2.1, as JSON
 * Schema 2020-12 §8.2.3.1 requires).
 */
export function localRefPointer(ref: string): string | undefined {
  if (!ref.startsWith("#")) return undefined;
  const fragment = decodeFragment(ref.slice(1));
  return fragment !== undefined && (fragment === "" || fragment.startsWith("/")) ? fragment : undefined;
}
