/**
 * A seeded generator of hostile JSON Schemas (#9 point 1): every string a schema can carry into
 * generated code (titles, descriptions, `$comment`, property names, definition keys, enum and
 * const values, defaults, examples, patterns, `x-extractor` name, model and instructions) is built from
 * pieces that break out of comments, strings, template literals or script tags when pasted into
 * code unescaped. Same seed, same schemas.
 */
import { seededRandom } from "../../../runtime/testing/seeded-random.js";

/**
 * Pieces that end or open a code context: comment ends, quotes, template literal syntax,
 * backslashes, JavaScript line terminators, NUL, HTML script ends, JSDoc tags, and payloads that
 * would set a global or print if they ever ran.
 */
export const HOSTILE_PIECES: readonly string[] = [
  "*/",
  "/*",
  "/**",
  "//",
  "`",
  "${globalThis.__pwned = 1}",
  "'",
  '"',
  "\\",
  "\\u0027",
  "\u2028",
  "\u2029",
  "\n",
  "\r",
  "\u0000",
  "</script>",
  "<!--",
  "-->",
  "@ts-ignore",
  "@example",
  "{@link x}",
  "*/ globalThis.__pwned = 1; /*",
  '"; globalThis.__pwned = 1; "',
  "'; globalThis.__pwned = 1; '",
  "`; globalThis.__pwned = 1; `",
  "\n globalThis.__pwned = 1; //",
  "\u2028globalThis.__pwned = 1;//",
  "); console.log('pwned'); (",
  "}; process.exit(3); {",
  "__proto__",
  "constructor",
  "prototype",
  "\u202e",
  "\ufeff",
  "é😀",
  " ",
];

/** Helpers over one seeded random source. */
class Dice {
  constructor(readonly next: () => number) {}
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** One to four hostile pieces, sometimes around ordinary words. */
  text(): string {
    const parts = Array.from({ length: 1 + this.int(4) }, () => this.pick(HOSTILE_PIECES));
    if (this.chance(0.5)) parts.unshift(this.pick(["name", "Total amount", "x", "Items"]));
    return parts.join(this.pick(["", " ", "-"]));
  }
}

/** Escape a text so it matches itself as a regular expression (with the `u` flag). */
function literalPattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * One hostile schema for `seed`: an object with hostile property names whose values are strings
 * (hostile pattern, enum, const, default, examples), numbers, arrays and references to hostile
 * definition keys, with hostile annotations everywhere.
 */
export function hostileSchema(seed: number): Record<string, unknown> {
  const dice = new Dice(seededRandom(seed));
  const annotate = (schema: Record<string, unknown>): Record<string, unknown> => {
    if (dice.chance(0.7)) schema["description"] = dice.text();
    if (dice.chance(0.4)) schema["title"] = dice.text();
    if (dice.chance(0.4)) schema["$comment"] = dice.text();
    return schema;
  };
  const defKeys = Array.from({ length: 1 + dice.int(2) }, () => dice.text());
  const leaf = (): Record<string, unknown> => {
    switch (dice.int(6)) {
      case 0: {
        const value = dice.text();
        return annotate({ type: "string", pattern: `^${literalPattern(value)}$`, examples: [value] });
      }
      case 1: {
        const values = [...new Set(Array.from({ length: 1 + dice.int(3) }, () => dice.text()))];
        return annotate({ enum: values, default: values[0] });
      }
      case 2:
        return annotate({ const: dice.text() });
      case 3:
        return annotate({ type: "integer", minimum: 0, default: 1, examples: [dice.int(100)] });
      case 4:
        return annotate({ type: "array", items: { type: "string", default: dice.text() } });
      default:
        return annotate({ $ref: `#/$defs/${encodePointer(dice.pick(defKeys))}` });
    }
  };
  const properties = (count: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) out[dice.text()] = leaf();
    return out;
  };
  const $defs: Record<string, unknown> = {};
  for (const key of defKeys) $defs[key] = annotate({ type: "object", properties: { [dice.text()]: { type: "string", default: dice.text() } } });
  const props = properties(2 + dice.int(4));
  const schema: Record<string, unknown> = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: dice.text(),
    description: dice.text(),
    $comment: dice.text(),
    type: "object",
    properties: props,
    required: Object.keys(props).filter(() => dice.chance(0.5)),
    $defs,
    // An explicit name is the author's: two schemas of one project must not share it (and its version).
    "x-extractor": { instructions: dice.text(), model: dice.text(), ...(dice.chance(0.5) && { name: `${dice.text()} ${seed}` }), version: 1 + dice.int(3) },
  };
  return annotate(schema);
}

/** A JSON Pointer token (RFC 6901), percent-encoded for use in a `$ref` URI fragment. */
function encodePointer(key: string): string {
  return encodeURIComponent(key.replace(/~/g, "~0").replace(/\//g, "~1"));
}
