/**
 * What listpack and ziplist readers have in common: a cursor over the entries of one blob, each
 * entry either an integer or a byte range of the blob. Value readers walk either kind through this
 * interface and take each entry as bytes (list items, members, fields) or as a score.
 */
import { RdbError } from './errors';
import type { ValueSlab } from './value-slab';

export interface PackedEntries {
  /** Moves to the next entry; false at the end (after checking the end is where it must be). */
  next(): boolean;
  /** The current entry as a Buffer the caller owns (integers as decimal text). */
  bytes(): Buffer;
  /** The current entry as a latin1 string (integers as decimal text). */
  latin1(): string;
  /** The current entry as a sorted-set score. */
  score(): number;
}

/** One decoded entry; the readers keep one and overwrite it, so walking allocates nothing. */
export class PackedEntry {
  /** True: the entry is the integer `int` (or `big` when beyond 2^53). False: blob[start, start+length). */
  isInt = false;
  int = 0;
  big: bigint | null = null;
  start = 0;
  length = 0;

  setInt(value: number): void {
    this.isInt = true;
    this.int = value;
    this.big = null;
  }

  setBig(value: bigint): void {
    if (value >= -9007199254740991n && value <= 9007199254740991n) {
      this.setInt(Number(value));
      return;
    }
    this.isInt = true;
    this.big = value;
  }

  setBytes(start: number, length: number): void {
    this.isInt = false;
    this.start = start;
    this.length = length;
  }

  bytes(blob: Buffer, values: ValueSlab): Buffer {
    if (this.isInt) return values.decimal(this.big ?? this.int);
    return values.copy(blob, this.start, this.length);
  }

  latin1(blob: Buffer): string {
    if (this.isInt) return String(this.big ?? this.int);
    return blob.toString('latin1', this.start, this.start + this.length);
  }

  score(blob: Buffer, what: string): number {
    if (this.isInt) return this.big === null ? this.int : Number(this.big);
    return parseScore(blob, this.start, this.length, what);
  }
}

const INFINITY_WORDS = new Set(['inf', '+inf', 'infinity', '+infinity']);
const NEG_INFINITY_WORDS = new Set(['-inf', '-infinity']);

/**
 * A score stored as text (ZSET type 3, listpack and ziplist sorted sets): decimal or exponent
 * notation, or inf/-inf as Redis writes them. NaN, an empty text and anything else is corrupt.
 */
export function parseScore(blob: Buffer, start: number, length: number, what: string): number {
  const text = blob.toString('latin1', start, start + length);
  const value = length === 0 ? NaN : Number(text);
  if (!Number.isNaN(value)) return value;
  const word = text.toLowerCase();
  if (INFINITY_WORDS.has(word)) return Infinity;
  if (NEG_INFINITY_WORDS.has(word)) return -Infinity;
  throw new RdbError('corrupt', `${what}: score ${JSON.stringify(text)} is not a number`);
}
