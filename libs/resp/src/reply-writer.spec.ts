/**
 * ReplyWriter: exact bytes of every member in RESP2 and RESP3. The expected bytes were checked against
 * redis-server 7.0.15 where a command produces that reply (ZSCORE for doubles incl. inf, CLIENT INFO
 * for verbatim, HGETALL/SMEMBERS of a missing key for empty map/set, null bulk/array per protocol).
 */

import { ReplyWriter, BIG_BULK } from './reply-writer';
import { SHARED_REPLIES } from './shared-replies';

function written(w: ReplyWriter): string {
  return Buffer.concat(w.takeChunks()).toString('latin1');
}

function both(write: (w: ReplyWriter) => void): [string, string] {
  const out: string[] = [];
  for (const protocol of [2, 3] as const) {
    const w = new ReplyWriter();
    w.protocol = protocol;
    write(w);
    out.push(written(w));
  }
  return [out[0], out[1]];
}

describe('ReplyWriter: bytes of each member', () => {
  const cases: [string, (w: ReplyWriter) => void, string, string][] = [
    ['ok', (w) => w.ok(), '+OK\r\n', '+OK\r\n'],
    ['status', (w) => w.status('PONG'), '+PONG\r\n', '+PONG\r\n'],
    ['error', (w) => w.error('ERR syntax error'), '-ERR syntax error\r\n', '-ERR syntax error\r\n'],
    ['error with newlines', (w) => w.error('ERR a\r\nb'), '-ERR a  b\r\n', '-ERR a  b\r\n'],
    ['integer 0', (w) => w.integer(0), ':0\r\n', ':0\r\n'],
    ['integer 9999 (shared)', (w) => w.integer(9999), ':9999\r\n', ':9999\r\n'],
    ['integer 10000', (w) => w.integer(10000), ':10000\r\n', ':10000\r\n'],
    ['integer -1', (w) => w.integer(-1), ':-1\r\n', ':-1\r\n'],
    ['integer max safe', (w) => w.integer(Number.MAX_SAFE_INTEGER), ':9007199254740991\r\n', ':9007199254740991\r\n'],
    ['integer bigint', (w) => w.integer(-9223372036854775808n), ':-9223372036854775808\r\n', ':-9223372036854775808\r\n'],
    ['bulk buffer', (w) => w.bulk(Buffer.from('a\r\nb')), '$4\r\na\r\nb\r\n', '$4\r\na\r\nb\r\n'],
    ['bulk empty', (w) => w.bulk(''), '$0\r\n\r\n', '$0\r\n\r\n'],
    ['bulk string ascii', (w) => w.bulk('hello'), '$5\r\nhello\r\n', '$5\r\nhello\r\n'],
    ['bulk string utf8', (w) => w.bulk('é€'), '$5\r\n\xc3\xa9\xe2\x82\xac\r\n', '$5\r\n\xc3\xa9\xe2\x82\xac\r\n'],
    ['bulk null', (w) => w.bulk(null), '$-1\r\n', '_\r\n'],
    ['nullArray', (w) => w.nullArray(), '*-1\r\n', '_\r\n'],
    ['arrayHeader 0', (w) => w.arrayHeader(0), '*0\r\n', '*0\r\n'],
    ['arrayHeader 100', (w) => w.arrayHeader(100), '*100\r\n', '*100\r\n'],
    ['mapHeader 0', (w) => w.mapHeader(0), '*0\r\n', '%0\r\n'],
    ['mapHeader 7', (w) => w.mapHeader(7), '*14\r\n', '%7\r\n'],
    ['mapHeader 40', (w) => w.mapHeader(40), '*80\r\n', '%40\r\n'],
    ['setHeader 0', (w) => w.setHeader(0), '*0\r\n', '~0\r\n'],
    ['setHeader 33', (w) => w.setHeader(33), '*33\r\n', '~33\r\n'],
    ['pushHeader 3', (w) => w.pushHeader(3), '*3\r\n', '>3\r\n'],
    ['double 0.1', (w) => w.double(0.1), '$19\r\n0.10000000000000001\r\n', ',0.10000000000000001\r\n'],
    ['double 1e20', (w) => w.double(1e20), '$5\r\n1e+20\r\n', ',1e+20\r\n'],
    ['double 4.5', (w) => w.double(4.5), '$3\r\n4.5\r\n', ',4.5\r\n'],
    ['double 0', (w) => w.double(0), '$1\r\n0\r\n', ',0\r\n'],
    ['double inf', (w) => w.double(Infinity), '$3\r\ninf\r\n', ',inf\r\n'],
    ['double -inf', (w) => w.double(-Infinity), '$4\r\n-inf\r\n', ',-inf\r\n'],
    ['double nan', (w) => w.double(NaN), '$3\r\nnan\r\n', ',nan\r\n'],
    ['bool true', (w) => w.bool(true), ':1\r\n', '#t\r\n'],
    ['bool false', (w) => w.bool(false), ':0\r\n', '#f\r\n'],
    ['verbatim', (w) => w.verbatim('id=1\n'), '$5\r\nid=1\n\r\n', '=9\r\ntxt:id=1\n\r\n'],
    ['verbatim mkd', (w) => w.verbatim('# x', 'mkd'), '$3\r\n# x\r\n', '=7\r\nmkd:# x\r\n'],
    ['raw', (w) => w.raw(SHARED_REPLIES.queued), '+QUEUED\r\n', '+QUEUED\r\n'],
  ];
  it.each(cases)('%s', (_name, write, resp2, resp3) => {
    expect(both(write)).toEqual([resp2, resp3]);
  });

  it('every shared integer is its own decimal', () => {
    const w = new ReplyWriter();
    let expected = '';
    for (let i = 0; i < 10050; i++) {
      w.integer(i);
      expected += ':' + i + '\r\n';
    }
    expect(written(w)).toBe(expected);
  });
});

