/**
 * Strict parsing of command arguments, with the rules Redis 7.0 applies to them.
 *
 * Integers follow Redis's string2ll: optional `-`, then `0` alone or a digit 1-9 followed by digits,
 * within signed 64 bits. Refused: empty, spaces anywhere, `+`, leading zeros, `-0`, trailing bytes.
 *
 * Doubles follow strtod as Redis guards it: no leading space, the whole argument consumed, decimal
 * (`1`, `.5`, `5.`, `1e-3`), hexadecimal (`0x1p3`, `0x.8`) or `inf`/`infinity` in any case with an
 * optional sign; `nan` refused; a finite literal that overflows to infinity or underflows to zero
 * refused (denormals are accepted, as strtod returns them).
 *
 * Design of the integer API: the common case (counts, TTLs, INCR deltas) fits in a JS number, so
 * `parseLongLong` returns a number when the value is a safe integer (|v| ≤ 2^53 − 1) and a bigint
 * only beyond that; callers that need the full 64-bit range exactly take the bigint branch or call
 * `parseInt64`. Nothing here allocates on the fast path: ≤ 15 digits are accumulated directly.
 */

const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Longest decimal text of a signed 64-bit integer: `-9223372036854775808`. */
const MAX_INT64_CHARS = 20;

/**
 * Parses a signed 64-bit integer with string2ll's strictness. Returns a number when the value is a
 * safe integer, a bigint when it is in the int64 range but not safe, and null when it is not an
 * integer Redis would accept.
 */
export function parseLongLong(buf: Buffer): number | bigint | null {
  const n = buf.length;
  if (n === 0 || n > MAX_INT64_CHARS) return null;
  let i = 0;
  const negative = buf[0] === MINUS;
  if (negative) {
    i = 1;
    if (n === 1) return null;
  }
  const first = buf[i];
  if (first === ZERO) return n === 1 ? 0 : null;
  if (first < ZERO + 1 || first > NINE) return null;
  const digits = n - i;
  if (digits <= 15) {
    // At most 15 digits cannot exceed 2^53, so plain arithmetic is exact.
    let v = 0;
    for (; i < n; i++) {
      const c = buf[i];
      if (c < ZERO || c > NINE) return null;
      v = v * 10 + (c - ZERO);
    }
    return negative ? -v : v;
  }
  for (let j = i; j < n; j++) {
    const c = buf[j];
    if (c < ZERO || c > NINE) return null;
  }
  const big = BigInt(buf.toString('latin1'));
  if (big < INT64_MIN || big > INT64_MAX) return null;
  return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
}

/**
 * `a + b` with Redis's 64-bit overflow rule (INCRBY, HINCRBY): a number while the sum is a safe
 * integer, a bigint beyond, null when it leaves the signed 64-bit range.
 */
export function addLongLong(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === 'number' && typeof b === 'number' && Number.isSafeInteger(a + b)) return a + b;
  const sum = BigInt(a) + BigInt(b);
  return sum < INT64_MIN || sum > INT64_MAX ? null : sum;
}

/** parseLongLong with the result always a bigint (for callers doing exact 64-bit arithmetic). */
export function parseInt64(buf: Buffer): bigint | null {
  const v = parseLongLong(buf);
  return v === null ? null : BigInt(v);
}

/**
 * parseLongLong restricted to safe integers: null when invalid or when |v| > 2^53 − 1. For
 * arguments whose useful range is far below that (counts, indexes, database numbers) — but note
 * Redis accepts the whole int64 range for most of them, so only use this where a value past 2^53
 * would be refused anyway or is clamped by the caller.
 */
