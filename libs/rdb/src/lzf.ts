/**
 * LZF as Redis uses it for RDB strings and blobs (spec §8.5): a decompressor that accepts every
 * stream liblzf writes, and a compressor that makes the same choices as liblzf 3.6 built the way
 * Redis builds it (HLOG 16, VERY_FAST, 13-bit offsets, matches of 3..264 bytes), so a value we
 * compress has the bytes a real server's DUMP or SAVE has for it.
 *
 * Stream format, one token after another:
 *   000LLLLL + L+1 bytes          literal run of 1..32 bytes
 *   LLLooooo oooooooo             back-reference of L+2 bytes (L = 1..6), o+1 bytes behind
 *   111ooooo LLLLLLLL oooooooo    back-reference of L+9 bytes
 *
 * Invariant: the compressor's hash table is never cleared between calls. Each call owns a fresh
 * range of stamps (`stampBase` upwards), so an entry below the call's base is "empty"; clearing
 * 64 Ki slots per call would cost more than compressing a 100-byte value.
 */
import { RdbError } from './errors';

/* ---------------------------------------------------------------------------------------------- */
/* Decompression                                                                                  */
/* ---------------------------------------------------------------------------------------------- */

/** A 3-byte back-reference token yields at most 264 bytes: no valid stream inflates further. */
const MAX_EXPANSION = 88;

function corrupt(what: string): RdbError {
  return new RdbError('corrupt', `invalid LZF data: ${what}`);
}

/** Back-references up to this long are copied byte by byte: a native call costs more than the loop. */
const LOOP_COPY_MAX = 32;

/**
 * Copies `length` bytes from `out[from]` to `out[op]` (from < op). When they overlap, the copy
 * repeats the last `op - from` bytes, as a forward byte loop does and memmove would not; a long
 * one (a run of one byte, or a short pattern: LZF's way of writing "xxxx…") is done with native
 * fills and copies of a growing prefix instead of a byte loop, since runs are where LZF's output
 * is longest.
 */
function copyBackReference(out: Buffer, from: number, op: number, length: number): void {
  const distance = op - from;
  if (length <= LOOP_COPY_MAX) {
    for (let k = 0; k < length; k++) out[op + k] = out[from + k];
  } else if (distance >= length) {
    out.copyWithin(op, from, from + length);
  } else if (distance === 1) {
    out.fill(out[from], op, op + length);
  } else {
    // The pattern is out[from, op); each copy doubles what is already repeated after it.
    let done = 0;
    let span = distance;
    while (done < length) {
      const n = Math.min(span, length - done);
      out.copyWithin(op + done, from, from + n);
      done += n;
      span += n;
    }
  }
}

/**
 * Inflates `src` into exactly `expectedLength` bytes. Throws RdbError('corrupt') on a truncated
 * token, a back-reference before the start of the output, or an output of any other length.
 */
export function lzfDecompress(src: Uint8Array, expectedLength: number): Buffer {
  checkInflatedLength(src, expectedLength);
  const out = Buffer.allocUnsafe(expectedLength);
  lzfDecompressInto(src, out);
  return out;
}

/**
 * Throws RdbError('corrupt') when no stream of `src`'s size can inflate to `expectedLength`: checked
 * before the output is allocated, so a corrupt length in a file cannot ask for gigabytes.
 */
export function checkInflatedLength(src: Uint8Array, expectedLength: number): void {
  if (expectedLength > src.length * MAX_EXPANSION) {
    throw corrupt(`${src.length} compressed bytes cannot inflate to ${expectedLength}`);
  }
}

/** lzfDecompress into a caller's buffer: `src` must inflate to exactly `out.length` bytes. */
export function lzfDecompressInto(src: Uint8Array, out: Buffer): void {
  const expectedLength = out.length;
  const inEnd = src.length;
  let ip = 0;
  let op = 0;
  while (ip < inEnd) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const length = ctrl + 1;
      if (ip + length > inEnd) throw corrupt(`literal run of ${length} bytes at offset ${ip - 1} passes the end of the input`);
      if (op + length > expectedLength) throw corrupt(`output longer than the expected ${expectedLength} bytes`);
      for (let k = 0; k < length; k++) out[op + k] = src[ip + k];
      ip += length;
      op += length;
    } else {
      let length = ctrl >>> 5;
      if (length === 7) {
        if (ip >= inEnd) throw corrupt(`back-reference at offset ${ip - 1} is cut short`);
        length += src[ip++];
      }
      if (ip >= inEnd) throw corrupt(`back-reference at offset ${ip - 1} is cut short`);
      const from = op - ((ctrl & 0x1f) << 8) - src[ip++] - 1;
      length += 2;
      if (op + length > expectedLength) throw corrupt(`output longer than the expected ${expectedLength} bytes`);
      if (from < 0) throw corrupt(`back-reference before the start of the output at output offset ${op}`);
      copyBackReference(out, from, op, length);
      op += length;
    }
  }
  if (op !== expectedLength) throw corrupt(`inflated to ${op} bytes, expected ${expectedLength}`);
}

