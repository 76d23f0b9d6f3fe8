/**
 * Incremental JSON parser for streamed replies (#5).
 *
 * Each chunk is read once, character by character, from where the previous chunk stopped; the open
 * objects and arrays are kept on an explicit stack (no recursion, so nesting depth is bounded by memory,
 * not by the call stack). The value is built in place as it arrives, so reading it after a chunk costs
 * nothing: the whole stream costs O(n) however small the chunks are.
 *
 * What the value shows while it grows (the snapshot contract of `stream()`):
 * - objects and arrays appear as soon as they open, and only ever gain members;
 * - a property appears once its key is complete and its value has begun;
 * - strings appear as soon as they open and grow; nothing else ever changes once shown;
 * - numbers, `true`, `false` and `null` appear only once complete;
 * - positions a {@link JsonPosition} marks `atomic` (enum/const strings) appear only once complete,
 *   `nullHidden` positions never show a `null`, `hidden` ones are parsed but never shown, and
 *   containers at `whole` positions appear once complete, converted.
 */

import { JsonNumberReader } from "./json-number.js";
import { setOwnKey } from "./own-key.js";

/**
 * What the caller knows about one position of the document (from a schema). Optional: without it,
 * every value is shown as described above.
 */
export interface JsonPosition {
  /** Strings here are shown only once complete (an enum or const value must not show half of itself). */
  readonly atomic: boolean;
  /** A `null` in this property slot is never shown (it will mean "absent" once restored). */
  readonly nullHidden: boolean;
  /** Whatever is in this property slot is parsed but never shown (the key will be dropped). */
  readonly hidden: boolean;
  /**
   * Set when a container here is shown only once complete, as what this returns for it (an array
   * of `{key, value}` entries that stands for an object is shown as that object).
   */
  readonly whole?: ((container: unknown) => unknown) | undefined;
  /** The position of property `key` of an object here; undefined when nothing is known about it. */
  property(key: string): JsonPosition | undefined;
  /** The position of item `index` of an array here; undefined when nothing is known about it. */
  item(index: number): JsonPosition | undefined;
}

/** Malformed JSON: says what was expected, and where (UTF-16 offset and UTF-8 byte offset in the text). */
export class PartialJsonError extends Error {
  readonly code = "EG_JSON_SYNTAX";
  constructor(
    readonly reason: string,
    /** Offset in UTF-16 code units from the start of the text. */
    readonly offset: number,
    /** Offset in UTF-8 bytes from the start of the text. */
    readonly byteOffset: number,
  ) {
    super(`invalid JSON at byte ${byteOffset}: ${reason}`);
    this.name = "PartialJsonError";
  }
}

export interface PartialJsonOptions {
  /** The position of the root value. */
  root?: JsonPosition;
  /**
   * Deepest nesting of objects and arrays accepted; deeper is a PartialJsonError. Parsing needs no
   * limit, but whoever walks the snapshots recurses. @default unlimited
   */
  maxDepth?: number;
}

type Container = Record<string, unknown> | unknown[];

/** One open object or array. Frames are reused as the depth goes up and down. */
interface Frame {
  container: Container;
  isArray: boolean;
  /** The container is shown once complete, as this makes it (`JsonPosition.whole`). */
  whole: ((container: unknown) => unknown) | undefined;
  /** The container's own slot is hidden (kept for `whole`, which attaches it when it closes). */
  slotHidden: boolean;
  /** The key whose value is being read (objects). */
  key: string;
  /** Position of the container itself. */
  pos: JsonPosition | undefined;
}

// Parser states. Up to S_ARR_NEXT, the state expects structure (whitespace may come first).
const S_START = 0; // before the root: whitespace, a ``` fence line, prose, or the value
const S_VALUE = 1; // a value must start here
const S_OBJ_FIRST = 2; // after "{": a key or "}"
const S_OBJ_KEY = 3; // after ",": a key
const S_OBJ_COLON = 4; // after a key: ":"
const S_OBJ_NEXT = 5; // after a property value: "," or "}"
const S_ARR_FIRST = 6; // after "[": a value or "]"
const S_ARR_NEXT = 7; // after an item: "," or "]"
const S_STRING = 8; // a string value
const S_ESCAPE = 9; // after "\\" in a string value or key
const S_UNICODE = 10; // hex digits of "\\u" in a string value or key
const S_KEY = 11; // a property name
const S_NUMBER = 12;
const S_LITERAL = 13;
const S_FENCE = 14; // inside a ``` line before the root
const S_PROSE = 15; // text before the root: look for "{" or "["
const S_AFTER = 16; // the root is complete: the rest (a closing fence, prose) is ignored

