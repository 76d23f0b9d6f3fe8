import { fullFormats } from "ajv-formats/dist/formats.js";
import { type Branch, isNumber, isString, keywordValues } from "./branches.js";
import { type Change, breaking, compatible } from "./change.js";
import { compareLimit, tightest } from "./limits.js";

/**
 * String keywords (2020-12 Validation §6.3, §7): `minLength`, `maxLength`, `pattern`, `format`.
 * `format` is treated as an assertion, since extractgen's validators check it (ajv-formats).
 */
export function compareStrings(before: Branch, after: Branch): Change[] {
  return [
    ...compareLimit("minLength", "lower", keywordValues(before, "minLength", isNumber), keywordValues(after, "minLength", isNumber), after.home),
    ...compareLimit("maxLength", "upper", keywordValues(before, "maxLength", isNumber), keywordValues(after, "maxLength", isNumber), after.home),
    ...compareTexts("pattern", before, after, () => false),
    ...compareTexts("format", before, after, (old, next) => NARROWER_FORMATS[old]?.includes(next) === true),
  ];
}

/**
 * Formats whose valid strings include every string of another format: each key lists the formats it
 * is wider than (RFC 3987 IRIs extend RFC 3986 URIs; RFC 6531 addresses extend RFC 5321 ones).
 */
const NARROWER_FORMATS: Record<string, readonly string[]> = {
  "iri": ["uri"],
  "uri-reference": ["uri"],
  "iri-reference": ["uri", "iri", "uri-reference"],
  "idn-email": ["email"],
  "idn-hostname": ["hostname"],
};

/**
 * Compare keywords whose values are assertions with no order between them (`pattern`, `format`).
 * Whether one regular expression matches a subset of another is not decided here, so a changed
 * pattern is breaking unless `narrows(old, new)` knows better.
 */
function compareTexts(
  keyword: "pattern" | "format",
  before: Branch,
  after: Branch,
  narrows: (old: string, next: string) => boolean,
): Change[] {
  const oldTexts = keywordValues(before, keyword, isString);
  const newTexts = keywordValues(after, keyword, isString);
  const removed = oldTexts.filter((o) => !newTexts.some((n) => n.value === o.value));
  const added = newTexts.filter((n) => !oldTexts.some((o) => o.value === n.value));
  const only = removed.length === 1 && added.length === 1 ? { old: removed[0]!, next: added[0]! } : undefined;
  if (only) {
    const what = `${keyword} ${JSON.stringify(only.old.value)} -> ${JSON.stringify(only.next.value)}`;
    return [narrows(only.old.value, only.next.value) ? compatible(only.next.pointer, what) : breaking(only.next.pointer, what)];
  }
  return [
    ...removed.map((o) => breaking(after.home, `${keyword} ${JSON.stringify(o.value)} removed`)),
    ...added.map((n) => compatible(n.pointer, `${keyword} ${JSON.stringify(n.value)} added`)),
  ];
}

type FormatCheck = RegExp | ((text: string) => boolean) | { validate: RegExp | ((text: string) => boolean) };

/** Why `text` fails the branch's string keywords, or undefined when it passes. */
export function rejectString(branch: Branch, text: string): string | undefined {
  const length = [...text].length; // code points, not UTF-16 units (Validation §6.3.1)
  const min = tightest(keywordValues(branch, "minLength", isNumber), "lower");
  if (min && length < min.value) return `minLength ${min.value}`;
  const max = tightest(keywordValues(branch, "maxLength", isNumber), "upper");
  if (max && length > max.value) return `maxLength ${max.value}`;
  for (const { value: pattern } of keywordValues(branch, "pattern", isString)) {
    if (!matches(pattern, text)) return `pattern ${JSON.stringify(pattern)}`;
  }
  for (const { value: format } of keywordValues(branch, "format", isString)) {
    const check = (fullFormats as Record<string, FormatCheck | undefined>)[format];
    if (check && !passesFormat(check, text)) return `format ${JSON.stringify(format)}`;
  }
  return undefined;
}

function matches(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, "u").test(text);
  } catch {
    return false; // a pattern that does not compile cannot vouch for any value
  }
}

function passesFormat(check: FormatCheck, text: string): boolean {
  const test = typeof check === "object" && !(check instanceof RegExp) ? check.validate : check;
  return typeof test === "function" ? test(text) : test.test(text);
}