describe('ReplyWriter: deferred aggregates', () => {
  it('patches the header after the elements', () => {
    const [r2, r3] = both((w) => {
      w.arrayHeader(2);
      const d = w.deferredArray();
      w.bulk('a');
      w.integer(1);
      d.setLength(2);
      const m = w.deferredMap();
      w.bulk('k');
      w.bulk('v');
      m.setLength(1);
    });
    expect(r2).toBe('*2\r\n*2\r\n$1\r\na\r\n:1\r\n*2\r\n$1\r\nk\r\n$1\r\nv\r\n');
    expect(r3).toBe('*2\r\n*2\r\n$1\r\na\r\n:1\r\n%1\r\n$1\r\nk\r\n$1\r\nv\r\n');
  });

  it('nests, handles big counts and sets', () => {
    const [r2, r3] = both((w) => {
      const outer = w.deferredArray();
      const inner = w.deferredSet();
      for (let i = 0; i < 40; i++) w.integer(1);
      inner.setLength(40);
      outer.setLength(1);
    });
    expect(r2).toBe('*1\r\n*40\r\n' + ':1\r\n'.repeat(40));
    expect(r3).toBe('*1\r\n~40\r\n' + ':1\r\n'.repeat(40));
  });

  it('refuses to hand out output while a length is unset', () => {
    const w = new ReplyWriter();
    const d = w.deferredArray();
    expect(() => w.takeChunks()).toThrow('deferred length');
    d.setLength(0);
    expect(written(w)).toBe('*0\r\n');
  });
});

