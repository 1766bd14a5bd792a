/**
 * decodeDumpPayload: real DUMP payloads from redis-server 7.0.15 (hex below), hand-built ones for
 * every type id, and every way a payload is refused (footer first, then the body).
 */
import { TYPE } from './constants';
import { RdbError } from './errors';
import { decodeDumpPayload } from './payload-decode';
import { cat, crc64Reference, int8, intset, len, listpack, lp, str, ziplist, zl, type Part } from '../test/decode-fixtures';
import { plain } from '../test/decode-runner';

/** `type` + body + version (LE) + CRC-64 (LE) of everything before it, as DUMP writes. */
function payload(type: number, body: Part, version = 10): Buffer {
  const head = cat([type], body, [version & 0xff, version >> 8]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64Reference(head));
  return cat(head, crc);
}

function code(bytes: Buffer): string {
  try {
    decodeDumpPayload(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(RdbError);
    return `${(err as RdbError).code}: ${(err as RdbError).message}`;
  }
  throw new Error('expected a failure');
}

describe('decodeDumpPayload', () => {
  it.each([
    ['DUMP of SET foo bar', '00036261720a00e6be4960ee66fd17', { kind: 'string', value: 'bar' }],
    ['DUMP of SADD iset 1 2 3', '0b0e02000000030000000100020003000a00a5025ce26d6e4d1b', { kind: 'set', members: ['1', '2', '3'], encoding: 'intset' }],
    ['DUMP of RPUSH L 1 2 hello', '12010212120000000300010102018568656c6c6f06ff0a00041f68f97e5037d7', { kind: 'list', items: ['1', '2', 'hello'], encoding: 'quicklist' }],
  ])('%s (real 7.0.15 bytes)', (_name, hex, expected) => {
    expect(plain(decodeDumpPayload(Buffer.from(hex, 'hex')))).toEqual(expected);
  });

  it.each([
    ['LIST', TYPE.list, cat(len(2), str('a'), int8(5)), { kind: 'list', items: ['a', '5'], encoding: 'plain' }],
    ['SET', TYPE.set, cat(len(1), str('m')), { kind: 'set', members: ['m'], encoding: 'plain' }],
    ['HASH', TYPE.hash, cat(len(1), str('f'), str('v')), { kind: 'hash', entries: [['f', 'v']], encoding: 'plain' }],
    ['ZSET', TYPE.zset, cat(len(1), str('m'), [3], '1.5'), { kind: 'zset', entries: [['m', 1.5]], encoding: 'plain' }],
    ['ZSET_2', TYPE.zset2, cat(len(1), str('m'), Buffer.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f])), { kind: 'zset', entries: [['m', 1]], encoding: 'plain' }],
    ['HASH_LISTPACK', TYPE.hashListpack, str(listpack([lp.str6('f'), lp.uint7(1)])), { kind: 'hash', entries: [['f', '1']], encoding: 'listpack' }],
    ['ZSET_LISTPACK', TYPE.zsetListpack, str(listpack([lp.str6('m'), lp.str6('0.5')])), { kind: 'zset', entries: [['m', 0.5]], encoding: 'listpack' }],
    ['SET_INTSET', TYPE.setIntset, str(intset(8, [2n ** 62n])), { kind: 'set', members: [String(2n ** 62n)], encoding: 'intset' }],
    ['LIST_ZIPLIST', TYPE.listZiplist, str(ziplist([zl.str6('x')])), { kind: 'list', items: ['x'], encoding: 'ziplist' }],
    ['version 9 payload', TYPE.set, cat(len(1), str('m')), { kind: 'set', members: ['m'], encoding: 'plain' }, 9],
  ])('%s', (_name, type, body, expected, version = 10) => {
    expect(plain(decodeDumpPayload(payload(type, body, version)))).toEqual(expected);
  });

  it('refuses a flipped bit in a real payload as a checksum error', () => {
    const bytes = Buffer.from('00036261720a00e6be4960ee66fd17', 'hex');
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      const got = code(flipped);
      // The version (bytes 5..6) is checked first: a flip there that makes it too new says so.
      expect({ bit, got: got.split(':')[0] }).toEqual({ bit, got: flipped.readUInt16LE(5) > 10 ? 'version' : 'checksum' });
    }
  });

  it.each([
    ['shorter than a footer', Buffer.from('0a00000000000000000', 'hex'), /^checksum: DUMP payload of 9 bytes is too short/],
    ['a version newer than 10', payload(TYPE.string, str('v'), 11), /^version: DUMP payload has RDB version 11, newer than 10$/],
    ['trailing bytes after the value', payload(TYPE.string, cat(str('v'), 'x')), /^corrupt: DUMP payload has 1 bytes after its value$/],
    ['a body that ends inside the value', payload(TYPE.set, cat(len(2), str('a'))), /^corrupt: DUMP payload ends inside its value/],
    ['an empty collection', payload(TYPE.set, len(0)), /^corrupt: DUMP payload holds an empty collection$/],
    ['an empty intset', payload(TYPE.setIntset, str(intset(2, []))), /^corrupt: intset: empty/],
    ['an unknown type', payload(8, str('v')), /^corrupt: DUMP payload has unknown value type 8$/],
    ['a stream', payload(TYPE.streamListpacks2, len(0)), /^unsupported: DUMP payload holds a stream value \(type 19\)$/],
    ['a module value', payload(TYPE.module2, len(0)), /^unsupported: DUMP payload holds a module value \(type 7\)$/],
    ['a bad inner structure', payload(TYPE.hashListpack, str(listpack([lp.str6('f')]))), /^corrupt: hash listpack: a field without a value/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(code(bytes)).toMatch(message);
  });
});
