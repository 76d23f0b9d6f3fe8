/**
 * Identifiers from free text: schema titles, definition keys, file names and JSON pointers become
 * PascalCase TypeScript identifiers (design.md §3). No counter is ever appended: distinct inputs
 * that still meet get qualified by the caller (names/name-project.ts).
 */

const WORD = /[\p{ID_Continue}]+/gu;
const ID_START = /^[\p{ID_Start}]/u;

/**
 * PascalCase `text`: words are runs of identifier characters (`-`, `_`, spaces, dots and
 * punctuation separate them), each word gets an upper-case first letter and keeps the rest
 * (`fooBar` -> `FooBar`, `HTTPServer` stays). Apostrophes vanish (`Bob's` -> `Bobs`); two numbers
 * in a row keep a `_` between them (`v1.2` -> `V1_2`). A leading digit gets a `_` (`3d-model` -> `_3dModel`). Returns `undefined` when no identifier character
 * is left (`"$$"`, `"🙂"`).
 */
export function toPascalIdentifier(text: string): string | undefined {
  const words = text.replace(/['’]/g, "").match(WORD);
  if (!words) return undefined;
  let joined = "";
  for (const word of words.flatMap((w) => w.split("_")).filter(Boolean)) {
    // Numbers stay apart (`abc-1.2.0` -> `Abc1_2_0`, not `Abc120`). The last character is read
    // directly: `/\d$/` scans all of `joined`, which made long pointers quadratic.
    if (isDigit(joined.charCodeAt(joined.length - 1)) && isDigit(word.charCodeAt(0))) joined += "_";
    joined += word.charAt(0).toUpperCase() + word.slice(1);
  }
  if (joined === "") return undefined;
  return ID_START.test(joined) ? joined : `_${joined}`;
}

/** An ASCII digit (what `\d` matches); `NaN`, past either end of a string, is not. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * An identifier that is different for every different list of parts (an injective encoding): the
 * last resort when readable names keep colliding. Parts are joined by `$`, and every character
 * other than an ASCII letter or digit is written as `_<hex>_`.
 */
export function toUniqueIdentifier(parts: readonly string[]): string {
  const encoded = parts.map((part) => [...part].map((ch) => (/^[A-Za-z0-9]$/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`)).join(""));
  const joined = encoded.join("$");
  return /^[A-Za-z]/.test(joined) ? joined : `Type$${joined}`;
}

/**
 * Type names generated modules must not declare: TypeScript's global types (a local `Promise` or
 * `Record` would break the generated signatures) and the types generated code imports from
 * `extractgen/runtime`.
 */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([
  // ECMAScript and TypeScript globals
  "Array", "ArrayBuffer", "ArrayLike", "AsyncGenerator", "AsyncIterable", "AsyncIterableIterator", "AsyncIterator", "Awaited",
  "BigInt", "BigInt64Array", "BigUint64Array", "Boolean", "Capitalize", "ConstructorParameters", "DataView", "Date", "Error",
  "EvalError", "Exclude", "Extract", "Float32Array", "Float64Array", "Function", "Generator", "InstanceType", "Int16Array",
  "Int32Array", "Int8Array", "Intl", "Iterable", "IterableIterator", "Iterator", "JSON", "Lowercase", "Map", "Math",
  "NonNullable", "Number", "Object", "Omit", "Parameters", "Partial", "Pick", "Promise", "PromiseLike", "PropertyKey",
  "Proxy", "RangeError", "Readonly", "ReadonlyArray", "ReadonlyMap", "ReadonlySet", "Record", "ReferenceError", "Reflect",
  "RegExp", "Required", "ReturnType", "Set", "SharedArrayBuffer", "String", "Symbol", "SyntaxError", "TemplateStringsArray",
  "ThisParameterType", "ThisType", "TypeError", "URIError", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray",
  "Uncapitalize", "Uppercase", "WeakMap", "WeakRef", "WeakSet",
  // web and Node globals that generated signatures may use
  "AbortSignal", "Blob", "Buffer", "Headers", "Request", "Response", "URL",
  // extractgen/runtime types imported by generated modules
  "AnthropicWire", "DeepPartial", "ExtractInput", "ExtractOptions", "ExtractResult", "ExtractStream", "ExtractorSpec",
  "GeminiWire", "Message", "OpenAIWire", "Part", "PrecompiledValidator", "ProviderName", "ReasoningOptions", "RestoreNode",
  "RestorePlan", "RestoreProp", "SpecData", "Usage", "ValidateResult", "ValidationIssue", "ValidatorError", "WireLoss", "WireSchema",
]);