describe('ReplyWriter: output accumulator', () => {
  it('queues a large bulk as its own chunk, by reference', () => {
    const big = Buffer.alloc(BIG_BULK, 0x61);
    const w = new ReplyWriter();
    w.ok();
    w.bulk(big);
    w.ok();
    expect(w.pendingBytes).toBe(5 + 8 + BIG_BULK + 2 + 5);
    const chunks = w.takeChunks();
    expect(chunks.map((c) => c.length)).toEqual([5 + 8, BIG_BULK, 2 + 5]);
    expect(chunks[1]).toBe(big);
    expect(w.pendingBytes).toBe(0);
    expect(w.takeChunks()).toEqual([]);
  });

  it('copies a bulk just under the threshold', () => {
    const w = new ReplyWriter();
    w.bulk(Buffer.alloc(BIG_BULK - 1, 0x62));
    const chunks = w.takeChunks();
    expect(chunks).toHaveLength(1);
    expect(chunks[0].toString('latin1')).toBe(`$${BIG_BULK - 1}\r\n${'b'.repeat(BIG_BULK - 1)}\r\n`);
  });

  it('large strings and verbatim texts are chunks too', () => {
    const text = 'é'.repeat(BIG_BULK);
    const [r2, r3] = both((w) => w.verbatim(text));
    expect(r2).toBe(`$${2 * BIG_BULK}\r\n${Buffer.from(text).toString('latin1')}\r\n`);
    expect(r3).toBe(`=${2 * BIG_BULK + 4}\r\ntxt:${Buffer.from(text).toString('latin1')}\r\n`);
  });

  it('never rewrites bytes already handed out', () => {
    const w = new ReplyWriter();
    w.status('first');
    const taken = w.takeChunks();
    for (let i = 0; i < 5000; i++) w.bulk('xxxxxxxx');
    expect(Buffer.concat(taken).toString()).toBe('+first\r\n');
    expect(written(w)).toBe('$8\r\nxxxxxxxx\r\n'.repeat(5000));
  });

  it('clear drops pending output', () => {
    const w = new ReplyWriter();
    w.ok();
    w.clear();
    expect(w.pendingBytes).toBe(0);
    w.integer(5);
    expect(written(w)).toBe(':5\r\n');
  });
});

describe('ReplyWriter: bulk lengths and latin1 bulks', () => {
  // Lengths around the one-, two- and three-digit fast paths, the 64-char loop, and a slab's end.
  const lengths = [0, 1, 9, 10, 11, 64, 65, 99, 100, 101, 109, 110, 990, 999, 1000, 1001, 16 * 1024 - 20, BIG_BULK - 1, BIG_BULK, BIG_BULK + 1];

  it.each(lengths)('bulkLatin1, bulk(Buffer) and bulk(ascii string) of %i bytes agree byte for byte', (n) => {
    const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x21 + (i % 90))).join('');
    const want = `$${n}\r\n${text}\r\n`;
    for (const write of [(w: ReplyWriter) => w.bulkLatin1(text), (w: ReplyWriter) => w.bulk(Buffer.from(text, 'latin1')), (w: ReplyWriter) => w.bulk(text)]) {
      const w = new ReplyWriter();
      w.status('x');
      write(w);
      w.status('y');
      expect(written(w)).toBe(`+x\r\n${want}+y\r\n`);
    }
  });

  it('bulkLatin1 writes each char as one byte, also those ≥ 0x80, at every length path', () => {
    for (const n of [3, 80, BIG_BULK + 5]) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode((i * 37) % 256)).join('');
      const w = new ReplyWriter();
      w.bulkLatin1(text);
      expect(Buffer.concat(w.takeChunks())).toEqual(Buffer.concat([Buffer.from(`$${n}\r\n`), Buffer.from(text, 'latin1'), Buffer.from('\r\n')]));
    }
  });

  it('fills slabs to their end without splitting a small latin1 bulk across chunks', () => {
    const w = new ReplyWriter();
    const member = 'member:0123456789';
    for (let i = 0; i < 2000; i++) w.bulkLatin1(member);
    const chunks = w.takeChunks();
    expect(chunks.length).toBeGreaterThan(1);
    const one = `$${member.length}\r\n${member}\r\n`;
    for (const c of chunks) expect(c.length % one.length).toBe(0);
    expect(Buffer.concat(chunks).toString('latin1')).toBe(one.repeat(2000));
  });
});