/* ---------------------------------------------------------------------------------------------- */
/* Compression                                                                                    */
/* ---------------------------------------------------------------------------------------------- */

const HASH_SLOTS = 1 << 16;
/** Back-references reach at most 8192 bytes behind. */
const MAX_OFFSET = 1 << 13;
/** Longest back-reference: 7 + 255 + 2 bytes. */
const MAX_MATCH = (1 << 8) + (1 << 3);
const MAX_LITERAL_RUN = 32;

/** Slot → stamp of the last input position hashed there (position = stamp − the call's base). */
const hashTable = new Float64Array(HASH_SLOTS);
let stampBase = 1;

/** liblzf's hash of the three bytes ending `h` (its IDX macro with VERY_FAST). */
function slotOf(h: number): number {
  return ((h >>> 8) - h * 5) & (HASH_SLOTS - 1);
}

/**
 * Compresses `src[start, end)` into `out` from `outStart`, using at most `outLimit` bytes.
 * Returns the compressed length, or 0 when the output would not fit in `outLimit` — decided at
 * the same points liblzf decides it, because Redis asks for `length − 4` bytes and stores the
 * value raw when that fails. Never writes at or past `outStart + outLimit`; on failure the bytes
 * before that are garbage.
 */
export function lzfCompressInto(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  outStart: number,
  outLimit: number,
): number {
  const length = end - start;
  if (length <= 0 || outLimit <= 0) return 0;
  const base = stampBase - start;
  stampBase += length + 1;
  const table = hashTable;
  const outEnd = outStart + outLimit;
  let op = outStart + 1; // the control byte of the first literal run
  let lit = 0;
  let ip = start;
  let h = (src[ip] << 8) | src[ip + 1];
  while (ip < end - 2) {
    h = ((h << 8) | src[ip + 2]) & 0xffffff;
    const slot = slotOf(h);
    const ref = table[slot] - base;
    table[slot] = base + ip;
    const off = ip - ref - 1;
    // ref < start: empty slot (an older call's stamp). ref === start is excluded as liblzf does.
    if (
      ref > start &&
      off < MAX_OFFSET &&
      src[ref + 2] === src[ip + 2] &&
      src[ref] === src[ip] &&
      src[ref + 1] === src[ip + 1]
    ) {
      const maxLength = Math.min(end - ip - 2, MAX_MATCH);
      if (op + 4 >= outEnd && op - (lit === 0 ? 1 : 0) + 4 >= outEnd) return 0;
      out[op - lit - 1] = lit - 1; // close the literal run (rewritten below when it is empty)
      if (lit === 0) op--;
      // liblzf first compares bytes 3..18 when more than 16 remain, then goes on up to maxLength;
      // the match length depends on that order near the end of the input, so it is kept.
      let matched = 3;
      let open = true;
      if (maxLength > 16) {
        while (matched <= 18 && src[ref + matched] === src[ip + matched]) matched++;
        open = matched === 19;
      }
      if (open) while (matched < maxLength && src[ref + matched] === src[ip + matched]) matched++;
      const code = matched - 2;
      if (code < 7) {
        out[op++] = (off >>> 8) + (code << 5);
      } else {
        out[op++] = (off >>> 8) + (7 << 5);
        out[op++] = code - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // the control byte of the next literal run
      ip += matched;
      if (ip >= end - 2) break;
      // Hash the last two positions of the match only (VERY_FAST); the ones inside it are skipped.
      ip -= 2;
      h = (((src[ip] << 8) | src[ip + 1]) << 8) | src[ip + 2];
      table[slotOf(h)] = base + ip;
      ip++;
      h = ((h << 8) | src[ip + 2]) & 0xffffff;
      table[slotOf(h)] = base + ip;
      ip++;
    } else {
      if (op >= outEnd) return 0;
      lit++;
      out[op++] = src[ip++];
      if (lit === MAX_LITERAL_RUN) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return 0;
  while (ip < end) {
    lit++;
    out[op++] = src[ip++];
    if (lit === MAX_LITERAL_RUN) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
  return op - outStart;
}

/**
 * Compresses `src`; null when the result would be longer than `maxLength` (default: one byte
 * shorter than the input, i.e. null unless compression saves space). Redis itself passes
 * `src.length − 4`.
 */
export function lzfCompress(src: Uint8Array, maxLength = src.length - 1): Buffer | null {
  if (maxLength <= 0) return null;
  const scratch = Buffer.allocUnsafe(maxLength);
  const written = lzfCompressInto(src, 0, src.length, scratch, 0, maxLength);
  return written === 0 ? null : Buffer.from(scratch.subarray(0, written));
}
