/**
 * RequestParser: every case was checked against redis-server 7.0.15 by sending the same raw bytes
 * (replies and the arguments Redis stored, read back with LRANGE). Each runs whole, byte by byte and
 * split at every boundary.
 */

import { expectThreeWays, drive, type Outcome } from '../test/three-ways';
import { RequestParser } from './request-parser';
import { RespProtocolError } from './errors';
import type { RequestLimits } from './limits';

const b = (s: string) => Buffer.from(s, 'latin1');

function runner(limits?: Partial<RequestLimits>, authenticated = true) {
  return (chunks: Buffer[]): Outcome<string[]> => {
    const parser = new RequestParser(limits);
    parser.authenticated = authenticated;
    const out = drive(parser, chunks, (p) => p.next());
    return { values: out.values.map((argv) => argv.map((a) => a.toString('latin1'))), error: out.error };
  };
}

const ok = (...values: string[][]): Outcome<string[]> => ({ values, error: null });
const fails = (error: string, ...values: string[][]): Outcome<string[]> => ({ values, error: 'Protocol error: ' + error });

describe('RequestParser: accepted input', () => {
  const cases: [string, string, Outcome<string[]>][] = [
    ['multibulk', '*1\r\n$4\r\nPING\r\n', ok(['PING'])],
    ['two args', '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n', ok(['ECHO', ''])],
    ['binary bulk', '*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\x00\xff\r\n', ok(['ECHO', '\r\n\x00\xff'])],
    ['skips *-1 *0 *-5', '*-1\r\n*0\r\n*-5\r\n*1\r\n$4\r\nPING\r\n', ok(['PING'])],
    ['bytes after a bulk are not checked', '*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n', ok(['PING'], ['PING'])],
    ['any byte after CR in a header', '*1\rX$4\r\nPING\r\n', ok(['PING'])],
    ['pipeline mixes inline and multibulk', 'PING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\nSET a b\n', ok(['PING'], ['GET', 'k'], ['SET', 'a', 'b'])],
    ['blank inline lines are skipped', '\r\n\n  \r\nPING\r\n', ok(['PING'])],
    ['inline LF only', 'PING\n', ok(['PING'])],
    ['inline CR is a blank', 'PING\r\r\n', ok(['PING'])],
    ['double-quote escapes', 'RPUSH l1 "a\\x41\\n\\t\\r\\b\\a\\"\\\\z"\r\n', ok(['RPUSH', 'l1', 'aA\n\t\r\b\x07"\\z'])],
    ['CR splits unquoted', 'RPUSH l2 a\rb\r\n', ok(['RPUSH', 'l2', 'a', 'b'])],
    ['runs of blanks', 'RPUSH l3    x\t\ty\r\n', ok(['RPUSH', 'l3', 'x', 'y'])],
    ['VT and FF stay inside unquoted', 'RPUSH l4 x\x0by x\x0cy\r\n', ok(['RPUSH', 'l4', 'x\x0by', 'x\x0cy'])],
    ['VT after a closing quote', 'RPUSH l5 "ab"\x0b "c"\r\n', ok(['RPUSH', 'l5', 'ab', 'c'])],
    [
      'single quotes and mid-token quotes',
      "RPUSH l6 'a\\\\'b' 'a\\nb' a\"b c\" e\r\n",
      ok(['RPUSH', 'l6', "a\\'b", 'a\\nb', 'ab c', 'e']),
    ],
    ['bad hex and unknown escapes', 'RPUSH l7 "\\x4g" "\\x41\\x4" "\\q" ""\r\n', ok(['RPUSH', 'l7', 'x4g', 'Ax4', 'q', ''])],
    ['leading VT, empty single quotes', "\x0b RPUSH l8 '' x\r\n", ok(['RPUSH', 'l8', '', 'x'])],
    ['incomplete is not an error', '*1\r\n$4\r\nPING', ok()],
    ['waits for the bytes after a bulk too', '*1\r\n$4\r\nPINGx', ok()],
    ['incomplete header waits for the byte after CR', '*x\r', ok()],
    ['1048576 args is allowed', '*1048576\r\n', ok()],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expectThreeWays(b(input), runner(), expected);
  });
});

describe('RequestParser: protocol errors (Redis replies -ERR <text> and closes)', () => {
  const cases: [string, Outcome<string[]>][] = [
    ['*x\r\n', fails('invalid multibulk length')],
    ['*01\r\n', fails('invalid multibulk length')],
    ['*+1\r\n', fails('invalid multibulk length')],
    ['*-0\r\n', fails('invalid multibulk length')],
    ['*\r\n', fails('invalid multibulk length')],
    ['*1 \r\n', fails('invalid multibulk length')],
    ['*2147483648\r\n', fails('invalid multibulk length')],
    ['*1048577\r\n', fails('invalid multibulk length')],
    ['*-9223372036854775809\r\n', fails('invalid multibulk length')],
    ['*-9223372036854775808\r\n*1\r\n$1\r\na\r\n', ok(['a'])],
    ['*1\r\nx4\r\nPING\r\n', fails("expected '$', got 'x'")],
    ['*2\r\n$1\r\na\r\n*1\r\n', fails("expected '$', got '*'")],
    ['*1\r\n\r\n', fails("expected '$', got '\r'")],
    ['*1\r\n$-1\r\n', fails('invalid bulk length')],
    ['*1\r\n$x\r\n', fails('invalid bulk length')],
    ['*1\r\n$04\r\nPING\r\n', fails('invalid bulk length')],
    ['*1\r\n$\r\n', fails('invalid bulk length')],
    ['*1\r\n$536870913\r\n', fails('invalid bulk length')],
    ['*1\r\n$4\r\nPING\r\n*1\r\n$\r\n', fails('invalid bulk length', ['PING'])],
    ['ECHO "abc\r\n', fails('unbalanced quotes in request')],
    ['ECHO "ab"c\r\n', fails('unbalanced quotes in request')],
    ["ECHO 'ab'c\r\n", fails('unbalanced quotes in request')],
    ['ECHO "a\nb"\r\n', fails('unbalanced quotes in request')],
    ['ECHO "ab\\"\r\n', fails('unbalanced quotes in request')],
    ['PING\r\nECHO a"b"c\r\n', fails('unbalanced quotes in request', ['PING'])],
  ];
  it.each(cases)('%j', (input, expected) => {
    expectThreeWays(b(input), runner(), expected);
  });
});

