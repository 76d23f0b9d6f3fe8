import fc from "fast-check";
import { expect, test } from "vitest";
import { PartialJsonParser } from "../../runtime/partial-json.js";

/**
 * Is `shown` a prefix of `final` in the snapshot sense: everything shown is in the final value
 * unchanged, except that a string may still grow? Numbers, booleans and null must be exactly final.
 */
function isPrefixOf(shown: unknown, final: unknown): boolean {
  if (shown === undefined) return true;
  if (typeof final === "string") return typeof shown === "string" && final.startsWith(shown);
  if (Array.isArray(final)) {
    if (!Array.isArray(shown) || shown.length > final.length) return false;
    // Only the last item shown can still be growing; earlier ones are complete.
    return shown.every((item, i) =>
      i < shown.length - 1 ? isPrefixOf(item, final[i]) && deepEqualJson(item, final[i]) : isPrefixOf(item, final[i]),
    );
  }
  if (typeof final === "object" && final !== null) {
    if (typeof shown !== "object" || shown === null || Array.isArray(shown)) return false;
    return Object.keys(shown).every(
      (key) => Object.hasOwn(final, key) && isPrefixOf((shown as Record<string, unknown>)[key], (final as Record<string, unknown>)[key]),
    );
  }
  return Object.is(shown, final);
}

function deepEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Split `text` into chunks whose sizes cycle through `sizes`. */
function chunk(text: string, sizes: readonly number[]): string[] {
  const chunks: string[] = [];
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number;
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const document = fc
  .tuple(
    fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3, stringUnit: "binary" })),
    fc.constantFrom(undefined, 1, "\t", " \r\n"),
  )
  .map(([value, indent]) => JSON.stringify(value, null, indent));
const chunkSizes = fc.array(fc.integer({ min: 1, max: 24 }), { minLength: 1, maxLength: 8 });

test("for random JSON and random chunkings: the final value equals JSON.parse, every snapshot is a prefix of it", () => {
  fc.assert(
    fc.property(document, chunkSizes, (text, sizes) => {
      const want: unknown = JSON.parse(text);
      const parser = new PartialJsonParser();
      const snapshots: unknown[] = [];
      for (const piece of chunk(text, sizes)) {
        parser.write(piece);
        snapshots.push(structuredClone(parser.value));
      }
      parser.end();
      expect(parser.value).toStrictEqual(want);
      for (const [i, shown] of snapshots.entries()) {
        expect(isPrefixOf(shown, want), `snapshot ${i}: ${JSON.stringify(shown)}`).toBe(true);
      }
    }),
    { numRuns: 400 },
  );
});

test("every single-cut split of a document gives the same value", () => {
  fc.assert(
    fc.property(document, (text) => {
      const want: unknown = JSON.parse(text);
      for (let cut = 0; cut <= text.length; cut++) {
        const parser = new PartialJsonParser();
        parser.write(text.slice(0, cut));
        const shown = structuredClone(parser.value);
        parser.write(text.slice(cut));
        parser.end();
        expect(parser.value).toStrictEqual(want);
        expect(isPrefixOf(shown, want)).toBe(true);
      }
    }),
    { numRuns: 60 },
  );
});
