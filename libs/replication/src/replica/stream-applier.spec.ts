import { encodeCommand } from '@resplica/resp';
import { ReplicaLinkError } from './errors';
import { StreamApplier, type StreamTarget } from './stream-applier';

/** A master client as the node keeps it: MULTI queues until EXEC. Records copies. */
class Target implements StreamTarget {
  executed: string[][] = [];
  chunks: Buffer[] = [];
  private multi = false;
  execute(argv: Buffer[]): void {
    this.executed.push(argv.map((a) => a.toString('latin1')));
    const name = argv[0].toString('latin1').toLowerCase();
    if (name === 'multi') this.multi = true;
    if (name === 'exec') this.multi = false;
  }
  inTransaction(): boolean {
    return this.multi;
  }
  applied(bytes: Buffer): void {
    this.chunks.push(Buffer.from(bytes));
  }
}

function applier(offset: number): { a: StreamApplier; t: Target; acks: number[] } {
  const t = new Target();
  const acks: number[] = [];
  const a = new StreamApplier(t, offset, (o) => acks.push(o));
  return { a, t, acks };
}

const cmd = (...args: string[]): Buffer => encodeCommand(args.map((s) => Buffer.from(s, 'latin1')));

/** The stream of the spec's §3.9 walk-through, after +FULLRESYNC … 1000. */
const WALK = [
  cmd('SELECT', '0'), // 23 -> 1023
  cmd('SET', 'k1', 'v1'), // 29 -> 1052
  cmd('ping'), // 14 -> 1066
  cmd('SET', 'bin\0key', 'x\r\ny'), // 36 -> 1102
  cmd('SET', 'gone', '1', 'PXAT', '1000'), // 50 -> 1152
  cmd('MULTI'), // 15 -> 1167
  cmd('INCR', 'ctr'), // 23 -> 1190
  cmd('INCR', 'ctr'), // 23 -> 1213
  cmd('EXEC'), // 14 -> 1227
  cmd('REPLCONF', 'GETACK', '*'), // 37 -> 1264
];
const WALK_BYTES = Buffer.concat(WALK);
/** Offsets at which reploff may stand: after each command outside the transaction. */
const APPLY_POINTS = [1000, 1023, 1052, 1066, 1102, 1152, 1227, 1264];
const WALK_EXECUTED = [
  ['SELECT', '0'],
  ['SET', 'k1', 'v1'],
  ['ping'],
  ['SET', 'bin\0key', 'x\r\ny'],
  ['SET', 'gone', '1', 'PXAT', '1000'],
  ['MULTI'],
  ['INCR', 'ctr'],
  ['INCR', 'ctr'],
  ['EXEC'],
];

