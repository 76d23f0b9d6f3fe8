/**
 * Ajv's generated code with its string literals (and the regex literals of inlined formats)
 * replaced by numbered placeholders, `\u0001<n>\u0001`, so text rules never touch schema content.
 */

const MASK = "\u0001";

/**
 * Replace string literals, and the regex literal of an inlined format, by numbered placeholders.
 * Ajv writes strings with JSON.stringify (double quotes only); the only other regex literals
 * (`/~/g`, `/\//g` in instance paths) hold no quote.
 */
export function mask(code: string, literals: string[] = []): { masked: string; literals: string[] } {
  const keep = (literal: string): string => `${MASK}${literals.push(literal) - 1}${MASK}`;
  const withoutRegexLiterals = code.replace(/^(const formats\d+ = )(\/.*);$/gm, (_, head: string, regex: string) => `${head}${keep(regex)};`);
  const parts: string[] = [];
  let from = 0;
  for (let start = withoutRegexLiterals.indexOf('"'); start !== -1; start = withoutRegexLiterals.indexOf('"', from)) {
    let end = start + 1;
    for (;;) {
      const quote = withoutRegexLiterals.indexOf('"', end);
      if (quote === -1) throw new Error("unterminated string in Ajv standalone code");
      let backslashes = 0;
      while (withoutRegexLiterals.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      end = quote + 1;
      if (backslashes % 2 === 0) break;
    }
    parts.push(withoutRegexLiterals.slice(from, start), keep(withoutRegexLiterals.slice(start, end)));
    from = end;
  }
  parts.push(withoutRegexLiterals.slice(from));
  return { masked: parts.join(""), literals };
}

export function unmask(text: string, literals: readonly string[]): string {
  // The mask character appears nowhere else (Ajv writes control characters escaped), so the
  // parts alternate: code, literal index, code, ... Much faster than a replace callback.
  const parts = text.split(MASK);
  for (let i = 1; i < parts.length; i += 2) parts[i] = literals[Number(parts[i])] ?? "";
  return parts.join("");
}


/**
 * Ajv writes schema objects with JSON.stringify, so a property named `__proto__` becomes
 * `"__proto__": {...}`, which in an object literal sets the prototype instead (ECMA-262 §B.3.1):
 * `hasOwnProperty` would then miss it. Written computed, it is an own property again.
 */
export function computeProtoKeys(line: string, literals: readonly string[]): string {
  return line.replace(/\u0001(\d+)\u0001:/g, (key, index: string) => (literals[Number(index)] === '"__proto__"' ? `[${key.slice(0, -1)}]:` : key));
}
