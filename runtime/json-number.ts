/**
 * One JSON number read across chunks, for the partial JSON parser (#5): the grammar of RFC 8259 §6,
 * `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, as a small automaton, and the value computed from the
 * digits as they pass.
 *
 * A significand of at most 15 digits is exact in a double, and so is 10^k for k <= 22, so one
 * multiplication or division by 10^k rounds correctly (Clinger's fast path) and gives exactly what
 * `Number(text)` gives; most numbers in replies never need their text. Others fall back to
 * `Number(text)`, so the text is kept across chunks.
 */

// Automaton states; COMPLETE marks those where the number may end.
const START = 0;
const MINUS = 1;
const ZERO = 2;
const INT = 3;
const DOT = 4;
const FRAC = 5;
const E = 6;
const E_SIGN = 7;
const EXP = 8;
const COMPLETE: readonly boolean[] = [false, false, true, true, false, true, false, false, true];

/** Powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export class JsonNumberReader {
  private state = START;
  private negative = false;
  private significand = 0;
  private digits = 0;
  private fractionDigits = 0;
  private exponent = 0;
  private exponentNegative = false;
  /** The number's text from earlier chunks. */
  private text = "";
  /** Where the number's text starts in the current chunk. */
  private from = 0;

  /** A number begins. */
  reset(): void {
    this.state = START;
    this.negative = false;
    this.significand = 0;
    this.digits = 0;
    this.fractionDigits = 0;
    this.exponent = 0;
    this.exponentNegative = false;
    this.text = "";
  }

  /**
   * Read number characters of `chunk` from `i`; returns the index of the first character that is
   * not part of the number (then call `finish`), or `chunk.length` when the number may go on.
   */
  read(chunk: string, i: number): number {
    const n = chunk.length;
    this.from = i;
    let state = this.state;
    for (; i < n; i++) {
      const c = chunk.charCodeAt(i);
      const digit = c - 0x30;
      const isDigit = digit >= 0 && digit <= 9;
      let next = -1;
      switch (state) {
        case START:
          if (c === 0x2d /* - */) {
            this.negative = true;
            next = MINUS;
          } else if (isDigit) next = digit === 0 ? ZERO : INT;
          break;
        case MINUS:
          if (isDigit) next = digit === 0 ? ZERO : INT;
          break;
        case ZERO:
          if (c === 0x2e /* . */) next = DOT;
          else if (c === 0x65 || c === 0x45 /* e E */) next = E;
          break;
        case INT:
          if (isDigit) next = INT;
          else if (c === 0x2e) next = DOT;
          else if (c === 0x65 || c === 0x45) next = E;
          break;
        case DOT:
          if (isDigit) next = FRAC;
          break;
        case FRAC:
          if (isDigit) next = FRAC;
          else if (c === 0x65 || c === 0x45) next = E;
          break;
        case E:
          if (isDigit) next = EXP;
          else if (c === 0x2b || c === 0x2d /* + - */) {
            this.exponentNegative = c === 0x2d;
            next = E_SIGN;
          }
          break;
        default: // E_SIGN, EXP
          if (isDigit) next = EXP;
      }
      if (next === -1) break;
      if (isDigit) {
        if (next === EXP) {
          // Past 1e6 the value is 0 or Infinity either way; the text decides.
          if (this.exponent < 1e6) this.exponent = this.exponent * 10 + digit;
        } else {
          this.significand = this.significand * 10 + digit;
          this.digits++;
          if (next === FRAC) this.fractionDigits++;
        }
      }
      state = next;
    }
    this.state = state;
    if (i === n) this.text += chunk.slice(this.from, n);
    return i;
  }

  /**
   * The number ended before `end` in `chunk` (pass "" and 0 at the end of the text): its value, or
   * undefined when what was read is not a complete number (`-`, `1.`, `1e+`).
   */
  finish(chunk: string, end: number): number | undefined {
    if (!COMPLETE[this.state]) return undefined;
    const exponent = (this.exponentNegative ? -this.exponent : this.exponent) - this.fractionDigits;
    if (this.digits <= 15 && exponent >= -22 && exponent <= 22) {
      const magnitude = exponent >= 0 ? this.significand * (POW10[exponent] as number) : this.significand / (POW10[-exponent] as number);
      return this.negative ? -magnitude : magnitude;
    }
    return Number(this.text + chunk.slice(this.from, end));
  }
}
