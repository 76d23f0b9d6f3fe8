/**
 * Locates the first JSON syntax error of a text. `JSON.parse` on Node 20 does not always say where
 * it failed, and a user needs line:column (style.md rule 5). The scanner is iterative (an explicit
 * stack of open containers), so hostile nesting cannot overflow the call stack, and linear in the
 * text length. It only runs after `JSON.parse` has rejected the text.
 */

/** Where and why a JSON text is invalid. */
export interface JsonSyntaxError {
  /** Zero-based UTF-16 offset of the offending character (the text length for a premature end). */
  offset: number;
  message: string;
  hint?: string;
}

type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ["true", "false", "null"] as const;

/** The first syntax error of `text` (RFC 8259), or `undefined` when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: ("{" | "[")[] = [];
  let expect: Expect = "value";
  let i = 0;
  const afterValue = (): Expect => (open.length > 0 ? "comma-or-close" : "end");

  while (true) {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    if (i >= text.length) {
      if (expect === "end") return undefined;
      const closer = open.at(-1) === "{" ? "}" : "]";
      return {
        offset: text.length,
        message: "unexpected end of input",
        hint: open.length > 0 ? `a '${closer}' or a value is missing; ${open.length} container(s) still open` : "the file ends before any value",
      };
    }
    const c = text[i]!;
    switch (expect) {
      case "value":
      case "value-or-close": {
        if (c === "]" && expect === "value-or-close") {
          open.pop();
          i++;
          expect = afterValue();
        } else if (c === "{") {
          open.push("{");
          i++;
          expect = "key-or-close";
        } else if (c === "[") {
          open.push("[");
          i++;
          expect = "value-or-close";
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
          expect = afterValue();
        } else if (c === "-" || (c >= "0" && c <= "9")) {
          NUMBER.lastIndex = i;
          if (!NUMBER.test(text)) return { offset: i, message: "invalid number" };
          i = NUMBER.lastIndex;
          expect = afterValue();
        } else {
          const literal = LITERALS.find((word) => text.startsWith(word, i));
          if (literal) {
            i += literal.length;
            expect = afterValue();
          } else if ((c === "]" || c === "}") && expect === "value") {
            return { offset: i, message: `unexpected '${c}' after ','`, hint: "remove the trailing comma" };
          } else {
            return unexpected(text, i, "a value");
          }
        }
        break;
      }
      case "key":
      case "key-or-close": {
        if (c === "}" && expect === "key-or-close") {
          open.pop();
          i++;
          expect = afterValue();
        } else if (c === '"') {
          const end = scanString(text, i);
          if (typeof end !== "number") return end;
          i = end;
          expect = "colon";
        } else if (c === "}") {
          return { offset: i, message: "unexpected '}' after ','", hint: "remove the trailing comma" };
        } else {
          return { ...unexpected(text, i, "a property name"), hint: "property names are strings in double quotes" };
        }
        break;
      }
      case "colon": {
        if (c !== ":") return unexpected(text, i, "':'");
        i++;
        expect = "value";
        break;
      }
      case "comma-or-close": {
        const top = open.at(-1);
        const closer = top === "{" ? "}" : "]";
        if (c === ",") {
          i++;
          expect = top === "{" ? "key" : "value";
        } else if (c === closer) {
          open.pop();
          i++;
          expect = afterValue();
        } else {
          return { ...unexpected(text, i, `',' or '${closer}'`), hint: "a comma is missing between two entries, or a bracket is mismatched" };
        }
        break;
      }
      case "end":
        return { ...unexpected(text, i, "the end of the file"), hint: "the file holds more than one JSON value" };
    }
  }
}

/** Offset just past the closing quote of the string starting at `start`, or the error inside it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, message: "control character inside a string", hint: "escape newlines and tabs as \\n and \\t" };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: "invalid \\u escape", hint: "\\u needs four hex digits" };
        i += 6;
        continue;
      }
      if (next === undefined || !'"\\/bfnrt'.includes(next)) return { offset: i, message: `invalid escape '\\${next ?? ""}'`, hint: "a backslash inside a string must be written \\\\" };
      i += 2;
      continue;
    }
    i++;
  }
  return { offset: start, message: "unterminated string", hint: "a closing double quote is missing" };
}

function unexpected(text: string, offset: number, wanted: string): JsonSyntaxError {
  const found = text.codePointAt(offset) ?? 0;
  const shown = found === 0x27 ? "single quote" : `'${String.fromCodePoint(found)}'`;
  return { offset, message: `unexpected ${shown}, expected ${wanted}` };
}

/** One-based line and column of a UTF-16 offset; CRLF and LF both end a line. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
