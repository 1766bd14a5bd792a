/**
 * DUMP and RESTORE: replies, propagation, dirty and WATCH, against replies verified on
 * redis-server 7.0.15 (the differential suite replays them on both servers).
 */
import { crc64, encodeDumpPayload } from '@resplica/rdb';
import { FakeContext } from '../../test/fake-context';

const NOW = 1_700_000_000_000;
const OK = '+OK\r\n';
const NIL = '$-1\r\n';
const BUSY = '-BUSYKEY Target key name already exists.\r\n';
const FOOTER = '-ERR DUMP payload version or checksum are wrong\r\n';
const BAD_FORMAT = '-ERR Bad data format\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';

/** DUMP "hello" as redis-server 7.0.15 answers it. */
const HELLO = Buffer.concat([Buffer.from([0, 5]), Buffer.from('hello'), Buffer.from('0a006372df766534200a', 'hex')]);

/** `body` with the DUMP footer: version as 2 bytes LE, then the CRC-64 LE of all before it. */
function withFooter(body: Buffer, version = 10): Buffer {
  const head = Buffer.concat([body, Buffer.from([version & 0xff, version >> 8])]);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(head));
  return Buffer.concat([head, crc]);
}

function bulk(b: Buffer): string {
  return `$${b.length}\r\n${b.toString('latin1')}\r\n`;
}

describe('DUMP', () => {
  it('answers nil for a missing or expired key, and the payload 7.0 gives for a string', () => {
    const c = new FakeContext(NOW);
    expect(c.run('DUMP', 'nokey')).toBe(NIL);
    c.run('SET', 's', 'hello');
    expect(c.run('DUMP', 's')).toBe(bulk(HELLO));
    c.run('SET', 'gone', 'x', 'PX', '10');
    c.now += 11;
    expect(c.run('DUMP', 'gone')).toBe(NIL);
  });

  it('matches the footer helper (the payload is self-consistent)', () => {
    expect(withFooter(Buffer.from([0, 5, ...Buffer.from('hello')]))).toEqual(HELLO);
    expect(encodeDumpPayload({ kind: 'string', value: 'hello' })).toEqual(HELLO);
  });
});