/** Size of the property-name cache (a power of two). */
const KEY_CACHE_SIZE = 512;

/**
 * Property names seen lately, by hash (see `readKey`). One cache for every parser: replies to the
 * same spec repeat the same names from call to call, and a cache per parser would cost a 4 KB
 * array per streamed call. Sharing is safe: an entry is only used after its text is compared.
 */
const keyCache: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const ESCAPES: Record<number, string> = {
  0x22: '"',
  0x5c: "\\",
  0x2f: "/",
  0x62: "\b",
  0x66: "\f",
  0x6e: "\n",
  0x72: "\r",
  0x74: "\t",
};

/**
 * Parses one JSON document fed in chunks; {@link value} is the current deep-partial value.
 *
 * Text before the root is tolerated the way replies need it: a leading ```json fence line, or prose
 * before the first `{` or `[`. Whatever follows the complete root (a closing fence, prose) is ignored.
 *
 * @example
 * const parser = new PartialJsonParser();
 * parser.write('{"name":"Al');  parser.value; // { name: "Al" }
 * parser.write('ice","age":3'); parser.value; // { name: "Alice" }  (3 may still grow to 31)
 * parser.write("1}");           parser.value; // { name: "Alice", age: 31 }
 * parser.end();
 */
export class PartialJsonParser {
  private state = S_START;
  private readonly frames: Frame[] = [];
  private depth = 0;
  private top: Frame | undefined;

  private root: unknown = undefined;
  private rootStarted = false;
  private readonly rootPos: JsonPosition | undefined;
  /** Position of the value being read or about to start. */
  private valuePos: JsonPosition | undefined;
  /** The value being read goes into a hidden property slot. */
  private slotHidden = false;

  // The string being read (a key or a value).
  private str = "";
  /** The string is a property name: after an escape, reading goes on in S_KEY, not S_STRING. */
  private inKey = false;
  /** The string is shown while it grows (a visible, non-atomic value). */
  private strLive = false;
  /** Array index of a live string item. */
  private strIndex = 0;
  /** The string ends in a high surrogate whose partner has not arrived: hold it back from snapshots. */
  private heldHigh = false;
  /** Length of the live string as last shown. */
  private publishedLength = 0;
  /** Where the property name being read starts in this chunk; -1 when it began in an earlier one. */
  private keyStart = -1;
  private keyHash = 0;
  private hexLeft = 0;
  private hexValue = 0;

  private readonly number = new JsonNumberReader();

  private literal = "";
  private literalAt = 0;
  private literalValue: boolean | null = null;

  /** Code units before the current chunk, and extra UTF-8 bytes of the non-ASCII ones seen. */
  private consumed = 0;
  private extraBytes = 0;
  private failure: PartialJsonError | undefined;
  private changeCount = 0;

  private readonly maxDepth: number;

  constructor(options: PartialJsonOptions = {}) {
    this.rootPos = options.root;
    this.maxDepth = options.maxDepth ?? Infinity;
  }

  /**
   * The value as far as it has arrived: undefined until the root begins. It is built in place: the
   * same objects and arrays are returned each time and grow (see the module comment).
   */
  get value(): unknown {
    this.showGrownString();
    return this.root;
  }

  /** Counts visible changes: unchanged means `value` shows the same as last time. */
  get changes(): number {
    this.showGrownString();
    return this.changeCount;
  }

