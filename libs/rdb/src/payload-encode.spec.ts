/**
 * encodeDumpPayload: type id + body + RDB version 10 (2 bytes LE) + CRC-64 (8 bytes LE) of all that.
 * Byte equality with a real server's DUMP is checked in test/interop-encode-dump.spec.ts.
 */
import { crc64 } from './crc64';
import { encodeDumpPayload } from './payload-encode';

const hex = (s: string) => s.replace(/\s+/g, '');

/** Checks the footer and returns type id + body. */
function withoutFooter(payload: Buffer): Buffer {
  const covered = payload.subarray(0, payload.length - 8);
  expect(payload.readBigUInt64LE(payload.length - 8)).toBe(crc64(covered));
  expect(covered.readUInt16LE(covered.length - 2)).toBe(10);
  return covered.subarray(0, covered.length - 2);
}

describe('encodeDumpPayload', () => {
  it('frames a string as type 0, the RDB string, version 10 and the CRC', () => {
    const payload = encodeDumpPayload({ kind: 'string', value: 'bar' });
    expect(withoutFooter(payload).toString('hex')).toBe('0003626172');
    expect(payload.length).toBe(5 + 10);
  });

  it('frames the list of the spec worked example', () => {
    const payload = encodeDumpPayload({ kind: 'list', length: 3, items: ['1', '2', 'hello'] });
    expect(withoutFooter(payload).toString('hex')).toBe(hex('12 01 02 12 12000000 0300 0101 0201 8568656c6c6f06 ff'));
  });

  it('compresses unless told not to', () => {
    const value = { kind: 'string', value: 'a'.repeat(30) } as const;
    expect(withoutFooter(encodeDumpPayload(value)).toString('hex')).toBe(hex('00 c3 09 1e 016161e01100016161'));
    expect(withoutFooter(encodeDumpPayload(value, { compression: false })).toString('hex')).toBe('001e' + '61'.repeat(30));
  });

  it('returns an exact-size buffer for payloads spanning several chunks', () => {
    const value = { kind: 'string', value: Buffer.from(Array.from({ length: 100000 }, (_, i) => (i * 131) & 0xff)) } as const;
    const payload = encodeDumpPayload(value, { compression: false });
    expect(payload.length).toBe(1 + 5 + 100000 + 10);
    expect(payload.buffer.byteLength).toBe(payload.length); // a copy, not a view of a larger chunk
    expect(withoutFooter(payload).subarray(6)).toEqual(value.value);
  });

  it('refuses an empty collection', () => {
    expect(() => encodeDumpPayload({ kind: 'set', size: 0, members: [], intset: true })).toThrow(/empty set/);
  });
});