export function parseSafeInteger(buf: Buffer): number | null {
  const v = parseLongLong(buf);
  return typeof v === 'number' ? v : null;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const NONZERO_DIGIT = /[1-9]/;

/**
 * Parses a double as Redis's getDoubleFromObject does (see the file comment); null when Redis
 * would reply `ERR value is not a valid float`.
 */
export function parseDouble(buf: Buffer): number | null {
  // strtod would stop at a NUL; Redis then sees unconsumed length and refuses, as we do here.
  if (buf.length === 0 || buf.length > 5 * 1024) return null;
  const text = buf.toString('latin1');
  if (DECIMAL.test(text)) {
    // JS number parsing of this grammar is correctly rounded, as glibc's strtod is.
    const v = Number(text);
    if (v === Infinity || v === -Infinity) return null;
    if (v === 0 && NONZERO_DIGIT.test(mantissaOf(text))) return null;
    return v;
  }
  if (INFINITY.test(text)) return text.charCodeAt(0) === MINUS ? -Infinity : Infinity;
  return parseHexDouble(text);
}

/** The digits before any exponent: an underflow test must ignore digits of the exponent. */
function mantissaOf(text: string): string {
  const e = text.search(/[eE]/);
  return e < 0 ? text : text.slice(0, e);
}

/**
 * Hexadecimal floating point (`0x1.8p3`), which strtod accepts. Rare in practice, so it is exact
 * but not fast: the mantissa is held as a bigint and rounded once to 53 bits.
 */
function parseHexDouble(text: string): number | null {
  const m = HEX.exec(text);
  if (m === null) return null;
  const intDigits = m[2];
  const fracDigits = m[3] ?? '';
  if (intDigits.length + fracDigits.length === 0) return null;
  let mantissa = BigInt('0x0' + intDigits + fracDigits);
  let exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * fracDigits.length;
  const negative = m[1] === '-';
  if (mantissa === 0n) return negative ? -0 : 0;
  // Keep 53 significant bits plus guard bits for a single round-half-even step.
  const bits = mantissa.toString(2).length;
  if (bits > 53) {
    const shift = BigInt(bits - 53);
    const rem = mantissa & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    mantissa >>= shift;
    if (rem > half || (rem === half && (mantissa & 1n) === 1n)) mantissa += 1n;
    exp += bits - 53;
  }
  // Two steps so that 2^exp itself never overflows or underflows before the product does.
  const half1 = Math.trunc(exp / 2);
  const v = Number(mantissa) * 2 ** half1 * 2 ** (exp - half1);
  if (v === Infinity || v === 0) return null;
  return negative ? -v : v;
}

/**
 * Walks one command's arguments left to right (mini-redis's Parse): handlers read positional
 * arguments and options without indexing by hand. Reuse one cursor with `reset` on hot paths.
 */
export class ArgCursor {
  argv: readonly Buffer[];
  pos: number;

  constructor(argv: readonly Buffer[] = [], start = 1) {
    this.argv = argv;
    this.pos = start;
  }

  /** Points the cursor at a new argument vector, at `start` (1 skips the command name). */
  reset(argv: readonly Buffer[], start = 1): this {
    this.argv = argv;
    this.pos = start;
    return this;
  }

  /** Arguments not consumed yet. */
  remaining(): number {
    return this.argv.length - this.pos;
  }

  /** The next argument, or undefined at the end. */
  next(): Buffer | undefined {
    return this.pos < this.argv.length ? this.argv[this.pos++] : undefined;
  }

  /** The next argument as a lower-cased ASCII string (option names), or undefined at the end. */
  nextLower(): string | undefined {
    const b = this.next();
    return b === undefined ? undefined : b.toString('latin1').toLowerCase();
  }

  /** The next argument parsed with parseLongLong; null when missing or invalid. */
  nextLongLong(): number | bigint | null {
    const b = this.next();
    return b === undefined ? null : parseLongLong(b);
  }

  /** The next argument parsed with parseDouble; null when missing or invalid. */
  nextDouble(): number | null {
    const b = this.next();
    return b === undefined ? null : parseDouble(b);
  }

  /** True when every argument has been consumed (handlers reply a syntax error otherwise). */
  done(): boolean {
    return this.pos >= this.argv.length;
  }
}

/** Case-insensitive ASCII comparison of an argument with a lower-case option name, no allocation. */
export function argIs(arg: Buffer, lowerName: string): boolean {
  const n = arg.length;
  if (n !== lowerName.length) return false;
  for (let i = 0; i < n; i++) {
    let c = arg[i];
    if (c >= 0x41 && c <= 0x5a) c += 32;
    if (c !== lowerName.charCodeAt(i)) return false;
  }
  return true;
}
