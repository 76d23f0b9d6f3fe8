/**
 * Indentation and semicolons for the unformatted text jsts prints with `format: false` (one member
 * per line, no indentation). Prettier would do it at 5-10x the cost of the whole types stage; the
 * output of jsts is regular enough for a line-based pass: brackets only open and close outside
 * string literals (which jsts writes with `JSON.stringify`), and comments are whole `/** ... *\/`
 * blocks on lines of their own.
 */

const INDENT = "  ";
const OPENERS = new Set(["{", "(", "["]);
const CLOSERS = new Set(["}", ")", "]"]);
/** A line ending in one of these continues on the next line: no semicolon after it. */
const CONTINUATIONS = new Set(["{", "(", "[", "|", "&", ",", "=", ":"]);

interface OpenBracket {
  char: string;
  /** Indentation level of the line that opened it; its contents sit one level deeper. */
  level: number;
}

/** Indent jsts output by two spaces per bracket level and end members and type aliases with `;`. */
export function formatDeclaration(text: string): string {
  text = unwrapTypeParentheses(text);
  const out: string[] = [];
  const open: OpenBracket[] = [];
  let inComment = false;
  let inTypeAlias = false;
  for (const raw of text.replace(/\{\n\n\}/g, "{}").split("\n")) {
    const line = raw.trim();
    const top = open[open.length - 1];
    const contentLevel = top ? top.level + 1 : 0;
    if (line === "") {
      if (open.length === 0) out.push("");
      continue;
    }
    if (inComment || line.startsWith("/**")) {
      out.push(INDENT.repeat(contentLevel) + (line.startsWith("*") ? ` ${line}` : line));
      inComment = !line.endsWith("*/");
      continue;
    }
    const level = CLOSERS.has(line[0] ?? "") && top ? top.level : contentLevel;
    if (open.length === 0) inTypeAlias = line.startsWith("export type ");
    trackBrackets(line, open, level);
    const last = line[line.length - 1] ?? "";
    const endsStatement = open.length === 0 ? inTypeAlias : open[open.length - 1]?.char === "{";
    const semicolon = endsStatement && !CONTINUATIONS.has(last) && !line.endsWith(";") ? ";" : "";
    out.push(INDENT.repeat(level) + line + semicolon);
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}

/** Push and pop the brackets of one line, skipping double-quoted string literals. */
function trackBrackets(line: string, open: OpenBracket[], level: number): void {
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? "";
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === "\\") i++;
    } else if (OPENERS.has(c)) {
      open.push({ char: c, level });
    } else if (CLOSERS.has(c)) {
      open.pop();
    }
  }
}

/**
 * jsts wraps every union in parentheses, also where nothing needs them: the whole type of a member
 * or alias (`kind?: ("a" | "b")`). Those are dropped; `(A | B)[]` keeps its own.
 */
function unwrapTypeParentheses(text: string): string {
  const drop = new Set<number>();
  const open: { at: number; wholeType: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "/" && text.startsWith("/**", i)) {
      const end = text.indexOf("*/", i + 3);
      i = end === -1 ? text.length : end + 1;
    } else if (c === "(") {
      const before = text.slice(Math.max(0, i - 2), i);
      open.push({ at: i, wholeType: before === ": " || before === "= " });
    } else if (c === ")") {
      const start = open.pop();
      const next = text[i + 1];
      if (start?.wholeType && (next === "\n" || next === undefined)) drop.add(start.at).add(i);
    }
  }
  if (drop.size === 0) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) if (!drop.has(i)) out += text[i];
  return out;
}
