/**
 * The bitmap commands and LCS run as sessions of [command, exact reply bytes]: each session runs on
 * a fresh fake context, and the same sessions run against a real redis-server 7.0 when one is
 * installed, which proves every expected reply here is what Redis sends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import type { Handler } from '../context';
import { isString, type Value } from '../values';
import { bitmapHandlers } from './bitmaps';
import { lcsHandlers } from './lcs';
import { FakeContext, run, type TestArg } from '../../test/bitmaps-context';

type Step = [TestArg[], string];
interface Session {
  name: string;
  steps: Step[];
}

const OFFSET_ERR = '-ERR bit offset is not an integer or out of range\r\n';
const TYPE_ERR = '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n';
const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
const SYNTAX = '-ERR syntax error\r\n';
const NOT_INT = '-ERR value is not an integer or out of range\r\n';

/** A stand-in for a list value: any non-Buffer is "another type" to the string helpers. */
const LIST = { list: true } as unknown as Value;

/** The few non-bitmap commands the sessions use for setup, on the fake keyspace. */
const setup: ReadonlyArray<readonly [string, Handler]> = [
  ['set', (ctx, argv) => (ctx.db.set(argv[1].toString('latin1'), Buffer.from(argv[2])), ctx.reply.ok())],
  ['get', (ctx, argv) => {
    const v = ctx.db.lookupRead(argv[1].toString('latin1'), ctx.now);
    ctx.reply.bulk(v === undefined || !isString(v) ? null : v);
  }],
  ['lpush', (ctx, argv) => (ctx.db.set(argv[1].toString('latin1'), LIST), ctx.reply.integer(1))],
  ['exists', (ctx, argv) => ctx.reply.integer(ctx.db.exists(argv[1].toString('latin1'), ctx.now) ? 1 : 0)],
  ['strlen', (ctx, argv) => {
    const v = ctx.db.lookupRead(argv[1].toString('latin1'), ctx.now) as Buffer | undefined;
    ctx.reply.integer(v === undefined ? 0 : v.length);
  }],
  ['expire', (ctx, argv) => (ctx.db.setExpire(argv[1].toString('latin1'), ctx.now + Number(argv[2]) * 1000), ctx.reply.integer(1))],
  ['ttl', (ctx, argv) => {
    const at = ctx.db.getExpire(argv[1].toString('latin1'));
    ctx.reply.integer(at === -1 ? -1 : Math.round((Number(at) - ctx.now) / 1000));
  }],
];
const handlers = [...bitmapHandlers, ...lcsHandlers, ...setup];

