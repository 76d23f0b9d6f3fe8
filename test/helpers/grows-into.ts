/**
 * Is a streamed snapshot part of the final value: everything it shows is there unchanged, except
 * strings that were still growing? (The partial-json property test has a stricter form that also
 * requires every array item but the last to be complete.)
 */
export function growsInto(shown: unknown, final: unknown): boolean {
  if (typeof final === "string") return typeof shown === "string" && final.startsWith(shown);
  if (Array.isArray(final)) return Array.isArray(shown) && shown.length <= final.length && shown.every((v, i) => growsInto(v, final[i]));
  if (typeof final === "object" && final !== null) {
    return typeof shown === "object" && shown !== null && Object.entries(shown).every(([k, v]) => Object.hasOwn(final, k) && growsInto(v, (final as Record<string, unknown>)[k]));
  }
  return Object.is(shown, final);
}
