/** Keys Gemini `responseSchema` answers with 400 "Unknown name" (wire-formats.md §5.1). */
const FORBIDDEN = new Set(["$ref", "$defs", "definitions", "additionalProperties", "oneOf", "allOf", "const", "$schema", "default"]);

/** Every forbidden key anywhere in a schema tree, as `<pointer>/<key>` (property names are data, not keys). */
export function forbiddenGeminiKeys(node: unknown, at = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => forbiddenGeminiKeys(n, `${at}/${i}`));
  if (typeof node !== "object" || node === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (FORBIDDEN.has(key)) out.push(`${at}/${key}`);
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, sub] of Object.entries(value)) out.push(...forbiddenGeminiKeys(sub, `${at}/properties/${name}`));
    } else if (key !== "enum" && key !== "propertyOrdering" && key !== "required") {
      out.push(...forbiddenGeminiKeys(value, `${at}/${key}`));
    }
  }
  return out;
}
