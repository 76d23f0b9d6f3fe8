/**
 * The value names an extractor exports, derived from its root type name (design.md §3):
 * `Invoice` -> `extractInvoice`, `streamInvoice`, `invoiceSpec`; `InvoiceV2` -> `extractInvoiceV2`,
 * `streamInvoiceV2`, `invoiceV2Spec`.
 */

export interface ExtractorNames {
  type: string;
  spec: string;
  extract: string;
  stream: string;
  validate: string;
}

/** The exported names for an extractor whose root type is `typeName`. */
export function extractorNames(typeName: string): ExtractorNames {
  return {
    type: typeName,
    spec: `${camelCase(typeName)}Spec`,
    extract: `extract${typeName}`,
    stream: `stream${typeName}`,
    validate: `validate${typeName}`,
  };
}

/**
 * Lower the leading capital, or a leading acronym but its last letter when a word follows:
 * `Invoice` -> `invoice`, `HTTPRequest` -> `httpRequest`, `URL` -> `url`, `A2B` -> `a2B`.
 */
export function camelCase(pascal: string): string {
  const acronym = /^[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)/.exec(pascal)?.[0];
  if (acronym && acronym.length > 1) return acronym.toLowerCase() + pascal.slice(acronym.length);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}
