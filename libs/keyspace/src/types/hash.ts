/**
 * The hash value: field → value in one insertion-ordered Map.
 *
 * Fields are latin1 strings (one char per byte, binary-safe: convert with keyBytes/keyOf at the
 * reply and argument boundary); values are owned Buffers (never parser views).
 *
 * Encoding: Redis 7.0 holds a small hash as a listpack (insertion order, which HGETALL/HKEYS/HSCAN
 * then show) and converts it, one way, to a hashtable once it has more than
 * hash-max-listpack-entries fields or a field or value longer than hash-max-listpack-value bytes is
 * written. The storage here is the same Map in both cases; only the reported encoding, HSCAN's
 * one-call rule for listpacks and MEMORY USAGE follow the flag.
 *
 * Values may be overwritten in place (setBytes), so no value Buffer is ever shared outside the
 * hash beyond the command that read it: clone copies them, and a reply that queues one by
 * reference marks it lent (lent.ts), which setBytes respects.
 *
 * Invariants: change `fields` only through set/setBytes/delete (they keep `deletions`, which HSCAN
 * cursors rely on, and the encoding flag); a stored hash is never empty (the handler deletes the
 * key).
 */
import { isLent } from '../lent';
import { ownBytes } from '../values';
import { jemallocSize, sdsAllocation } from './allocation';
import { CollectionValue, type EncodingLimits } from './collection';

export class HashValue extends CollectionValue {
  readonly type = 'hash' as const;
  /** field → value, in insertion order (an overwrite keeps the field's place). */
  readonly fields: Map<string, Buffer>;
  /** Fields removed so far (HSCAN resumes cursors with it; see scan-cursor.ts). */
  deletions: number;
  /** True while Redis would still hold this hash as a listpack (see the file comment). */
  private compact: boolean;

  constructor() {
    super();
    this.fields = new Map();
    this.deletions = 0;
    this.compact = true;
  }

  get size(): number {
    return this.fields.size;
  }

  encoding(): string {
    return this.compact ? 'listpack' : 'hashtable';
  }

  /** True while the encoding is listpack (HSCAN then returns everything in one call). */
  isCompact(): boolean {
    return this.compact;
  }

  get(field: string): Buffer | undefined {
    return this.fields.get(field);
  }

  /**
   * Sets a field (the value must be owned); true when the field is new. Converts to hashtable as
   * Redis does: before writing a field or value over the length limit, after growing past the
   * entry limit.
   */
  set(field: string, value: Buffer, limits: EncodingLimits): boolean {
    if (this.compact && (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)) {
      this.compact = false;
    }
    const size = this.fields.size;
    this.fields.set(field, value);
    const added = this.fields.size !== size;
    if (added && this.compact && this.fields.size > limits.hashMaxListpackEntries) this.compact = false;
    return added;
  }

  /**
   * HSET's store: the field takes the bytes of `view` (a parser view, copied here). A current value
   * of the same length that no pending reply references is overwritten in place: an overwrite-heavy
   * load then allocates no Buffer for V8 to promote to the old generation (the same reasoning as
   * SET's in-place write). Same length means the listpack length rule cannot change, and the field
   * exists, so neither can the entry count. Returns true when the field is new.
   */
  setBytes(field: string, view: Buffer, limits: EncodingLimits): boolean {
    const current = this.fields.get(field);
    if (current !== undefined && current.length === view.length && view.length !== 0 && !isLent(current)) {
      current.set(view);
      return false;
    }
    return this.set(field, ownBytes(view), limits);
  }

  /** Removes a field; true when it existed. */
  delete(field: string): boolean {
    if (!this.fields.delete(field)) return false;
    this.deletions++;
    return true;
  }

  clone(): HashValue {
    const copy = new HashValue();
    // Copied, not shared: setBytes may overwrite a value in place.
    for (const [f, v] of this.fields) copy.fields.set(f, ownBytes(v));
    copy.compact = this.compact;
    return copy;
  }

  /**
   * MEMORY USAGE of the value (without the key), as Redis 7.0 estimates it: for a listpack the
   * object header plus the listpack's allocation; for a hashtable the dict and its bucket array
   * plus the average cost of the first `samples` fields (0 = all) times the size. Approximate for
   * a hashtable: Redis samples in its hash order and may be mid-rehash.
   */
  memoryUsage(samples: number): number {
    const ROBJ = 16;
    if (this.compact) {
      let bytes = LISTPACK_HEADER + 1;
      for (const [f, v] of this.fields) bytes += listpackEntrySize(Buffer.from(f, 'latin1')) + listpackEntrySize(v);
      return ROBJ + jemallocSize(bytes);
    }
    const DICT = 56;
    const DICT_ENTRY = 24;
    let slots = 4;
    while (slots < this.fields.size) slots *= 2;
    let sampled = 0;
    let elementBytes = 0;
    for (const [f, v] of this.fields) {
      if (samples !== 0 && sampled >= samples) break;
      elementBytes += sdsAllocation(f.length) + sdsAllocation(v.length) + DICT_ENTRY;
      sampled++;
    }
    const perElement = sampled === 0 ? 0 : elementBytes / sampled;
    return Math.floor(ROBJ + DICT + slots * 8 + perElement * this.fields.size);
  }
}

// ---------------------------------------------------------------------------------------------
// Size estimates (MEMORY USAGE)
// ---------------------------------------------------------------------------------------------

/** Total bytes (4) and element count (2) at the head of a listpack; one end byte follows the data. */
const LISTPACK_HEADER = 6;

/** True when the bytes are an int64 in canonical form (the listpack stores those as integers). */
function canonicalInt(b: Buffer): bigint | null {
  const n = b.length;
  if (n === 0 || n > 20) return null;
  let i = b[0] === 0x2d ? 1 : 0;
  if (i === n || (b[i] === 0x30 && n > 1)) return null;
  for (; i < n; i++) if (b[i] < 0x30 || b[i] > 0x39) return null;
  const v = BigInt(b.toString('latin1'));
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : null;
}

/** Bytes of one listpack entry: encoding + data, then the back-length that lets it be read backwards. */
function listpackEntrySize(b: Buffer): number {
  let body: number;
  const v = canonicalInt(b);
  if (v !== null) {
    if (v >= 0n && v <= 127n) body = 1;
    else if (v >= -4096n && v <= 4095n) body = 2;
    else if (v >= -32768n && v <= 32767n) body = 3;
    else if (v >= -8388608n && v <= 8388607n) body = 4;
    else if (v >= -2147483648n && v <= 2147483647n) body = 5;
    else body = 9;
  } else if (b.length < 64) {
    body = 1 + b.length;
  } else if (b.length < 4096) {
    body = 2 + b.length;
  } else {
    body = 5 + b.length;
  }
  let backlen = 1;
  if (body > 127) backlen = body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
  return body + backlen;
}
