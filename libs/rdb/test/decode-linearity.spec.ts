/**
 * Large values in small chunks: decoding must stay linear in the input however it is chunked.
 * A value's element loop resumes where it stopped (counted: each element is read once, plus a few
 * failed tries per chunk), a large string waits for its bytes and is copied once, and the
 * time for 1 KB chunks stays within a small factor of the time for one chunk.
 */
import { TYPE } from '../src/constants';
import { ReadCursor } from '../src/cursor-read';
import { RdbDecoder } from '../src/decoder';
import type { DecodedValue } from '../src/model';
import { cat, len, listpack, lp, rdbFile, record, str } from './decode-fixtures';

const CHUNK = 1024;
/** The fixtures' bit-by-bit CRC oracle is too slow for megabytes; 0 means "not computed". */
const NO_CHECKSUM = { checksum: 'zero' } as const;

function feed(bytes: Buffer, chunkBytes: number, onKey: (value: DecodedValue) => void): number {
  const decoder = new RdbDecoder({ key: (_db, _key, value) => onKey(value) });
  const started = process.hrtime.bigint();
  for (let at = 0; at < bytes.length; at += chunkBytes) decoder.push(bytes.subarray(at, at + chunkBytes));
  decoder.end();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Best of three, to damp a shared machine's noise. */
function bestTime(bytes: Buffer, chunkBytes: number): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, feed(bytes, chunkBytes, () => undefined));
  return best;
}

/** Runs `body` counting calls to ReadCursor#`method` (a plain wrapper: a Jest spy's bookkeeping
 *  would dominate 200,000 calls). */
function countingCalls(method: 'tryString' | 'tryLatin1', body: () => void): number {
  const original = Object.getOwnPropertyDescriptor(ReadCursor.prototype, method)!;
  let calls = 0;
  const wrapped = function (this: ReadCursor): unknown {
    calls++;
    return original.value.call(this);
  };
  Object.defineProperty(ReadCursor.prototype, method, { ...original, value: wrapped });
  try {
    body();
  } finally {
    Object.defineProperty(ReadCursor.prototype, method, original);
  }
  return calls;
}

function bigSet(members: number): Buffer {
  const parts: Buffer[] = [len(members)];
  for (let i = 0; i < members; i++) parts.push(str(`member:${i}`));
  return rdbFile([record(TYPE.set, 'bigset', Buffer.concat(parts))], NO_CHECKSUM);
}

/** A QUICKLIST_2 of `elements` items in listpack nodes of at most ~8 KB, as 7.0 splits them. */
function bigList(elements: number): Buffer {
  const nodes: Buffer[] = [];
  let entries: Buffer[] = [];
  let bytes = 0;
  const flush = (): void => {
    nodes.push(cat(len(2), str(listpack(entries))));
    entries = [];
    bytes = 0;
  };
  for (let i = 0; i < elements; i++) {
    const entry = lp.auto(i % 3 === 0 ? i : `element-${i}`);
    if (bytes + entry.length > 8000) flush();
    entries.push(entry);
    bytes += entry.length;
  }
  flush();
  return rdbFile([record(TYPE.listQuicklist2, 'biglist', cat(len(nodes.length), ...nodes))], NO_CHECKSUM);
}

describe('linear decoding of large values in 1 KB chunks', () => {
  it('a 200,000-member SET reads each member once, plus a few failed tries per chunk', () => {
    const bytes = bigSet(200000);
    let members = 0;
    const calls = countingCalls('tryLatin1', () => feed(bytes, CHUNK, (value) => (members = value.kind === 'set' ? value.members.length : -1)));
    expect(members).toBe(200000);
    const chunks = Math.ceil(bytes.length / CHUNK);
    // One call per member and one for the key, plus per chunk boundary at most three that failed:
    // the element's header cut, its body cut, and the next element at the end of the stitched copy.
    expect(calls).toBeLessThanOrEqual(200000 + 1 + 3 * chunks);
  });

  it('a 1 MB string is read once all its bytes arrived, not retried at every chunk', () => {
    const value = Buffer.alloc(1 << 20, 0x61);
    const bytes = rdbFile([record(TYPE.string, 'big', str(value))], NO_CHECKSUM);
    let got: Buffer | null = null;
    const calls = countingCalls('tryString', () => feed(bytes, CHUNK, (v) => (got = v.kind === 'string' ? v.value : null)));
    expect(got!.equals(value)).toBe(true);
    // The value's first try, which learns its length; the value once all of it is queued (the key
    // is read by tryLatin1).
    expect(calls).toBe(2);
  });

  it('a 100,000-element QUICKLIST_2: 1 KB chunks take a small multiple of one chunk\'s time', () => {
    const bytes = bigList(100000);
    const whole = bestTime(bytes, bytes.length);
    const chunked = bestTime(bytes, CHUNK);
    // Re-parsing from the value's start at every chunk would be hundreds of times slower.
    expect(chunked).toBeLessThan(whole * 5 + 50);
  });

  it('a 100,000-element QUICKLIST_2 decodes to every element in order', () => {
    let items: Buffer[] = [];
    feed(bigList(100000), CHUNK, (value) => (items = value.kind === 'list' ? value.items : []));
    expect(items.length).toBe(100000);
    expect(items[0].toString()).toBe('0');
    expect(items[99998].toString()).toBe('element-99998');
    expect(items[99999].toString()).toBe('99999');
  });
});
