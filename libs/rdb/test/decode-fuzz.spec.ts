/**
 * Fuzz: valid files (test/decode-corpus.ts) with random byte edits, insertions, deletions and
 * truncations, fed in random chunks. Whatever the bytes, the decoder either decodes or throws an
 * RdbError — never another exception, never a hang — and a truncated valid file fails in end()
 * with 'truncated'. The same holds for decodeDumpPayload on mutated bodies with a valid footer.
 */
import fc from 'fast-check';
import { RdbDecoder } from '../src/decoder';
import { RdbError } from '../src/errors';
import { decodeDumpPayload } from '../src/payload-decode';
import { corpus } from './decode-corpus';
import { crc64Reference } from './decode-fixtures';
import { decodeChunks } from './decode-runner';

const FILES = corpus();

type Edit = { kind: 'set' | 'insert' | 'delete'; at: number; byte: number };

const editArb = fc.record({
  kind: fc.constantFrom<'set' | 'insert' | 'delete'>('set', 'set', 'set', 'insert', 'delete'),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
});

function applyEdits(input: Buffer, edits: Edit[]): Buffer {
  let bytes = Buffer.from(input);
  for (const edit of edits) {
    const at = edit.at % (bytes.length + 1);
    if (edit.kind === 'set' && at < bytes.length) bytes[at] = edit.byte;
    else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.byte]), bytes.subarray(at)]);
    else if (edit.kind === 'delete' && at < bytes.length) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
  }
  return bytes;
}

function splitAt(input: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const p of [...points, input.length]) {
    if (p > from) chunks.push(input.subarray(from, p));
    from = Math.max(from, p);
  }
  return chunks;
}

/** Decodes, materialising every value; returns the RdbError code or 'ok'. Other errors propagate. */
function outcome(chunks: Buffer[], verifyChecksum: boolean): string {
  const got = decodeChunks(chunks, { verifyChecksum });
  return got.error === null ? 'ok' : got.error.split(':')[0];
}

describe('decoder fuzz', () => {
  it('random edits in random chunks: decoded or an RdbError', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: FILES.length - 1 }),
        fc.array(editArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (which, edits, cuts, verifyChecksum) => {
          const bytes = applyEdits(FILES[which], edits);
          const code = outcome(splitAt(bytes, cuts), verifyChecksum);
          expect(['ok', 'version', 'checksum', 'truncated', 'corrupt', 'unsupported']).toContain(code);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('edits after which the checksum is recomputed reach the inner parsers', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const original = FILES[which];
        const body = applyEdits(original.subarray(0, original.length - 9), edits);
        const withEof = Buffer.concat([body, Buffer.from([0xff])]);
        const crc = Buffer.alloc(8);
        crc.writeBigUInt64LE(crc64Reference(withEof));
        const code = outcome([Buffer.concat([withEof, crc])], true);
        expect(['ok', 'version', 'checksum', 'truncated', 'corrupt', 'unsupported']).toContain(code);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of every seed fails in end() with "truncated"', () => {
    for (const [index, bytes] of FILES.entries()) {
      for (let at = 0; at < bytes.length; at++) {
        const got = decodeChunks(at === 0 ? [] : [bytes.subarray(0, at)]);
        expect({ index, at, error: got.error?.split(':')[0] }).toEqual({ index, at, error: 'truncated' });
      }
      expect(decodeChunks([bytes]).error).toBeNull();
    }
  });

  it('truncations fed in random chunks fail in end() with "truncated"', () => {
    fc.assert(
      fc.property(fc.nat({ max: FILES.length - 1 }), fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), (which, cut, cuts) => {
        const file = FILES[which];
        const bytes = file.subarray(0, cut % file.length);
        const decoder = new RdbDecoder({ key: () => undefined, skipped: () => undefined });
        for (const chunk of splitAt(bytes, cuts)) decoder.push(chunk);
        expect(() => decoder.end()).toThrow(expect.objectContaining({ code: 'truncated' }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('DUMP payload fuzz', () => {
  /** A payload for each value in the corpus files, re-framed with a DUMP footer. */
  const payloads: Buffer[] = [];
  const collect = (body: Buffer): void => {
    const head = Buffer.concat([body, Buffer.from([10, 0])]);
    const crc = Buffer.alloc(8);
    crc.writeBigUInt64LE(crc64Reference(head));
    payloads.push(Buffer.concat([head, crc]));
  };
  collect(Buffer.from([0x00, 0x03, 0x62, 0x61, 0x72]));
  collect(Buffer.from('0b0e0200000003000000010002000300', 'hex'));
  collect(Buffer.from('12010212120000000300010102018568656c6c6f06ff', 'hex'));

  it('mutated bodies with a valid footer: a value or an RdbError', () => {
    fc.assert(
      fc.property(fc.nat({ max: payloads.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const original = payloads[which];
        const body = applyEdits(original.subarray(0, original.length - 10), edits);
        const head = Buffer.concat([body, Buffer.from([10, 0])]);
        const crc = Buffer.alloc(8);
        crc.writeBigUInt64LE(crc64Reference(head));
        try {
          decodeDumpPayload(Buffer.concat([head, crc]));
        } catch (err) {
          expect(err).toBeInstanceOf(RdbError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