describe('RequestParser: limits', () => {
  // Large inputs: whole, and a handful of splits (byte by byte would be quadratic in the carry).
  const some = { byteByByte: false, splits: [1, 2, 1000, 65535, 65536] };

  it('an inline request without newline over 64 KiB', () => {
    expectThreeWays(b('x'.repeat(65537)), runner(), fails('too big inline request'), some);
    expectThreeWays(b('x'.repeat(65536)), runner(), ok(), some);
    expectThreeWays(b('x'.repeat(65536) + '\r\n'), runner(), ok(['x'.repeat(65536)]), some);
  });

  it('a multibulk count line over 64 KiB', () => {
    expectThreeWays(b('*' + '1'.repeat(65536)), runner(), fails('too big mbulk count string'), some);
    // With its CR in the same read Redis parses it and refuses the number instead.
    expectThreeWays(b('*' + '1'.repeat(70000) + '\r\n'), runner(), fails('invalid multibulk length'), { byteByByte: false, splits: [] });
  });

  it('a bulk count line over 64 KiB', () => {
    expectThreeWays(b('*1\r\n$' + '1'.repeat(65536)), runner(), fails('too big bulk count string'), some);
    expectThreeWays(b('*1\r\n$' + '1'.repeat(65535)), runner(), ok(), some);
  });

  it('a 2 GB declared bulk is refused at its header', () => {
    expectThreeWays(b('*1\r\n$2147483648\r\n'), runner(), fails('invalid bulk length'));
    expectThreeWays(b('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2147483647\r\n'), runner(), fails('invalid bulk length'));
  });

  it('setMaxBulkLen changes the bulk limit', () => {
    const parser = new RequestParser();
    parser.setMaxBulkLen(3);
    parser.feed(b('*1\r\n$3\r\nabc\r\n*1\r\n$4\r\n'));
    expect(parser.next()!.map(String)).toEqual(['abc']);
    expect(() => parser.next()).toThrow(new RespProtocolError('Protocol error: invalid bulk length'));
  });

  it('before AUTH: at most 10 args and 16384-byte bulks (multibulk only)', () => {
    const unauth = (input: string, expected: Outcome<string[]>) => expectThreeWays(b(input), runner({}, false), expected);
    unauth('*11\r\n', fails('unauthenticated multibulk length'));
    unauth('*2147483648\r\n', fails('invalid multibulk length'));
    unauth('*10\r\n$16385\r\n', fails('unauthenticated bulk length'));
    unauth('*1\r\n$536870913\r\n', fails('invalid bulk length'));
    unauth('*1\r\n$16384\r\n', ok());
    unauth('*10\r\n', ok());
    unauth('a b c d e f g h i j k l\r\n', ok('a b c d e f g h i j k l'.split(' ')));
    expectThreeWays(b('*11\r\n'), runner({}, true), ok());
  });
});

describe('RequestParser: buffering', () => {
  it('returns views of the chunk when an argument lies inside it', () => {
    const chunk = b('*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n');
    const parser = new RequestParser();
    parser.feed(chunk);
    const argv = parser.next()!;
    expect(argv[1].buffer).toBe(chunk.buffer);
    expect(argv[1].byteOffset).toBe(chunk.byteOffset + 17);
  });

  it('copies only a bulk that spans chunks', () => {
    const parser = new RequestParser();
    const first = b('*2\r\n$3\r\nSET\r\n$6\r\nabc');
    parser.feed(first);
    expect(parser.next()).toBeNull();
    parser.feed(b('def\r\n'));
    const argv = parser.next()!;
    expect(argv.map(String)).toEqual(['SET', 'abcdef']);
    first.fill(0x2e);
    expect(argv.map(String)).toEqual(['...', 'abcdef']);
    expect(parser.bufferedBytes).toBe(0);
  });

  it('keeps the tail when fed twice without draining', () => {
    const parser = new RequestParser();
    parser.feed(b('*1\r\n$4\r\nPI'));
    parser.feed(b('NG\r\nPING\r\n'));
    expect(parser.next()!.map(String)).toEqual(['PING']);
    expect(parser.next()!.map(String)).toEqual(['PING']);
    expect(parser.next()).toBeNull();
  });
});
