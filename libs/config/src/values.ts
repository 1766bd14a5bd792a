/*
 * Parsers for the plain value kinds: yes/no, integers with bounds, memory sizes with units, enums
 * and free strings. Each returns the canonical CONFIG GET text plus a number, or Redis 7.0's exact
 * error message (without the `ERR CONFIG SET failed (…) - ` prefix, which the caller adds).
 *
 * Bounds are bigint because several parameters are bounded by 2^63-1, which a double cannot hold;
 * the stored `num` is a double, exact up to 2^53, which is plenty for every real setting.
 */
import type { ParseResult } from './types';

export const INT_MAX = 2147483647n;
export const INT_MIN = -2147483648n;
export const UINT_MAX = 4294967295n;
export const LLONG_MAX = 9223372036854775807n;

export const ERR_BOOL = "argument must be 'yes' or 'no'";
export const ERR_INT = "argument couldn't be parsed into an integer";
export const ERR_MEMORY = 'argument must be a memory value';

// Redis's strict integer syntax: no sign other than '-', no leading zeros, no spaces.
const STRICT_INT = /^(?:0|-?[1-9][0-9]*)$/;
// Memory values are looser in 7.0: leading zeros and an empty number ("" or "k") are accepted as 0.
const MEMORY = /^([0-9]*)(b|k|kb|m|mb|g|gb)?$/i;
const UNIT_MULTIPLIER: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

export function rangeError(min: bigint, max: bigint): string {
  return `argument must be between ${min} and ${max} inclusive`;
}

export function parseBool(raw: string): ParseResult {
  const v = raw.toLowerCase();
  if (v === 'yes') return { text: 'yes', num: 1 };
  if (v === 'no') return { text: 'no', num: 0 };
  return ERR_BOOL;
}

export function parseInt64(raw: string, min: bigint, max: bigint): ParseResult {
  if (!STRICT_INT.test(raw) || raw.length > 20) return ERR_INT;
  const n = BigInt(raw);
  if (n > LLONG_MAX || n < -LLONG_MAX - 1n) return ERR_INT;
  if (n < min || n > max) return rangeError(min, max);
  return { text: n.toString(), num: Number(n) };
}

/** Bytes from `1gb`, `10k`, `512`; the CONFIG GET form is the plain byte count. */
export function parseMemory(raw: string, min: bigint, max: bigint): ParseResult {
  const m = MEMORY.exec(raw);
  if (m === null) return ERR_MEMORY;
  const bytes = (m[1] === '' ? 0n : BigInt(m[1])) * UNIT_MULTIPLIER[(m[2] ?? '').toLowerCase()];
  if (bytes < min || bytes > max) return rangeError(min, max);
  return { text: bytes.toString(), num: Number(bytes) };
}

/** Case-insensitive; `num` is the index in `values`, the text the canonical lower-case spelling. */
export function parseEnum(raw: string, values: readonly string[]): ParseResult {
  const v = raw.toLowerCase();
  const i = values.indexOf(v);
  if (i >= 0) return { text: values[i], num: i };
  return `argument(s) must be one of the following: ${values.join(', ')}`;
}

export function parseString(raw: string): ParseResult {
  return { text: raw, num: 0 };
}
