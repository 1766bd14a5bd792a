/**
 * Score text and score-range parsing with the C library rules Redis relies on, for the sorted-set
 * type and its commands.
 *
 * - `formatScore` is printf's `%.17g`, the text of a skiplist member's score in ZSCAN (a bulk string
 *   in both protocols, unlike the other replies, which go through reply.double).
 * - `listpackScoreText` is the text Redis 7.0 stores for a score in a listpack (and so replies in
 *   ZSCAN of a listpack): integral values up to 2^62 in full, anything else as `%.17g`. A stored
 *   -0 reads back as 0, which is why ZSet normalises -0 while it is compact.
 * - `parseRangeScore` is strtod as zslParseRange guards it: leading white space allowed, the whole
 *   argument consumed (strtod stops at a NUL byte, so text after one is ignored), NaN refused — but
 *   the empty string (0), overflow (±inf) and underflow (0) accepted, unlike ZADD's scores.
 *
 * Invariant: both are pure functions of their input.
 */

/** `%.17g` of a double: 17 significant digits, no trailing zeros, exponent form outside 1e-4..1e17. */
export function formatScore(score: number): string {
  if (score === Infinity) return 'inf';
  if (score === -Infinity) return '-inf';
  if (Number.isNaN(score)) return 'nan';
  if (score === 0) return Object.is(score, -0) ? '-0' : '0';
  const [mantissa, expText] = score.toExponential(16).split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 17) {
    const digits = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${stripZeros(mantissa)}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return stripZeros(score.toFixed(16 - exp));
}

/** Largest magnitude Redis prints as an integer in a listpack (its LLONG_MAX / 2 guard, as a double). */
const LISTPACK_INT_LIMIT = 2 ** 62;

/** The score text of a listpack entry (see the file comment). */
export function listpackScoreText(score: number): string {
  if (Number.isInteger(score) && Math.abs(score) <= LISTPACK_INT_LIMIT) {
    return Math.abs(score) < 2 ** 53 ? String(score + 0) : BigInt(score).toString();
  }
  return formatScore(score);
}

/** Drops the trailing zeros of a fraction, and the point when nothing is left after it. */
function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

const SPACE = /^[ \t\n\v\f\r]*/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * Parses one bound of a score range (without its `(`) as `strtod` + Redis's checks; null when Redis
 * replies `ERR min or max is not a float`.
 */
export function parseRangeScore(bytes: Buffer): number | null {
  let text = bytes.toString('latin1');
  const nul = text.indexOf('\0');
  if (nul >= 0) text = text.slice(0, nul);
  if (text.length === 0) return 0; // strtod converts nothing and leaves the end at the NUL
  text = text.slice(SPACE.exec(text)![0].length);
  if (DECIMAL.test(text)) return Number(text);
  if (INFINITY.test(text)) return text.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  const m = HEX.exec(text);
  if (m === null || m[2].length + (m[3] ?? '').length === 0) return null;
  // Hexadecimal floats are rare here; JS has no parser for them, so scale the digits by hand.
  const digits = m[2] + (m[3] ?? '');
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * (m[3] ?? '').length;
  const v = Number(BigInt('0x' + digits)) * 2 ** exp;
  return m[1] === '-' ? -v : v;
}
