/**
 * Strings in a JSON Schema `format` for sample values: every format ajv-formats checks that an
 * extraction schema plausibly uses. Undefined for a format it does not know (the caller falls back).
 */

/** A string in `format`; `int(n)` picks in `[0, n)`, `word()` picks a word. */
export function sampleFormat(format: string, int: (n: number) => number, word: () => string): string | undefined {
  const n = int(10_000);
  const two = (x: number): string => String(x).padStart(2, "0");
  const date = `${2000 + (n % 30)}-${two(1 + (n % 12))}-${two(1 + (n % 28))}`;
  const time = `${two(n % 24)}:${two(n % 60)}:${two((n * 7) % 60)}Z`;
  const hex = (len: number): string => Array.from({ length: len }, () => "0123456789abcdef"[int(16)]).join("");
  switch (format) {
    case "date":
      return date;
    case "time":
    case "iso-time":
      return time;
    case "date-time":
    case "iso-date-time":
      return `${date}T${time}`;
    case "duration":
      return `P${1 + (n % 9)}DT${n % 24}H`;
    case "email":
    case "idn-email":
      return `${word()}${n}@example.com`;
    case "hostname":
    case "idn-hostname":
      return `${word()}${n}.example.com`;
    case "ipv4":
      return `10.${n % 256}.${(n * 3) % 256}.${(n * 7) % 256}`;
    case "ipv6":
      return `2001:db8::${(n % 65536).toString(16)}`;
    case "uri":
    case "iri":
    case "url":
      return `https://example.com/${word()}/${n}`;
    case "uri-reference":
    case "iri-reference":
      return `/${word()}/${n}`;
    case "uri-template":
      return `https://example.com/${word()}/{id}`;
    case "uuid":
      return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
    case "json-pointer":
      return `/${word()}/${n % 10}`;
    case "relative-json-pointer":
      return `${n % 3}/${word()}`;
    case "regex":
      return `^${word()}[0-9]*$`;
    case "byte":
      return Buffer.from(word()).toString("base64");
    default:
      return undefined;
  }
}