const sessions: Session[] = [
  {
    name: 'SETBIT and GETBIT: growth, limits and errors',
    steps: [
      [['setbit', 'k', '7', '1'], ':0\r\n'],
      [['get', 'k'], '$1\r\n\x01\r\n'],
      [['setbit', 'k', '7', '1'], ':1\r\n'],
      [['setbit', 'k', '7', '0'], ':1\r\n'],
      [['setbit', 'k', '0', '1'], ':0\r\n'],
      [['setbit', 'k', '23', '1'], ':0\r\n'],
      [['get', 'k'], '$3\r\n\x80\x00\x01\r\n'],
      [['getbit', 'k', '0'], ':1\r\n'],
      [['getbit', 'k', '1'], ':0\r\n'],
      [['getbit', 'k', '23'], ':1\r\n'],
      [['getbit', 'k', '24'], ':0\r\n'],
      [['getbit', 'k', '4294967295'], ':0\r\n'],
      [['getbit', 'missing', '100'], ':0\r\n'],
      [['setbit', 'k', '4294967296', '1'], OFFSET_ERR],
      [['setbit', 'k', '-1', '1'], OFFSET_ERR],
      [['setbit', 'k', '1x', '1'], OFFSET_ERR],
      [['setbit', 'k', '01', '1'], OFFSET_ERR],
      [['setbit', 'k', '+1', '1'], OFFSET_ERR],
      [['setbit', 'k', '1.0', '1'], OFFSET_ERR],
      [['setbit', 'k', '0', '2'], '-ERR bit is not an integer or out of range\r\n'],
      [['setbit', 'k', '0', '-1'], '-ERR bit is not an integer or out of range\r\n'],
      [['setbit', 'k', '0', '01'], '-ERR bit is not an integer or out of range\r\n'],
      [['getbit', 'missing', '4294967296'], OFFSET_ERR],
      [['getbit', 'missing', 'abc'], OFFSET_ERR],
      [['lpush', 'l', 'a'], ':1\r\n'],
      [['setbit', 'l', '0', '1'], WRONGTYPE],
      [['getbit', 'l', '0'], WRONGTYPE],
      // Argument errors are reported before the type of the key is looked at.
      [['setbit', 'l', 'x', '1'], OFFSET_ERR],
      [['setbit', 'l', '0', '5'], '-ERR bit is not an integer or out of range\r\n'],
      [['set', 'e', ''], '+OK\r\n'],
      [['setbit', 'e', '9', '1'], ':0\r\n'],
      [['get', 'e'], '$2\r\n\x00\x40\r\n'],
      [['expire', 'e', '1000'], ':1\r\n'],
      [['setbit', 'e', '100', '1'], ':0\r\n'],
      [['strlen', 'e'], ':13\r\n'],
    ],
  },
  {
    name: 'BITCOUNT with BYTE and BIT ranges',
    steps: [
      [['set', 's', 'foobar'], '+OK\r\n'],
      [['bitcount', 's'], ':26\r\n'],
      [['bitcount', 's', '0', '0'], ':4\r\n'],
      [['bitcount', 's', '1', '1'], ':6\r\n'],
      [['bitcount', 's', '1', '-1'], ':22\r\n'],
      [['bitcount', 's', '-2', '-1'], ':7\r\n'],
      [['bitcount', 's', '5', '30', 'BIT'], ':17\r\n'],
      [['bitcount', 's', '5', '30', 'bit'], ':17\r\n'],
      [['bitcount', 's', '-100', '100'], ':26\r\n'],
      [['bitcount', 's', '3', '1'], ':0\r\n'],
      [['bitcount', 's', '-1', '-100'], ':0\r\n'],
      [['bitcount', 's', '0', '-1', 'bit'], ':26\r\n'],
      [['bitcount', 's', '0', '-1', 'byte'], ':26\r\n'],
      [['bitcount', 's', '9223372036854775807', '9223372036854775807'], ':0\r\n'],
      [['bitcount', 's', '-9223372036854775808', '-1', 'bit'], ':26\r\n'],
      [['bitcount', 's', '0', '-1', 'bits'], SYNTAX],
      [['bitcount', 's', '0'], SYNTAX],
      [['bitcount', 's', '0', '1', '2', '3'], SYNTAX],
      [['bitcount', 's', 'a', '1'], NOT_INT],
      [['bitcount', 's', '-0', '-0'], NOT_INT],
      [['bitcount', 's', '9223372036854775808', '1'], NOT_INT],
      // A missing key answers 0 before its arguments are looked at.
      [['bitcount', 'nokey'], ':0\r\n'],
      [['bitcount', 'nokey', '0', 'x'], ':0\r\n'],
      [['bitcount', 'nokey', '0', '1', 'foo'], ':0\r\n'],
      [['set', 'ff', '\xff\xff\xff\xff\xff\xff'], '+OK\r\n'],
      [['bitcount', 'ff', '-50', '-100'], ':0\r\n'],
      [['bitcount', 'ff', '1', '46', 'bit'], ':46\r\n'],
      [['set', 'e', ''], '+OK\r\n'],
      [['bitcount', 'e', '0', '-1', 'bit'], ':0\r\n'],
      [['lpush', 'l', 'a'], ':1\r\n'],
      [['bitcount', 'l', '0', 'x'], WRONGTYPE],
    ],
  },
  {
    name: 'BITPOS: bit 0 and 1, ranges, implicit and explicit end',
    steps: [
      [['set', 's', '\xff\xf0\x00'], '+OK\r\n'],
      [['bitpos', 's', '0'], ':12\r\n'],
      [['bitpos', 's', '1'], ':0\r\n'],
      [['bitpos', 's', '1', '2'], ':-1\r\n'],
      [['bitpos', 's', '0', '2'], ':16\r\n'],
      [['bitpos', 's', '0', '0', '0'], ':-1\r\n'],
      [['bitpos', 's', '0', '0', '1'], ':12\r\n'],
      [['bitpos', 's', '0', '3', '12', 'bit'], ':12\r\n'],
      [['bitpos', 's', '0', '12', '3', 'bit'], ':-1\r\n'],
      [['bitpos', 's', '1', '12', '20', 'bit'], ':-1\r\n'],
      [['bitpos', 's', '1', '-100', '100'], ':0\r\n'],
      [['bitpos', 's', '1', '0', '1', 'foo'], SYNTAX],
      [['bitpos', 's', '1', '0', 'x', 'foo'], SYNTAX],
      [['bitpos', 's', '1', 'x', '1', 'foo'], NOT_INT],
      [['bitpos', 's', '1', '0', '1', 'bit', 'extra'], SYNTAX],
      [['bitpos', 's', '1', '0', '-0'], NOT_INT],
      [['bitpos', 's', '2'], '-ERR The bit argument must be 1 or 0.\r\n'],
      [['bitpos', 's', 'x'], NOT_INT],
      [['set', 'f', '\xff\xff'], '+OK\r\n'],
      [['bitpos', 'f', '0'], ':16\r\n'],
      [['bitpos', 'f', '0', '1'], ':16\r\n'],
      [['bitpos', 'f', '0', '0', '-1'], ':-1\r\n'],
      [['bitpos', 'f', '0', '0', '-1', 'bit'], ':-1\r\n'],
      [['bitpos', 'f', '1', '-50', '-100'], ':0\r\n'],
      [['set', 'z', '\x00\x00'], '+OK\r\n'],
      [['bitpos', 'z', '1'], ':-1\r\n'],
      [['bitpos', 'z', '0'], ':0\r\n'],
      [['bitpos', 'nokey', '0'], ':0\r\n'],
      [['bitpos', 'nokey', '1', 'x'], ':-1\r\n'],
      [['bitpos', 'nokey', '2'], '-ERR The bit argument must be 1 or 0.\r\n'],
      [['set', 'e', ''], '+OK\r\n'],
      [['bitpos', 'e', '0'], ':-1\r\n'],
      [['bitpos', 'e', '1', '0', '-1'], ':-1\r\n'],
      [['lpush', 'l', 'a'], ':1\r\n'],
      [['bitpos', 'l', '0'], WRONGTYPE],
      [['bitpos', 'l', '2'], '-ERR The bit argument must be 1 or 0.\r\n'],
    ],
  },
  {
    name: 'BITOP AND OR XOR NOT, empty results and errors',
    steps: [
      [['set', 'a', '\xf0\x0f\xaa'], '+OK\r\n'],
      [['set', 'b', '\xff'], '+OK\r\n'],
      [['bitop', 'and', 'd', 'a', 'b'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\xf0\x00\x00\r\n'],
      [['bitop', 'OR', 'd', 'a', 'b'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\xff\x0f\xaa\r\n'],
      [['bitop', 'xor', 'd', 'a', 'b'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\x0f\x0f\xaa\r\n'],
      [['bitop', 'not', 'd', 'a'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\x0f\xf0\x55\r\n'],
      [['bitop', 'and', 'd', 'a', 'nokey'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\x00\x00\x00\r\n'],
      [['bitop', 'and', 'd', 'a'], ':3\r\n'],
      [['get', 'd'], '$3\r\n\xf0\x0f\xaa\r\n'],
      [['expire', 'd', '1000'], ':1\r\n'],
      [['bitop', 'or', 'd', 'd', 'b'], ':3\r\n'],
      [['ttl', 'd'], ':-1\r\n'],
      [['bitop', 'not', 'd', 'a', 'b'], '-ERR BITOP NOT must be called with a single source key.\r\n'],
      [['bitop', 'nand', 'd', 'a', 'b'], SYNTAX],
      [['bitop', 'and', 'd', 'nokey', 'nokey2'], ':0\r\n'],
      [['exists', 'd'], ':0\r\n'],
      [['set', 'e', ''], '+OK\r\n'],
      [['set', 'd', 'x'], '+OK\r\n'],
      [['bitop', 'or', 'd', 'e'], ':0\r\n'],
      [['exists', 'd'], ':0\r\n'],
      [['bitop', 'not', 'd', 'nokey'], ':0\r\n'],
      [['lpush', 'l', 'x'], ':1\r\n'],
      [['bitop', 'and', 'd', 'a', 'l'], WRONGTYPE],
      [['bitop', 'not', 'd', 'l'], WRONGTYPE],
      [['bitop', 'and', 'l', 'a'], ':3\r\n'],
      [['get', 'l'], '$3\r\n\xf0\x0f\xaa\r\n'],
    ],
  },
  {
    name: 'BITFIELD GET SET INCRBY with every overflow policy',
    steps: [
      [['bitfield', 'k', 'set', 'u8', '0', '255', 'get', 'u8', '0', 'incrby', 'u8', '0', '10', 'overflow', 'sat', 'incrby', 'u8', '0', '10', 'overflow', 'fail', 'incrby', 'u8', '0', '10', 'get', 'i8', '0'], '*6\r\n:0\r\n:255\r\n:9\r\n:19\r\n:29\r\n:29\r\n'],
      [['get', 'k'], '$1\r\n\x1d\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'set', 'u8', '8', '-1', 'get', 'u8', '8'], '*2\r\n:0\r\n:255\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'set', 'u8', '8', '-1000', 'get', 'u8', '8'], '*2\r\n:255\r\n:255\r\n'],
      [['bitfield', 'k', 'overflow', 'wrap', 'set', 'u8', '8', '-1', 'get', 'u8', '8'], '*2\r\n:255\r\n:255\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'set', 'i8', '8', '-1000', 'get', 'i8', '8'], '*2\r\n:-1\r\n:-128\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'set', 'i8', '8', '1000', 'get', 'i8', '8'], '*2\r\n:-128\r\n:127\r\n'],
      [['bitfield', 'k', 'overflow', 'wrap', 'set', 'i8', '8', '1000', 'get', 'i8', '8'], '*2\r\n:127\r\n:-24\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'incrby', 'u8', '8', '-1000', 'get', 'u8', '8'], '*2\r\n:0\r\n:0\r\n'],
      [['bitfield', 'k', 'overflow', 'wrap', 'incrby', 'u8', '8', '-1000', 'get', 'u8', '8'], '*2\r\n:24\r\n:24\r\n'],
      [['bitfield', 'k', 'overflow', 'fail', 'set', 'u8', '8', '256'], '*1\r\n$-1\r\n'],
      [['bitfield', 'k', 'OVERFLOW', 'FAIL', 'set', 'u8', '8', '-1'], '*1\r\n$-1\r\n'],
      [['bitfield', 'k', 'get', 'i8', '0', 'overflow', 'wrap'], '*1\r\n:29\r\n'],
      [['bitfield', 'k'], '*0\r\n'],
    ],
  },
  {
    name: 'BITFIELD 64-bit fields, unaligned fields and # offsets',
    steps: [
      [['bitfield', 'k', 'set', 'i64', '0', '-9223372036854775808', 'get', 'i64', '0', 'get', 'u63', '0', 'get', 'u63', '1', 'incrby', 'i64', '0', '-1', 'overflow', 'sat', 'incrby', 'i64', '0', '-1'], '*6\r\n:0\r\n:-9223372036854775808\r\n:4611686018427387904\r\n:0\r\n:9223372036854775807\r\n:9223372036854775806\r\n'],
      [['bitfield', 'k', 'overflow', 'sat', 'incrby', 'i64', '0', '-9223372036854775808', 'incrby', 'i64', '0', '9223372036854775807', 'incrby', 'i64', '0', '9223372036854775807'], '*3\r\n:-2\r\n:9223372036854775805\r\n:9223372036854775807\r\n'],
      [['bitfield', 'k', 'overflow', 'wrap', 'incrby', 'i64', '0', '9223372036854775807', 'incrby', 'i64', '0', '9223372036854775807'], '*2\r\n:-2\r\n:9223372036854775805\r\n'],
      [['bitfield', 'k', 'set', 'u63', '0', '9223372036854775807', 'incrby', 'u63', '0', '1', 'overflow', 'sat', 'incrby', 'u63', '0', '9223372036854775807'], '*3\r\n:4611686018427387902\r\n:0\r\n:9223372036854775807\r\n'],
      [['bitfield', 'k', 'set', 'i64', '0', '9223372036854775808'], NOT_INT],
      [['set', 'k', '{\xff\xff\xff\xff\xff\xff\xff'], '+OK\r\n'],
      [['bitfield', 'k', 'set', 'i4', '3', '-3', 'get', 'u16', '0', 'get', 'i5', '1', 'get', 'u1', '3', 'get', 'i1', '3', 'get', 'i3', '13'], '*6\r\n:-3\r\n:31743\r\n:-2\r\n:1\r\n:-1\r\n:-1\r\n'],
      [['bitfield', 'k', 'set', 'u8', '#1', '200', 'get', 'u8', '8', 'get', 'u8', '#1'], '*3\r\n:255\r\n:200\r\n:200\r\n'],
      [['bitfield', 'k', 'incrby', 'i8', '100', '1'], '*1\r\n:1\r\n'],
      [['strlen', 'k'], ':14\r\n'],
      [['set', 's', '\x01\x02'], '+OK\r\n'],
      [['bitfield', 's', 'get', 'u8', '4', 'get', 'i12', '4', 'get', 'u16', '0', 'get', 'u32', '0', 'get', 'i64', '0', 'get', 'u3', '13'], '*6\r\n:16\r\n:258\r\n:258\r\n:16908288\r\n:72620543991349248\r\n:2\r\n'],
      [['bitfield', 's', 'get', 'i8', '4294967295', 'get', 'i8', '#536870911'], '*2\r\n:0\r\n:0\r\n'],
      // "#N" is multiplied with 64-bit wrap-around, as in Redis: 2^61 * 8 is offset 0.
      [['bitfield', 's', 'get', 'u8', '#2305843009213693952', 'get', 'u8', '#-2305843009213693951'], '*2\r\n:1\r\n:2\r\n'],
    ],
  },
  {
    name: 'BITFIELD and BITFIELD_RO errors and key creation',
    steps: [
      [['set', 'k', 'a'], '+OK\r\n'],
      [['bitfield', 'k', 'get', 'u64', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'i65', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'i0', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'I8', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'i08', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'i', '0'], TYPE_ERR],
      [['bitfield', 'k', 'get', 'i8', '#-1'], OFFSET_ERR],
      [['bitfield', 'k', 'get', 'i8', '4294967296'], OFFSET_ERR],
      [['bitfield', 'k', 'get', 'i8', '#536870912'], OFFSET_ERR],
      [['bitfield', 'k', 'get', 'i8', '##1'], OFFSET_ERR],
      [['bitfield', 'k', 'get', 'i8', '18446744073709551616'], OFFSET_ERR],
      [['bitfield', 'k', 'set', 'i8', '0', 'x'], NOT_INT],
      [['bitfield', 'k', 'set', 'i8', '0'], SYNTAX],
      [['bitfield', 'k', 'get', 'i8'], SYNTAX],
      [['bitfield', 'k', 'overflow', 'foo'], '-ERR Invalid OVERFLOW type specified\r\n'],
      [['bitfield', 'k', 'overflow'], SYNTAX],
      [['bitfield', 'k', 'foo', 'i8', '0'], SYNTAX],
      [['bitfield', 'k', 'set', 'i8', '0', '1', 'get', 'x', '0'], TYPE_ERR],
      [['get', 'k'], '$1\r\na\r\n'],
      [['bitfield_ro', 'k', 'get', 'i8', '0', 'set', 'i8', '0', '1'], '-ERR BITFIELD_RO only supports the GET subcommand\r\n'],
      [['bitfield_ro', 'k', 'set', 'x', '0', '1'], TYPE_ERR],
      [['bitfield_ro', 'k', 'set', 'i8', '0', 'x'], NOT_INT],
      [['bitfield_ro', 'k', 'overflow', 'sat', 'get', 'i8', '0'], '*1\r\n:97\r\n'],
      [['bitfield_ro', 'k'], '*0\r\n'],
      [['bitfield_ro', 'nokey', 'get', 'u8', '0', 'get', 'i64', '100'], '*2\r\n:0\r\n:0\r\n'],
      [['bitfield', 'nokey', 'get', 'u8', '0'], '*1\r\n:0\r\n'],
      [['bitfield', 'nokey'], '*0\r\n'],
      [['exists', 'nokey'], ':0\r\n'],
      // A refused write still creates the key, zero-filled up to the field (Redis 7.0 does so).
      [['bitfield', 'new', 'overflow', 'fail', 'incrby', 'u2', '10', '5'], '*1\r\n$-1\r\n'],
      [['exists', 'new'], ':1\r\n'],
      [['strlen', 'new'], ':2\r\n'],
      [['lpush', 'l', 'a'], ':1\r\n'],
      [['bitfield', 'l', 'get', 'i8', '0'], WRONGTYPE],
      [['bitfield', 'l'], WRONGTYPE],
      [['bitfield_ro', 'l'], WRONGTYPE],
      [['bitfield', 'l', 'set', 'x', '0', '1'], TYPE_ERR],
    ],
  },
  {
    name: 'LCS: subsequence, LEN, IDX, MINMATCHLEN, WITHMATCHLEN, errors',
    steps: [
      [['set', 'a', 'ohmytext'], '+OK\r\n'],
      [['set', 'b', 'mynewtext'], '+OK\r\n'],
      [['lcs', 'a', 'b'], '$6\r\nmytext\r\n'],
      [['lcs', 'a', 'b', 'len'], ':6\r\n'],
      [['lcs', 'a', 'b', 'idx'], '*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n'],
      [['lcs', 'a', 'b', 'idx', 'minmatchlen', '4'], '*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n'],
      [['lcs', 'a', 'b', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '0'], '*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n'],
      [['lcs', 'b', 'a', 'idx', 'withmatchlen'], '*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:5\r\n:8\r\n*2\r\n:4\r\n:7\r\n:4\r\n*3\r\n*2\r\n:0\r\n:1\r\n*2\r\n:2\r\n:3\r\n:2\r\n$3\r\nlen\r\n:6\r\n'],
      [['lcs', 'a', 'a', 'idx', 'withmatchlen'], '*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:0\r\n:7\r\n*2\r\n:0\r\n:7\r\n:8\r\n$3\r\nlen\r\n:8\r\n'],
      [['lcs', 'a', 'b', 'minmatchlen', '-5', 'idx'], '*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n'],
      [['lcs', 'a', 'b', 'withmatchlen'], '$6\r\nmytext\r\n'],
      [['lcs', 'a', 'b', 'len', 'len'], ':6\r\n'],
      [['lcs', 'a', 'b', 'len', 'idx'], '-ERR If you want both the length and indexes, please just use IDX.\r\n'],
      [['lcs', 'a', 'b', 'minmatchlen', 'x'], NOT_INT],
      [['lcs', 'a', 'b', 'minmatchlen', '1.5'], NOT_INT],
      [['lcs', 'a', 'b', 'minmatchlen'], SYNTAX],
      [['lcs', 'a', 'b', 'foo'], SYNTAX],
      [['lcs', 'a', 'nokey'], '$0\r\n\r\n'],
      [['lcs', 'a', 'nokey', 'idx'], '*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n'],
      [['lcs', 'nokey', 'nokey2', 'len'], ':0\r\n'],
      [['lpush', 'l', 'x'], ':1\r\n'],
      [['lcs', 'a', 'l'], '-ERR The specified keys must contain string values\r\n'],
      [['lcs', 'l', 'a', 'foo'], '-ERR The specified keys must contain string values\r\n'],
      [['set', 'la', 'x'.repeat(11600)], '+OK\r\n'],
      [['set', 'lb', 'y'.repeat(11600)], '+OK\r\n'],
      [['lcs', 'la', 'lb', 'foo'], SYNTAX],
      [['lcs', 'la', 'lb', 'len'], '-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n'],
    ],
  },
];

describe('bitmap and LCS sessions on the fake context', () => {
  for (const session of sessions) {
    it(session.name, () => {
      const ctx = new FakeContext();
      for (const [argv, expected] of session.steps) {
        expect([argv.join(' '), run(ctx, handlers, ...argv)]).toEqual([argv.join(' '), expected]);
      }
    });
  }
});

const REDIS = '/usr/bin/redis-server';
const describeRedis = existsSync(REDIS) ? describe : describe.skip;

/** End of the first complete RESP2 reply in buf at `from`, or -1 (enough for these replies). */
function replyEnd(buf: Buffer, from: number): number {
  const nl = buf.indexOf('\r\n', from);
  if (nl < 0) return -1;
  const type = buf[from];
  if (type === 0x2b || type === 0x2d || type === 0x3a) return nl + 2;
  const n = Number(buf.toString('latin1', from + 1, nl));
  if (type === 0x24) return n < 0 ? nl + 2 : buf.length >= nl + 4 + n ? nl + 4 + n : -1;
  let at = nl + 2;
  for (let i = 0; i < n && at >= 0; i++) at = replyEnd(buf, at);
  return at;
}

/** A free TCP port (the OS picks one, we release it for redis-server). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Connects, retrying every 20 ms for at most 5 s while redis-server starts. */
async function connectWithRetry(port: number): Promise<Socket> {
  for (let attempt = 0; attempt < 250; attempt++) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const s = connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error(`redis-server did not accept connections on ${port}`);
}

describeRedis('the same sessions against redis-server (proof of the expected bytes)', () => {
  let server: ChildProcess;
  let socket: Socket;
  let pending = Buffer.alloc(0);
  let waiter: (() => void) | null = null;

  async function call(argv: TestArg[]): Promise<string> {
    const parts = argv.map((a) => (typeof a === 'string' ? Buffer.from(a, 'latin1') : a));
    let frame = `*${parts.length}\r\n`;
    const chunks: Buffer[] = [];
    for (const p of parts) {
      chunks.push(Buffer.from(`${frame}$${p.length}\r\n`, 'latin1'), p);
      frame = '\r\n';
    }
    chunks.push(Buffer.from('\r\n'));
    socket.write(Buffer.concat(chunks));
    for (;;) {
      const end = replyEnd(pending, 0);
      if (end >= 0) {
        const reply = pending.toString('latin1', 0, end);
        pending = pending.subarray(end);
        return reply;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply within 5 s')), 5000);
        waiter = () => (clearTimeout(timer), resolve());
      });
    }
  }

  beforeAll(async () => {
    const port = await freePort();
    server = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    socket = await connectWithRetry(port);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (waiter !== null) waiter();
    });
  });
  afterAll(async () => {
    socket.destroy();
    const exited = new Promise((r) => server.once('exit', r));
    server.kill();
    await exited;
  });
  it('random BITFIELD programs and bit scans reply as redis-server does (seeded)', async () => {
    await call(['FLUSHALL']);
    const ctx = new FakeContext();
    let seed = 12345;
    // A small LCG: the same programs on every run, so a failure is reproducible.
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const bigValues = ['9223372036854775807', '-9223372036854775808', '4294967296', '-4294967297', '123456789012345678'];
    for (let step = 0; step < 400; step++) {
      const argv: string[] = ['bitfield', `f${rnd(2)}`];
      for (let op = rnd(4) + 1; op > 0; op--) {
        const signed = rnd(2) === 0;
        const bits = 1 + rnd(signed ? 64 : 63);
        const type = `${signed ? 'i' : 'u'}${bits}`;
        const offset = rnd(4) === 0 ? `#${rnd(6)}` : String(rnd(90));
        const value = rnd(3) === 0 ? bigValues[rnd(bigValues.length)] : String(rnd(2001) - 1000);
        const kind = rnd(4);
        if (kind === 0) argv.push('get', type, offset);
        else if (kind === 1) argv.push('set', type, offset, value);
        else if (kind === 2) argv.push('incrby', type, offset, value);
        else argv.push('overflow', ['wrap', 'sat', 'fail'][rnd(3)]);
      }
      const probes: string[][] = [argv, ['get', argv[1]]];
      const start = String(rnd(40) - 20);
      const end = String(rnd(40) - 20);
      probes.push(['bitcount', argv[1], start, end, rnd(2) === 0 ? 'bit' : 'byte'], ['bitpos', argv[1], String(rnd(2)), start]);
      for (const probe of probes) {
        expect([probe.join(' '), run(ctx, handlers, ...probe)]).toEqual([probe.join(' '), await call(probe)]);
      }
    }
  });

  for (const session of sessions) {
    it(session.name, async () => {
      await call(['FLUSHALL']);
      for (const [argv, expected] of session.steps) {
        expect([argv.join(' '), await call(argv)]).toEqual([argv.join(' '), expected]);
      }
    });
  }
});
