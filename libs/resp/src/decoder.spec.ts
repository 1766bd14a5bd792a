/**
 * RespDecoder: a table of RESP2/RESP3 replies (bytes as redis-server 7.0.15 sends them where it has
 * such a reply) run whole, byte by byte and split at every boundary; protocol errors; nesting limits.
 */

import { expectThreeWays, drive, type Outcome } from '../test/three-ways';
import { RespDecoder, type RespDecoderLimits } from './decoder';
import type { RespValue } from './values';

const b = (s: string) => Buffer.from(s, 'latin1');
const bulk = (s: string): RespValue => ({ type: 'bulk', value: b(s) });
const int = (n: number | bigint): RespValue => ({ type: 'integer', value: n });

function runner(limits?: Partial<RespDecoderLimits>) {
  return (chunks: Buffer[]): Outcome<RespValue> => drive(new RespDecoder(limits), chunks, (d) => d.next());
}
const ok = (...values: RespValue[]): Outcome<RespValue> => ({ values, error: null });
const fails = (error: string, ...values: RespValue[]): Outcome<RespValue> => ({ values, error: 'Protocol error: ' + error });

describe('RespDecoder: values', () => {
  const cases: [string, string, Outcome<RespValue>][] = [
    ['simple', '+OK\r\n', ok({ type: 'simple', value: 'OK' })],
    ['error', '-ERR unknown command\r\n', ok({ type: 'error', value: 'ERR unknown command' })],
    ['integers', ':0\r\n:-1\r\n:9007199254740991\r\n', ok(int(0), int(-1), int(9007199254740991))],
    ['bigint integer', ':-9223372036854775808\r\n', ok(int(-9223372036854775808n))],
    ['bulk', '$5\r\nhello\r\n$0\r\n\r\n', ok(bulk('hello'), bulk(''))],
    ['binary bulk', '$4\r\n\r\n\x00\xff\r\n', ok(bulk('\r\n\x00\xff'))],
    ['null bulk', '$-1\r\n', ok({ type: 'bulk', value: null })],
    ['null array', '*-1\r\n', ok({ type: 'array', value: null })],
    ['empty array', '*0\r\n', ok({ type: 'array', value: [] })],
    ['array', '*3\r\n:1\r\n$1\r\na\r\n*1\r\n+x\r\n', ok({ type: 'array', value: [int(1), bulk('a'), { type: 'array', value: [{ type: 'simple', value: 'x' }] }] })],
    ['RESP3 null', '_\r\n', ok({ type: 'null' })],
    ['doubles', ',0.10000000000000001\r\n,inf\r\n,-inf\r\n,1e+20\r\n,-3\r\n', ok(
      { type: 'double', value: 0.1 }, { type: 'double', value: Infinity }, { type: 'double', value: -Infinity },
      { type: 'double', value: 1e20 }, { type: 'double', value: -3 },
    )],
    ['booleans', '#t\r\n#f\r\n', ok({ type: 'boolean', value: true }, { type: 'boolean', value: false })],
    ['big number', '(3492890328409238509324850943850943825024385\r\n', ok({ type: 'bignum', value: 3492890328409238509324850943850943825024385n })],
    ['verbatim', '=9\r\ntxt:id=1\n\r\n', ok({ type: 'verbatim', format: 'txt', value: b('id=1\n') })],
    ['blob error', '!9\r\nERR boom!\r\n', ok({ type: 'blobError', value: b('ERR boom!') })],
    ['map (HELLO-like)', '%2\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n', ok({ type: 'map', value: [[bulk('server'), bulk('redis')], [bulk('proto'), int(3)]] })],
    ['empty map and set', '%0\r\n~0\r\n', ok({ type: 'map', value: [] }, { type: 'set', value: [] })],
    ['set', '~2\r\n$1\r\na\r\n$1\r\nb\r\n', ok({ type: 'set', value: [bulk('a'), bulk('b')] })],
    ['push', '>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n', ok({ type: 'push', value: [bulk('subscribe'), bulk('ch'), int(1)] })],
    ['attribute on a top value', '|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n', ok({ type: 'attribute', attributes: [[{ type: 'simple', value: 'ttl' }, int(3)]], value: bulk('v') })],
    ['attribute inside an array', '*2\r\n:1\r\n|1\r\n+a\r\n+b\r\n:2\r\n', ok({ type: 'array', value: [int(1), { type: 'attribute', attributes: [[{ type: 'simple', value: 'a' }, { type: 'simple', value: 'b' }]], value: int(2) }] })],
    ['two attributes merge', '|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n#t\r\n', ok({ type: 'attribute', attributes: [[{ type: 'simple', value: 'a' }, int(1)], [{ type: 'simple', value: 'b' }, int(2)]], value: { type: 'boolean', value: true } })],
    ['pipeline', '+OK\r\n:1\r\n$-1\r\n', ok({ type: 'simple', value: 'OK' }, int(1), { type: 'bulk', value: null })],
    ['incomplete', '*2\r\n$1\r\na\r\n', ok()],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expectThreeWays(b(input), runner(), expected);
  });
});