describe('RESTORE', () => {
  it('creates the key, counts one change, propagates as sent when there is no TTL', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RESTORE', 'k', '0', HELLO)).toBe(OK);
    expect(c.dirtyDelta()).toBe(1);
    expect(c.rewrites).toEqual([]);
    expect(c.run('GET', 'k')).toBe('$5\r\nhello\r\n');
    expect(c.run('PTTL', 'k')).toBe(':-1\r\n');
  });

  it('refuses an existing key unless REPLACE, which replaces value and TTL', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'old', 'EX', '100');
    expect(c.run('RESTORE', 'k', '0', HELLO)).toBe(BUSY);
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('RESTORE', 'k', '0', HELLO, 'replace')).toBe(OK);
    expect(c.dirtyDelta()).toBe(1);
    expect(c.run('GET', 'k')).toBe('$5\r\nhello\r\n');
    expect(c.run('PTTL', 'k')).toBe(':-1\r\n');
  });

  it('treats a logically expired key as absent', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'old', 'PX', '5');
    c.now += 6;
    expect(c.run('RESTORE', 'k', '0', HELLO)).toBe(OK);
    expect(c.expired).toEqual(['0:k']);
  });

  it('propagates a relative TTL as the absolute deadline with ABSTTL appended', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RESTORE', 'k', '5000', HELLO, 'REPLACE')).toBe(OK);
    expect(c.rewrites).toEqual([['RESTORE', 'k', String(NOW + 5000), HELLO.toString('latin1'), 'REPLACE', 'ABSTTL']]);
    expect(c.run('PTTL', 'k')).toBe(':5000\r\n');
    expect(c.run('RESTORE', 'a', String(NOW + 9000), HELLO, 'ABSTTL')).toBe(OK);
    expect(c.rewrites).toEqual([]);
    expect(c.run('PEXPIRETIME', 'a')).toBe(`:${NOW + 9000}\r\n`);
  });

  it('does not create a key whose deadline has passed; with REPLACE deletes the old one as DEL', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RESTORE', 'k', '1', HELLO, 'ABSTTL')).toBe(OK);
    expect(c.dirtyDelta()).toBe(0);
    expect(c.run('EXISTS', 'k')).toBe(':0\r\n');
    c.run('SET', 'k', 'old');
    expect(c.run('RESTORE', 'k', String(NOW), HELLO, 'ABSTTL')).toBe(BUSY);
    expect(c.run('RESTORE', 'k', String(NOW), HELLO, 'ABSTTL', 'REPLACE')).toBe(OK);
    expect(c.dirtyDelta()).toBe(1);
    expect(c.rewrites).toEqual([['DEL', 'k']]);
    expect(c.run('EXISTS', 'k')).toBe(':0\r\n');
  });

  it('wraps ttl + now like 7.0 (a ttl near 2^63 is already past); ABSTTL keeps it exact', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RESTORE', 'k', '9223372036854775807', HELLO)).toBe(OK);
    expect(c.run('EXISTS', 'k')).toBe(':0\r\n');
    expect(c.run('RESTORE', 'k', '9223372036854775807', HELLO, 'ABSTTL')).toBe(OK);
    expect(c.run('PEXPIRETIME', 'k')).toBe(':9223372036854775807\r\n');
    expect(c.run('RESTORE', 'j', String(2n ** 63n - 1n - BigInt(NOW)), HELLO)).toBe(OK);
    expect(c.rewrites).toEqual([['RESTORE', 'j', '9223372036854775807', HELLO.toString('latin1'), 'ABSTTL']]);
  });

  it('on a replica stores a deadline already past (the master sends the DEL)', () => {
    const c = new FakeContext(NOW);
    c.keyspace.replicaMode = true;
    expect(c.run('RESTORE', 'k', '1', HELLO, 'ABSTTL')).toBe(OK);
    expect(c.keyspace.databases[0].getExpire('k')).toBe(1);
  });

  it('invalidates WATCH on the key', () => {
    const c = new FakeContext(NOW);
    let dirty = 0;
    c.db.watch('k', { markDirty: () => dirty++ });
    c.run('RESTORE', 'k', '100', HELLO);
    expect(dirty).toBeGreaterThan(0);
  });

  it('checks options, then the key, then the TTL, then the payload, as 7.0', () => {
    const c = new FakeContext(NOW);
    c.run('SET', 'k', 'v');
    expect(c.run('RESTORE', 'k', '-1', 'junk', 'BOGUS')).toBe(SYNTAX);
    expect(c.run('RESTORE', 'k', '-1', 'junk', 'FREQ', '300')).toBe('-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n');
    expect(c.run('RESTORE', 'k', '-1', 'junk')).toBe(BUSY);
    expect(c.run('RESTORE', 'n', '-1', 'junk')).toBe('-ERR Invalid TTL value, must be >= 0\r\n');
    expect(c.run('RESTORE', 'n', 'x', 'junk')).toBe(NOT_INT);
    expect(c.run('RESTORE', 'n', '0', 'junk')).toBe(FOOTER);
  });

  it('validates IDLETIME and FREQ, which exclude each other', () => {
    const c = new FakeContext(NOW);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'IDLETIME', '-1')).toBe('-ERR Invalid IDLETIME value, must be >= 0\r\n');
    expect(c.run('RESTORE', 'n', '0', HELLO, 'IDLETIME', 'x')).toBe(NOT_INT);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'FREQ', '-1')).toBe('-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n');
    expect(c.run('RESTORE', 'n', '0', HELLO, 'FREQ', '1.5')).toBe(NOT_INT);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'IDLETIME')).toBe(SYNTAX);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'IDLETIME', '5', 'FREQ', '3')).toBe(SYNTAX);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'FREQ', '3', 'IDLETIME', '5')).toBe(SYNTAX);
    expect(c.run('RESTORE', 'n', '0', HELLO, 'IDLETIME', '1', 'IDLETIME', '2', 'absttl')).toBe(OK);
    expect(c.run('RESTORE', 'm', '0', HELLO, 'FREQ', '255', 'FREQ', '0')).toBe(OK);
  });

  it('tells a bad footer from a bad body', () => {
    const c = new FakeContext(NOW);
    const body = Buffer.from([0, 5, ...Buffer.from('hello')]);
    expect(c.run('RESTORE', 'k', '0', HELLO.subarray(0, 9))).toBe(FOOTER);
    expect(c.run('RESTORE', 'k', '0', withFooter(body, 11))).toBe(FOOTER);
    const flipped = Buffer.from(HELLO);
    flipped[HELLO.length - 1] ^= 1;
    expect(c.run('RESTORE', 'k', '0', flipped)).toBe(FOOTER);
    expect(c.run('RESTORE', 'k', '0', withFooter(body, 9))).toBe(OK);
    expect(c.run('RESTORE', 'b1', '0', withFooter(Buffer.from([0, 6, ...Buffer.from('hello')])))).toBe(BAD_FORMAT);
    expect(c.run('RESTORE', 'b2', '0', withFooter(Buffer.from([0, 5, ...Buffer.from('hello!')])))).toBe(BAD_FORMAT);
    expect(c.run('RESTORE', 'b3', '0', withFooter(Buffer.from([8, 0])))).toBe(BAD_FORMAT);
    expect(c.run('RESTORE', 'b4', '0', withFooter(Buffer.from([2, 0])))).toBe(BAD_FORMAT);
    expect(c.run('RESTORE', 'b5', '0', withFooter(Buffer.from([2, 2, 1, 0x61, 1, 0x61])))).toBe(BAD_FORMAT);
    expect(c.run('EXISTS', 'b1', 'b2', 'b3', 'b4', 'b5')).toBe(':0\r\n');
  });
});
