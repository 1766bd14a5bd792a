/**
 * Exact emulation of the x87 80-bit `long double` arithmetic INCRBYFLOAT (and later HINCRBYFLOAT)
 * performs in Redis: parse with strtold's rules, add with one rounding to a 64-bit significand, and
 * print with "%.17Lf" with trailing zeros trimmed. A JS double would print `10.5 + 0.1` as
 * `10.6` too, but it differs from Redis wherever the 11 extra significand bits matter (e.g.
 * `1e20 + 0.1`) and it cannot hold `1e400`, which long double can.
 *
 * Values are held as sign × significand × 2^exponent with bigint significands; this is slow next to
 * native floats, but INCRBYFLOAT is not a hot path.
 *
 * Invariant: every finite value held here is exactly representable as an 80-bit long double
 * (significand < 2^64, exponent within the format's range, denormals included).
 */

/** A finite long double: (neg ? -1 : 1) × m × 2^e. */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

const PRECISION = 64n;
/** Exponent of the least significant bit of the smallest denormal: 2^-16445. */
const MIN_EXP = -16445;
/** Values at or above 2^16384 overflow to infinity. */
const MAX_BINARY_EXP = 16384;
/** Decimal exponents beyond these bounds are certain overflow / underflow (saves huge bigints). */
const MAX_DEC_EXP = 4940;
const MIN_DEC_EXP = -4960;

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/**
 * Rounds num/den (positive rationals, den > 0) to the nearest long double, ties to even.
 * Returns null on overflow to infinity.
 */
function roundRational(neg: boolean, num: bigint, den: bigint): LongDouble | null {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  let e = bitLength(num) - bitLength(den) - Number(PRECISION);
  if (e < MIN_EXP) e = MIN_EXP;
  for (;;) {
    const scaledNum = e >= 0 ? num : num << BigInt(-e);
    const scaledDen = e >= 0 ? den << BigInt(e) : den;
    let m = scaledNum / scaledDen;
    if (m >= 1n << PRECISION) {
      e++;
      continue;
    }
    const rem = scaledNum - m * scaledDen;
    const twice = rem * 2n;
    if (twice > scaledDen || (twice === scaledDen && (m & 1n) === 1n)) m += 1n;
    if (m === 1n << PRECISION) {
      m >>= 1n;
      e++;
    }
    if (bitLength(m) + e > MAX_BINARY_EXP) return null;
    return { neg, m, e };
  }
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/**
 * Parses like Redis's string2ld: the whole text, no leading space, no nan; finite literals that
 * overflow or underflow to zero are refused. Returns the value, `Infinity`/`-Infinity` for the inf
 * literals, or null when Redis would reply `ERR value is not a valid float`.
 */
export function parseLongDouble(buf: Buffer): LongDouble | number | null {
  if (buf.length === 0 || buf.length > 5 * 1024) return null;
  const text = buf.toString('latin1');
  if (INFINITY.test(text)) return text.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  let m = DECIMAL.exec(text);
  if (m !== null) {
    const intDigits = m[2];
    const frac = m[3] ?? '';
    if (intDigits.length + frac.length === 0) return null;
    const digits = BigInt((intDigits + frac).replace(/^0+/, '') || '0');
    if (digits === 0n) return { neg: m[1] === '-', m: 0n, e: 0 };
    const exp10 = (m[4] === undefined ? 0 : Number(m[4])) - frac.length;
    const magnitude = exp10 + digits.toString().length;
    if (magnitude > MAX_DEC_EXP) return null;
    if (magnitude < MIN_DEC_EXP) return null;
    const r =
      exp10 >= 0
        ? roundRational(m[1] === '-', digits * 10n ** BigInt(exp10), 1n)
        : roundRational(m[1] === '-', digits, 10n ** BigInt(-exp10));
    return r === null || r.m === 0n ? null : r;
  }
  m = HEX.exec(text);
  if (m === null) return null;
  const frac = m[3] ?? '';
  if (m[2].length + frac.length === 0) return null;
  const sig = BigInt('0x0' + m[2] + frac);
  if (sig === 0n) return { neg: m[1] === '-', m: 0n, e: 0 };
  const exp2 = (m[4] === undefined ? 0 : Number(m[4])) - 4 * frac.length;
  const magnitude = exp2 + bitLength(sig);
  if (magnitude > MAX_BINARY_EXP + 1 || magnitude < MIN_EXP - 2) return null;
  const r = exp2 >= 0 ? roundRational(m[1] === '-', sig << BigInt(exp2), 1n) : roundRational(m[1] === '-', sig, 1n << BigInt(-exp2));
  return r === null || r.m === 0n ? null : r;
}

/** The long double nearest to an int64 (INCRBYFLOAT on an integer-looking value). */
export function longDoubleFromBigInt(v: bigint): LongDouble {
  return roundRational(v < 0n, v < 0n ? -v : v, 1n)!;
}

/** a + b rounded once to long double; null when the sum overflows to infinity. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  const e = Math.min(a.e, b.e);
  const av = a.m << BigInt(a.e - e);
  const bv = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  const neg = sum < 0n;
  const mag = neg ? -sum : sum;
  if (mag === 0n) return { neg: false, m: 0n, e: 0 };
  return e >= 0 ? roundRational(neg, mag << BigInt(e), 1n) : roundRational(neg, mag, 1n << BigInt(-e));
}

const FRACTION_DIGITS = 17n;
const SCALE = 10n ** FRACTION_DIGITS;

/**
 * Formats as Redis's human long double form: "%.17Lf" (exact binary value, rounded half-even to 17
 * decimals as glibc does), then trailing zeros and a trailing dot removed, and "-0" written "0".
 */
export function formatLongDouble(v: LongDouble): string {
  let scaled: bigint;
  if (v.e >= 0) {
    scaled = (v.m << BigInt(v.e)) * SCALE;
  } else {
    const den = 1n << BigInt(-v.e);
    const num = v.m * SCALE;
    scaled = num / den;
    const twice = (num - scaled * den) * 2n;
    if (twice > den || (twice === den && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const intPart = (scaled / SCALE).toString();
  const frac = (scaled % SCALE).toString().padStart(17, '0').replace(/0+$/, '');
  const out = frac.length === 0 ? intPart : `${intPart}.${frac}`;
  return v.neg && out !== '0' ? '-' + out : out;
}
