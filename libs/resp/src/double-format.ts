/**
 * `formatDouble17g`: a double as C's `printf("%.17g")` prints it, which is what Redis 7.0 sends for
 * scores and other doubles (`0.1` → `0.10000000000000001`, `1e20` → `1e+20`, `-0` → `-0`).
 *
 * %.17g: round to 17 significant digits (ties to even, on the exact binary value), then use
 * fixed notation when the decimal exponent X satisfies -4 <= X < 17, else `d.ddde±XX`, and drop
 * trailing zeros. JavaScript's toExponential rounds ties away from zero, so ties (detectable as an
 * exact 18-digit expansion ending in 5) take an exact BigInt path. Infinities and NaN are spelled
 * `inf`, `-inf` and `nan`, as Redis spells them.
 */

/** Digits (17, or fewer when exact) and decimal exponent of a finite, non-zero |x|. */
interface Decimal {
  digits: string;
  exp10: number;
}

const DOUBLE_VIEW = new DataView(new ArrayBuffer(8));

/** Exact decimal expansion of |x| rounded to 17 significant digits, ties to even (cold path). */
function exactRound17(x: number): Decimal {
  DOUBLE_VIEW.setFloat64(0, Math.abs(x));
  const hi = DOUBLE_VIEW.getUint32(0);
  const lo = DOUBLE_VIEW.getUint32(4);
  const biased = hi >>> 20;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074;
  } else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  // |x| = mant * 2^exp2 = D * 10^scale with D an integer.
  let digits: string;
  let scale: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    scale = 0;
  } else {
    digits = (mant * 5n ** BigInt(-exp2)).toString();
    scale = exp2;
  }
  let exp10 = digits.length - 1 + scale;
  if (digits.length > 17) {
    const rest = digits.slice(17);
    let head = digits.slice(0, 17);
    const half = '5' + '0'.repeat(rest.length - 1);
    const up = rest > half || (rest === half && (head.charCodeAt(16) & 1) === 1);
    if (up) {
      const bumped = (BigInt(head) + 1n).toString();
      if (bumped.length > 17) exp10++;
      head = bumped.slice(0, 17);
    }
    digits = head;
  }
  return { digits, exp10 };
}

/** 17 significant digits of a finite, non-zero |x| through the engine's correctly rounded path. */
function round17(x: number): Decimal {
  const a = Math.abs(x);
  const wide = a.toExponential(17);
  // An 18-digit form ending in 5 may be an exact tie, which toExponential would round up.
  if (wide.charCodeAt(18) === 0x35) return exactRound17(a);
  const s = a.toExponential(16);
  const e = s.indexOf('e');
  return { digits: s[0] + s.slice(2, e), exp10: Number(s.slice(e + 1)) };
}

/** Formats x exactly as C's `%.17g` does (with Redis's `inf`/`-inf`/`nan`). */
export function formatDouble17g(x: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // Integers below 10^16 print in full in both notations: the common case of scores and counters.
  if (Number.isInteger(x) && x < 1e16 && x > -1e16) return String(x);
  const { digits: raw, exp10 } = round17(x);
  let n = raw.length;
  while (n > 1 && raw.charCodeAt(n - 1) === 0x30) n--;
  const digits = raw.slice(0, n);
  const sign = x < 0 ? '-' : '';
  if (exp10 < -4 || exp10 >= 17) {
    const mantissa = n > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const e = exp10 < 0 ? -exp10 : exp10;
    return sign + mantissa + (exp10 < 0 ? 'e-' : 'e+') + (e < 10 ? '0' + e : String(e));
  }
  if (exp10 < 0) return sign + '0.' + '0'.repeat(-exp10 - 1) + digits;
  if (n <= exp10 + 1) return sign + digits + '0'.repeat(exp10 + 1 - n);
  return sign + digits.slice(0, exp10 + 1) + '.' + digits.slice(exp10 + 1);
}