describe('RespDecoder: protocol errors', () => {
  const cases: [string, Outcome<RespValue>][] = [
    ['?x\r\n', fails("unexpected type byte '?'")],
    ['+OK\rX', fails('expected CRLF')],
    [':abc\r\n', fails('invalid integer')],
    [':01\r\n', fails('invalid integer')],
    ['$-2\r\n', fails('invalid bulk length')],
    ['$x\r\n', fails('invalid bulk length')],
    ['$1\r\nabc\r\n', fails('expected CRLF after bulk')],
    ['*-2\r\n', fails('invalid multibulk length')],
    ['%x\r\n', fails('invalid multibulk length')],
    ['#x\r\n', fails('invalid boolean')],
    [',1.2.3\r\n', fails('invalid double')],
    ['(12a\r\n', fails('invalid big number')],
    ['_x\r\n', fails('invalid null')],
    ['=2\r\nab\r\n', fails('invalid verbatim string')],
    ['+OK\r\n:x\r\n', fails('invalid integer', { type: 'simple', value: 'OK' })],
  ];
  it.each(cases)('%j', (input, expected) => {
    expectThreeWays(b(input), runner(), expected);
  });

  it('caps nesting depth instead of overflowing the stack', () => {
    expectThreeWays(b('*1\r\n'.repeat(129) + ':1\r\n'), runner(), fails('too deep nesting of aggregates'), { byteByByte: false, splits: [3, 100] });
    const deep = runner({ maxDepth: 100000 })([b('*1\r\n'.repeat(100000) + ':1\r\n')]);
    let v = deep.values[0];
    let depth = 0;
    while (v.type === 'array') {
      v = v.value![0];
      depth++;
    }
    expect(depth).toBe(100000);
  });

  it('limits bulk length and line length', () => {
    expectThreeWays(b('$11\r\n'), runner({ maxBulkLen: 10 }), fails('invalid bulk length'));
    expectThreeWays(b('$2147483648\r\n'), runner(), fails('invalid bulk length'));
    expectThreeWays(b('+' + 'x'.repeat(11)), runner({ maxLineLen: 10 }), fails('too big line'));
    expectThreeWays(b('+' + 'x'.repeat(10) + '\r\n'), runner({ maxLineLen: 10 }), ok({ type: 'simple', value: 'x'.repeat(10) }));
  });
});

describe('RespDecoder: buffering', () => {
  it('returns views for bulks inside one chunk and copies the ones that span', () => {
    const first = b('*2\r\n$3\r\nabc\r\n$4\r\nde');
    const d = new RespDecoder();
    d.feed(first);
    expect(d.next()).toBeUndefined();
    d.feed(b('fg\r\n'));
    const v = d.next();
    first.fill(0x2e);
    expect(v).toEqual({ type: 'array', value: [bulk('...'), bulk('defg')] });
  });
});
