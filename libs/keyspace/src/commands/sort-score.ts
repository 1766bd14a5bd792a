/**
 * SORT's numeric reading of an element (or of its BY value): C's strtod over the whole string, with
 * the rules Redis 7.0 applies to the result. Accepted: leading white space, decimal and hexadecimal
 * floats, `inf`/`infinity`; the empty string reads as 0. Refused (SORT then answers "One or more
 * scores can't be converted into double"): trailing bytes, NaN, and values strtod reports as out of
 * range — overflow to ±inf and underflow to a subnormal or zero.
 *
 * Not reproduced: Redis reads errno without clearing it, so after one out-of-range value in a
 * pipeline a later valid SORT may fail too; here each value is judged alone. Like strtod, parsing
 * stops at a NUL byte.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;
/** strtod's isspace set: space, \t, \n, \v, \f, \r. */
const LEADING_SPACE = /^[ \t\n\v\f\r]+/;

/** The smallest positive normal double: below it strtod reports ERANGE (underflow). */
const MIN_NORMAL = 2.2250738585072014e-308;

/** The double SORT compares for `bytes`, or null when Redis would refuse the value. */
export function sortScore(bytes: Buffer): number | null {
  const nul = bytes.indexOf(0);
  const raw = (nul === -1 ? bytes : bytes.subarray(0, nul)).toString('latin1');
  // strtod converts nothing in an empty string and stops at its end: score 0, no error.
  if (raw.length === 0) return 0;
  const text = raw.replace(LEADING_SPACE, '');
  let value: number;
  if (DECIMAL.test(text)) {
    value = Number(text);
  } else {
    const inf = INFINITY.exec(text);
    if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
    const hex = HEX.exec(text);
    if (hex === null || (hex[2] === '' && (hex[3] ?? '') === '')) return null;
    value = hexFloat(hex[1] === '-', hex[2], hex[3] ?? '', hex[4] === undefined ? 0 : Number(hex[4]));
  }
  if (!Number.isFinite(value)) return null;
  if (value !== 0 && Math.abs(value) < MIN_NORMAL) return null;
  if (value === 0 && /[1-9a-fA-F]/.test(mantissaDigits(text))) return null;
  return value;
}

/** The mantissa digits of a number's text (before any exponent), to tell 0 from an underflow. */
function mantissaDigits(text: string): string {
  const isHex = /^[+-]?0[xX]/.test(text);
  const body = isHex ? text.replace(/^[+-]?0[xX]/, '') : text;
  const cut = body.search(isHex ? /[pP]/ : /[eE]/);
  const mantissa = cut === -1 ? body : body.slice(0, cut);
  return isHex ? mantissa : mantissa.replace(/[a-fA-F]/g, '');
}

/** A hexadecimal float: integer and fraction hex digits, then a binary exponent. */
function hexFloat(negative: boolean, int: string, frac: string, exp: number): number {
  let v = 0;
  for (const d of int) v = v * 16 + parseInt(d, 16);
  let scale = 1 / 16;
  for (const d of frac) {
    v += parseInt(d, 16) * scale;
    scale /= 16;
  }
  const r = v * 2 ** exp;
  return negative ? -r : r;
}