/** Whole, byte by byte, and in two at every boundary. */
function cuts(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('StreamApplier offsets (spec §3.2, §3.5, §3.9)', () => {
  it('follows the walk-through: lengths as the spec lists them', () => {
    expect(WALK.map((c) => c.length)).toEqual([23, 29, 14, 36, 50, 15, 23, 23, 14, 37]);
  });

  it.each(cuts(WALK_BYTES).map((c, i) => [i, c] as const))('applies the walk-through cut #%i exactly', (_i, pieces) => {
    const { a, t, acks } = applier(1000);
    let fed = 0;
    for (const piece of pieces) {
      a.push(piece);
      fed += piece.length;
      expect(a.readOffset).toBe(1000 + fed);
      // reploff is the last command end outside the transaction: never inside MULTI…EXEC.
      const expected = Math.max(...APPLY_POINTS.filter((p) => p <= 1000 + fed));
      expect(a.offset).toBe(expected);
    }
    expect(t.executed).toEqual(WALK_EXECUTED);
    expect(acks).toEqual([1227]);
    expect(a.offset).toBe(1264);
    expect(Buffer.concat(t.chunks)).toEqual(WALK_BYTES);
    let at = 1000;
    for (const chunk of t.chunks) {
      at += chunk.length;
      expect(APPLY_POINTS).toContain(at);
    }
  });

  it('stays at 1152 while MULTI is open, however many commands it holds', () => {
    const { a, t } = applier(1000);
    a.push(Buffer.concat(WALK.slice(0, 7)));
    expect(a.offset).toBe(1152);
    expect(a.readOffset).toBe(1190);
    expect(Buffer.concat(t.chunks)).toEqual(Buffer.concat(WALK.slice(0, 5)));
  });

  it('answers GETACK in any case with the offset before it', () => {
    const { a, t, acks } = applier(50);
    a.push(Buffer.concat([cmd('replconf', 'getack', '*'), cmd('ReplConf', 'GetAck', '*')]));
    expect(acks).toEqual([50, 87]);
    expect(t.executed).toEqual([]);
    expect(a.offset).toBe(124);
  });

  it('executes other REPLCONF commands', () => {
    const { a, t, acks } = applier(0);
    a.push(cmd('REPLCONF', 'ACK', '5'));
    expect(t.executed).toEqual([['REPLCONF', 'ACK', '5']]);
    expect(acks).toEqual([]);
  });

  it('counts bare newlines between commands into the next command (as 7.0)', () => {
    const bytes = Buffer.concat([cmd('PING'), Buffer.from('\n\r\n'), cmd('PING')]);
    for (const pieces of cuts(bytes)) {
      const { a, t } = applier(10);
      for (const p of pieces) a.push(p);
      expect(t.executed).toEqual([['PING'], ['PING']]);
      expect(a.offset).toBe(10 + bytes.length);
      expect(Buffer.concat(t.chunks)).toEqual(bytes);
    }
  });

  it('copies a large value that spans chunks and hands the exact bytes on', () => {
    const big = 'v'.repeat(100_000);
    const bytes = Buffer.concat([cmd('SET', 'k', big), cmd('DEL', 'k')]);
    const { a, t } = applier(0);
    for (let i = 0; i < bytes.length; i += 8192) a.push(bytes.subarray(i, i + 8192));
    expect(t.executed).toEqual([['SET', 'k', big], ['DEL', 'k']]);
    expect(Buffer.concat(t.chunks)).toEqual(bytes);
    expect(a.offset).toBe(bytes.length);
  });
});

describe('StreamApplier desync (spec §3.1)', () => {
  const cases: [string, Buffer][] = [
    ['an inline command', Buffer.from('PING\r\n')],
    ['a space line', Buffer.from(' \n')],
    ['a lone CR', Buffer.from('\rX')],
    ['a bad bulk header', Buffer.from('*1\r\n$x\r\n')],
  ];
  it.each(cases)('closes on %s after applying what came before', (_name, bad) => {
    const bytes = Buffer.concat([cmd('SET', 'a', '1'), bad]);
    for (const pieces of cuts(bytes)) {
      const { a, t } = applier(100);
      let error: unknown = null;
      try {
        for (const p of pieces) a.push(p);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ReplicaLinkError);
      expect((error as ReplicaLinkError).desync).toBe(true);
      expect(t.executed).toEqual([['SET', 'a', '1']]);
      expect(a.offset).toBe(127);
      expect(Buffer.concat(t.chunks)).toEqual(cmd('SET', 'a', '1'));
    }
  });

  it('stops applying after close()', () => {
    const t = new Target();
    const a: StreamApplier = new StreamApplier(
      {
        execute: (v) => {
          t.execute(v);
          a.close();
        },
        inTransaction: () => false,
        applied: (b) => t.applied(b),
      },
      0,
      () => undefined,
    );
    a.push(Buffer.concat([cmd('PING'), cmd('PING')]));
    expect(t.executed).toEqual([['PING']]);
    expect(Buffer.concat(t.chunks)).toEqual(cmd('PING'));
  });
});