  /** Consume the next chunk. Throws {@link PartialJsonError} on malformed JSON (and on every call after). */
  write(chunk: string): void {
    if (this.failure) throw this.failure;
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      // The common transitions are inline; whitespace, the rare ones and errors go to structure().
      switch (this.state) {
        case S_STRING:
          i = this.readString(chunk, i);
          break;
        case S_KEY:
          i = this.readKey(chunk, i);
          break;
        case S_OBJ_NEXT:
          if (chunk.charCodeAt(i) === 0x2c /* , */) {
            this.state = S_OBJ_KEY;
            i++;
          } else i = this.structure(S_OBJ_NEXT, chunk, i);
          break;
        case S_OBJ_KEY:
          if (chunk.charCodeAt(i) === QUOTE) i = this.startKey(i);
          else i = this.structure(S_OBJ_KEY, chunk, i);
          break;
        case S_OBJ_COLON:
          if (chunk.charCodeAt(i) === 0x3a /* : */) {
            this.state = S_VALUE;
            i++;
          } else i = this.structure(S_OBJ_COLON, chunk, i);
          break;
        case S_ARR_NEXT:
          if (chunk.charCodeAt(i) === 0x2c) {
            this.state = S_VALUE;
            i++;
          } else i = this.structure(S_ARR_NEXT, chunk, i);
          break;
        case S_NUMBER:
          i = this.readNumber(chunk, i);
          break;
        case S_ESCAPE:
          i = this.readEscape(chunk, i);
          break;
        case S_UNICODE:
          i = this.readUnicode(chunk, i);
          break;
        case S_LITERAL:
          i = this.readLiteral(chunk, i);
          break;
        case S_FENCE: {
          const eol = chunk.indexOf("\n", i);
          if (eol === -1) {
            i = this.countBytes(chunk, i, n);
          } else {
            this.countBytes(chunk, i, eol);
            this.state = S_START;
            i = eol + 1;
          }
          break;
        }
        case S_PROSE:
          i = this.readProse(chunk, i);
          break;
        case S_AFTER:
          i = n;
          break;
        default:
          i = this.structure(this.state, chunk, i);
      }
    }
    this.consumed += n;
    // A property name that continues in the next chunk is read from `str` from now on.
    if (this.state === S_KEY) this.keyStart = -1;
  }

  /**
   * The text is over: completes a number at the root and checks that the root is complete. Throws
   * {@link PartialJsonError} when the text ends inside the value or holds none.
   */
  end(): void {
    if (this.failure) throw this.failure;
    if (this.state === S_NUMBER && this.depth === 0) this.finishNumber("", 0);
    if (this.state === S_AFTER) return;
    const reason = this.rootStarted ? "unexpected end of text inside the JSON value" : "no JSON value in the text";
    throw this.fail(reason, 0);
  }

  // --- structure -------------------------------------------------------------------------------

  /** One character in a state that expects structure; returns the next index. */
  private structure(state: number, chunk: string, i: number): number {
    const c = chunk.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i + 1;
    switch (state) {
      case S_START:
        if (c === 0x60 /* ` */) {
          this.state = S_FENCE;
          return i + 1;
        }
        if (!isValueStart(c)) {
          this.state = S_PROSE;
          return i;
        }
        return this.startValue(c, chunk, i);
      case S_VALUE:
        return this.startValue(c, chunk, i);
      case S_OBJ_FIRST:
        if (c === 0x7d /* } */) return this.closeContainer(i);
        if (c === QUOTE) return this.startKey(i);
        throw this.fail("expected a property name or '}'", i, chunk);
      case S_OBJ_KEY:
        if (c === QUOTE) return this.startKey(i);
        throw this.fail("expected a property name after ','", i, chunk);
      case S_OBJ_COLON:
        if (c === 0x3a /* : */) {
          this.state = S_VALUE;
          return i + 1;
        }
        throw this.fail("expected ':' after a property name", i, chunk);
      case S_OBJ_NEXT:
        if (c === 0x2c /* , */) {
          this.state = S_OBJ_KEY;
          return i + 1;
        }
        if (c === 0x7d) return this.closeContainer(i);
        throw this.fail("expected ',' or '}' after a property value", i, chunk);
      case S_ARR_FIRST:
        if (c === 0x5d /* ] */) return this.closeContainer(i);
        return this.startValue(c, chunk, i);
      default: // S_ARR_NEXT
        if (c === 0x2c) {
          this.state = S_VALUE;
          return i + 1;
        }
        if (c === 0x5d) return this.closeContainer(i);
        throw this.fail("expected ',' or ']' after an array item", i, chunk);
    }
  }

  /** A value begins with character `c` at `i`. */
  private startValue(c: number, chunk: string, i: number): number {
    const top = this.top;
    if (top === undefined) {
      this.rootStarted = true;
      this.valuePos = this.rootPos;
      this.slotHidden = false;
    } else if (top.isArray) {
      this.valuePos = top.pos?.item((top.container as unknown[]).length);
      this.slotHidden = false;
    } else {
      // valuePos was set when the key completed.
      this.slotHidden = this.valuePos?.hidden === true;
    }
    if ((c === 0x7b || c === 0x5b) && this.depth >= this.maxDepth) throw this.fail(`nesting deeper than ${this.maxDepth} levels`, i);
    switch (c) {
      case 0x7b /* { */: {
        const obj: Record<string, unknown> = {};
        if (this.valuePos?.whole === undefined) this.attach(obj);
        this.push(obj, false);
        this.state = S_OBJ_FIRST;
        return i + 1;
      }
      case 0x5b /* [ */: {
        const arr: unknown[] = [];
        if (this.valuePos?.whole === undefined) this.attach(arr);
        this.push(arr, true);
        this.state = S_ARR_FIRST;
        return i + 1;
      }
      case QUOTE:
        this.str = "";
        this.inKey = false;
        this.heldHigh = false;
        this.publishedLength = 0;
        this.strLive = !this.slotHidden && this.valuePos?.atomic !== true;
        if (this.strLive) {
          if (top?.isArray) this.strIndex = (top.container as unknown[]).length;
          this.attach("");
        }
        this.state = S_STRING;
        return i + 1;
      case 0x74 /* t */:
        return this.startLiteral("true", true, i);
      case 0x66 /* f */:
        return this.startLiteral("false", false, i);
      case 0x6e /* n */:
        return this.startLiteral("null", null, i);
      default:
        if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
          this.number.reset();
          this.state = S_NUMBER;
          return this.readNumber(chunk, i);
        }
        throw this.fail("expected a JSON value", i, chunk);
    }
  }

  private startKey(i: number): number {
    this.str = "";
    this.inKey = true;
    this.strLive = false;
    this.heldHigh = false;
    this.keyStart = i + 1;
    this.keyHash = 0;
    this.state = S_KEY;
    return i + 1;
  }

  private push(container: Container, isArray: boolean): void {
    const whole = this.valuePos?.whole;
    let frame = this.frames[this.depth];
    if (frame === undefined) {
      frame = { container, isArray, whole, slotHidden: this.slotHidden, key: "", pos: this.valuePos };
      this.frames.push(frame);
    } else {
      frame.container = container;
      frame.isArray = isArray;
      frame.whole = whole;
      frame.slotHidden = this.slotHidden;
      frame.key = "";
      frame.pos = this.valuePos;
    }
    this.depth++;
    this.top = frame;
  }

  private closeContainer(i: number): number {
    this.depth--;
    this.top = this.depth === 0 ? undefined : this.frames[this.depth - 1];
    const closed = this.frames[this.depth] as Frame;
    if (closed.whole !== undefined) {
      this.slotHidden = closed.slotHidden;
      this.attach(closed.whole(closed.container));
    }
    this.afterValue();
    return i + 1;
  }

  /** A value is complete: what may follow depends on the container it is in. */
  private afterValue(): void {
    const top = this.top;
    this.state = top === undefined ? S_AFTER : top.isArray ? S_ARR_NEXT : S_OBJ_NEXT;
  }

  /** Put a value that has begun (or, for scalars, completed) into its slot. */
  private attach(value: unknown): void {
    const top = this.top;
    if (top === undefined) this.root = value;
    else if (top.isArray) (top.container as unknown[]).push(value);
    else if (this.slotHidden) return;
    else setOwnKey(top.container as Record<string, unknown>, top.key, value);
    this.changeCount++;
  }

  // --- strings ---------------------------------------------------------------------------------

  private readString(chunk: string, i: number): number {
    const n = chunk.length;
    const start = i;
    let c = 0;
    for (; i < n; i++) {
      c = chunk.charCodeAt(i);
      if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
      if (c >= 0x80) this.extraBytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
    }
    if (i > start) {
      // A chunk wholly inside the string is appended as it is: slicing it would copy it, and every
      // copy is more for the garbage collector to move while the value grows (the 2 MB case).
      this.str += start === 0 && i === n ? chunk : chunk.slice(start, i);
      const last = chunk.charCodeAt(i - 1);
      this.heldHigh = last >= 0xd800 && last <= 0xdbff;
    }
    if (i === n) return i;
    if (c === QUOTE) {
      this.heldHigh = false;
      this.finishString();
      return i + 1;
    }
    if (c === BACKSLASH) {
      this.state = S_ESCAPE;
      return i + 1;
    }
    throw this.fail("unescaped control character in a string", i, chunk);
  }

  /**
   * A property name. Names repeat (every item of an array has the same keys), and storing a property
   * under a freshly sliced name costs V8 a string-table lookup each time (about 3x the cost of the
   * store itself), so names are looked up in a small cache by a hash computed while scanning; a hit
   * reuses the string already used as a key, and a name within one chunk is not even sliced.
   */
  private readKey(chunk: string, i: number): number {
    const n = chunk.length;
    const start = i;
    let hash = this.keyHash;
    let c = 0;
    for (; i < n; i++) {
      c = chunk.charCodeAt(i);
      if (c === QUOTE || c === BACKSLASH || c < 0x20) break;
      if (c >= 0x80) this.extraBytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    this.keyHash = hash;
    if (i === n) {
      this.str += chunk.slice(start, i);
      return i;
    }
    if (c === QUOTE) {
      const slot = hash & (KEY_CACHE_SIZE - 1);
      const cached = keyCache[slot];
      let key: string;
      if (this.keyStart === start && cached !== undefined && cached.length === i - start && chunk.startsWith(cached, start)) {
        key = cached;
      } else {
        key = this.keyStart === start ? chunk.slice(start, i) : this.str + chunk.slice(start, i);
        if (key === cached) key = cached;
        else keyCache[slot] = key = detached(key);
      }
      this.str = "";
      this.finishKey(key);
      return i + 1;
    }
    this.str += chunk.slice(start, i);
    this.keyStart = -1;
    if (c === BACKSLASH) {
      this.state = S_ESCAPE;
      return i + 1;
    }
    throw this.fail("unescaped control character in a property name", i, chunk);
  }

  private finishKey(key: string): void {
    const top = this.top as Frame;
    top.key = key;
    this.valuePos = top.pos?.property(key);
    this.state = S_OBJ_COLON;
  }

  private readEscape(chunk: string, i: number): number {
    const c = chunk.charCodeAt(i);
    if (c === 0x75 /* u */) {
      this.hexLeft = 4;
      this.hexValue = 0;
      this.state = S_UNICODE;
      return i + 1;
    }
    const char = ESCAPES[c];
    if (char === undefined) throw this.fail("invalid escape sequence in a string", i, chunk);
    this.str += char;
    this.heldHigh = false;
    this.state = this.inKey ? S_KEY : S_STRING;
    return i + 1;
  }

  private readUnicode(chunk: string, i: number): number {
    const n = chunk.length;
    while (i < n && this.hexLeft > 0) {
      const digit = hexDigit(chunk.charCodeAt(i));
      if (digit < 0) throw this.fail("expected 4 hex digits after \\u", i, chunk);
      this.hexValue = this.hexValue * 16 + digit;
      this.hexLeft--;
      i++;
    }
    if (this.hexLeft === 0) {
      const unit = this.hexValue;
      this.str += String.fromCharCode(unit);
      // A pair escaped as \ud83d\ude00 may be split across chunks: show neither half alone.
      this.heldHigh = unit >= 0xd800 && unit <= 0xdbff;
      this.state = this.inKey ? S_KEY : S_STRING;
    }
    return i;
  }

  private finishString(): void {
    const text = this.str;
    this.str = "";
    if (this.strLive) this.publish(text);
    else this.attach(text);
    this.afterValue();
  }

  /**
   * A live string that is still open is put into its slot when someone looks (`value`, `changes`),
   * not after every write: a caller that writes many small pieces (stream() writes one per SSE
   * event) and reads once per network chunk pays for one store, not one per piece.
   */
  private showGrownString(): void {
    if (this.failure === undefined && this.strLive && this.state >= S_STRING && this.state <= S_UNICODE) this.publishString();
  }

  /** Show the live string as far as it has arrived, if it grew since it was last shown. */
  private publishString(): void {
    const length = this.heldHigh ? this.str.length - 1 : this.str.length;
    if (length === this.publishedLength) return;
    this.publishedLength = length;
    this.publish(this.heldHigh ? this.str.slice(0, -1) : this.str);
  }

  /** Replace the live string in its slot (it was attached when it opened). */
  private publish(text: string): void {
    const top = this.top;
    if (top === undefined) this.root = text;
    else if (top.isArray) (top.container as unknown[])[this.strIndex] = text;
    else setOwnKey(top.container as Record<string, unknown>, top.key, text);
    this.changeCount++;
  }

  // --- numbers and literals --------------------------------------------------------------------

  private readNumber(chunk: string, i: number): number {
    const end = this.number.read(chunk, i);
    if (end < chunk.length) this.finishNumber(chunk, end);
    return end;
  }

  /** The number ended before `end` in `chunk` (a delimiter; or the end of the text, chunk ""). */
  private finishNumber(chunk: string, end: number): void {
    const value = this.number.finish(chunk, end);
    if (value === undefined) throw this.fail("incomplete number", end, chunk);
    this.attach(value);
    this.afterValue();
  }

  private startLiteral(literal: string, value: boolean | null, i: number): number {
    this.literal = literal;
    this.literalAt = 1;
    this.literalValue = value;
    this.state = S_LITERAL;
    return i + 1;
  }

  private readLiteral(chunk: string, i: number): number {
    const n = chunk.length;
    const literal = this.literal;
    while (i < n && this.literalAt < literal.length) {
      if (chunk.charCodeAt(i) !== literal.charCodeAt(this.literalAt)) {
        // A reply that starts with a word ("note: ...") is prose before the JSON, not a bad literal.
        if (this.depth === 0) {
          this.rootStarted = false;
          this.state = S_PROSE;
          return i;
        }
        throw this.fail(`expected '${literal}'`, i, chunk);
      }
      this.literalAt++;
      i++;
    }
    if (this.literalAt === literal.length) {
      const value = this.literalValue;
      if (!(value === null && this.valuePos?.nullHidden === true && this.top !== undefined && !this.top.isArray)) {
        this.attach(value);
      }
      this.afterValue();
    }
    return i;
  }

  // --- text before the root --------------------------------------------------------------------

  private readProse(chunk: string, i: number): number {
    const n = chunk.length;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x7b || c === 0x5b) {
        this.state = S_VALUE;
        return i;
      }
      if (c >= 0x80) this.extraBytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
    }
    return i;
  }

  /** Count the UTF-8 bytes of skipped text from `i` to `end`; returns `end`. */
  private countBytes(chunk: string, i: number, end: number): number {
    for (; i < end; i++) {
      const c = chunk.charCodeAt(i);
      if (c >= 0x80) this.extraBytes += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
    }
    return end;
  }

  private fail(reason: string, i: number, chunk?: string): PartialJsonError {
    const offset = this.consumed + i;
    const found = chunk === undefined ? "" : i < chunk.length ? `, found ${JSON.stringify(chunk[i])}` : "";
    this.failure = new PartialJsonError(reason + found, offset, offset + this.extraBytes);
    return this.failure;
  }
}

/**
 * The same text in a string of its own. A slice of a chunk may keep the whole chunk alive (V8
 * shares the storage), and the key cache outlives the parser: a key sliced out of a 10 MB reply
 * must not keep the reply. Flattening a fresh concatenation copies the characters.
 */
function detached(key: string): string {
  return ` ${key}`.slice(1);
}

function isValueStart(c: number): boolean {
  return (
    c === 0x7b || c === 0x5b || c === QUOTE || c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e
  );
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
