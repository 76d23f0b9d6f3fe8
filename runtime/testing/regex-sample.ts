/**
 * A string matching a simple regular expression, for sample values: literals, escapes (`\d \w \s`
 * and escaped punctuation), `.`, classes with ranges and negation, groups with alternation, and the
 * quantifiers `* + ? {n} {n,} {n,m}`; anchors are accepted and ignored (the whole generated string
 * matches). Anything else (look-around, backreferences, Unicode property escapes) throws
 * `UnsupportedPattern`, and the caller falls back.
 */

export class UnsupportedPattern extends Error {}

/** Pick a number in `[0, n)`. */
export type Pick = (n: number) => number;

type Node =
  | { kind: "chars"; set: string }
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; options: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number };

/** Repetitions added to an unbounded quantifier (`*`, `+`, `{n,}`). */
const OPEN_REPEAT = 3;
const DIGITS = "0123456789";
const WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
const SPACE = " ";
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");

/** A string that matches `pattern`, choices made by `pick`. */
export function sampleFromPattern(pattern: string, pick: Pick): string {
  const parser = new PatternParser(pattern);
  const tree = parser.parseAlternation();
  if (!parser.done()) throw new UnsupportedPattern(`unexpected ${pattern[parser.pos]} at ${parser.pos}`);
  return generate(tree, pick);
}

function generate(node: Node, pick: Pick): string {
  switch (node.kind) {
    case "chars":
      return node.set.length === 0 ? "" : node.set[pick(node.set.length)]!;
    case "seq":
      return node.items.map((n) => generate(n, pick)).join("");
    case "alt":
      return generate(node.options[pick(node.options.length)]!, pick);
    case "repeat": {
      const count = node.min + pick(node.max - node.min + 1);
      let out = "";
      for (let i = 0; i < count; i++) out += generate(node.node, pick);
      return out;
    }
  }
}

class PatternParser {
  pos = 0;
  constructor(readonly src: string) {}

  done(): boolean {
    return this.pos >= this.src.length;
  }

  parseAlternation(): Node {
    const options: Node[] = [this.parseSequence()];
    while (this.src[this.pos] === "|") {
      this.pos++;
      options.push(this.parseSequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alt", options };
  }

  parseSequence(): Node {
    const items: Node[] = [];
    while (!this.done() && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") {
      const c = this.src[this.pos]!;
      if (c === "^" || c === "$") {
        this.pos++;
        continue;
      }
      items.push(this.parseQuantifier(this.parseAtom()));
    }
    return { kind: "seq", items };
  }

  parseAtom(): Node {
    const c = this.src[this.pos++]!;
    if (c === "(") {
      if (this.src.startsWith("?:", this.pos)) this.pos += 2;
      else if (this.src[this.pos] === "?") throw new UnsupportedPattern("look-around or named group");
      const inner = this.parseAlternation();
      if (this.src[this.pos++] !== ")") throw new UnsupportedPattern("unclosed group");
      return inner;
    }
    if (c === "[") return this.parseClass();
    if (c === ".") return { kind: "chars", set: WORD };
    if (c === "\\") return { kind: "chars", set: this.parseEscape() };
    if ("*+?{".includes(c)) throw new UnsupportedPattern(`quantifier ${c} without an atom`);
    return { kind: "chars", set: c };
  }

  parseEscape(): string {
    const c = this.src[this.pos++];
    if (c === undefined) throw new UnsupportedPattern("trailing backslash");
    switch (c) {
      case "d":
        return DIGITS;
      case "w":
        return WORD;
      case "s":
        return SPACE;
      case "D":
        return "abc";
      case "W":
        return "-.!";
      case "S":
        return "abc";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "u": {
        const hex = this.src.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new UnsupportedPattern("\\u escape");
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case "x": {
        const hex = this.src.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new UnsupportedPattern("\\x escape");
        this.pos += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        if (/[a-zA-Z0-9]/.test(c)) throw new UnsupportedPattern(`escape \\${c}`);
        return c;
    }
  }

  parseClass(): Node {
    const negated = this.src[this.pos] === "^";
    if (negated) this.pos++;
    let set = "";
    let first = true;
    while (!this.done() && (this.src[this.pos] !== "]" || first)) {
      first = false;
      let from: string;
      if (this.src[this.pos] === "\\") {
        this.pos++;
        const escaped = this.parseEscape();
        if (escaped.length > 1) {
          set += escaped;
          continue;
        }
        from = escaped;
      } else from = this.src[this.pos++]!;
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]" && this.pos + 1 < this.src.length) {
        this.pos++;
        let to = this.src[this.pos++]!;
        if (to === "\\") to = this.parseEscape();
        for (let code = from.charCodeAt(0); code <= to.charCodeAt(0) && code - from.charCodeAt(0) < 512; code++) set += String.fromCharCode(code);
      } else set += from;
    }
    if (this.src[this.pos++] !== "]") throw new UnsupportedPattern("unclosed class");
    if (!negated) return { kind: "chars", set };
    return { kind: "chars", set: [...PRINTABLE].filter((ch) => !set.includes(ch)).join("") };
  }

  parseQuantifier(node: Node): Node {
    const c = this.src[this.pos];
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, OPEN_REPEAT];
    else if (c === "+") [min, max] = [1, 1 + OPEN_REPEAT];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return node;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? min + OPEN_REPEAT : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return node;
    this.pos++;
    if (this.src[this.pos] === "?" || this.src[this.pos] === "+") this.pos++;
    return { kind: "repeat", node, min, max };
  }
}
