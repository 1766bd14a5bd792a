/**
 * Test support for the bitmap and LCS specs (not exported by the lib): a Reply that records the
 * exact RESP2 or RESP3 bytes a real server would send, and a CommandContext over a real Keyspace
 * that records propagation requests. Specs compare the bytes with what redis-server 7.0.15 sent.
 *
 * Invariant: the encoding matches Redis's for every Reply method the bitmap and LCS handlers use;
 * the others throw, so a handler that starts using one is noticed.
 */
import type { DeferredLength, Reply } from '@resplica/commands';
import type { BlockTimeoutReply, CommandContext, Handler, PropagatedArg } from '../src/context';
import { Keyspace, type Database } from '../src/keyspace';

/** A Reply that appends RESP bytes (as a latin1 string, one char per byte) to `out`. */
export class RecordingReply implements Reply {
  readonly protocol: 2 | 3;
  out: string;

  constructor(protocol: 2 | 3 = 2) {
    this.protocol = protocol;
    this.out = '';
  }

  ok(): void {
    this.out += '+OK\r\n';
  }
  status(text: string): void {
    this.out += `+${text}\r\n`;
  }
  error(message: string): void {
    this.out += `-${message}\r\n`;
  }
  integer(n: number | bigint): void {
    this.out += `:${n}\r\n`;
  }
  bulkLatin1(value: string): void {
    this.bulk(Buffer.from(value, 'latin1'));
  }
  bulk(value: Buffer | string | null): void {
    if (value === null) {
      this.out += this.protocol === 3 ? '_\r\n' : '$-1\r\n';
      return;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value) : value;
    this.out += `$${bytes.length}\r\n${bytes.toString('latin1')}\r\n`;
  }
  nullArray(): void {
    this.out += this.protocol === 3 ? '_\r\n' : '*-1\r\n';
  }
  arrayHeader(n: number): void {
    this.out += `*${n}\r\n`;
  }
  mapHeader(pairs: number): void {
    this.out += this.protocol === 3 ? `%${pairs}\r\n` : `*${pairs * 2}\r\n`;
  }
  setHeader(): void {
    throw new Error('setHeader: not used by the bitmap commands');
  }
  pushHeader(): void {
    throw new Error('pushHeader: not used by the bitmap commands');
  }
  double(): void {
    throw new Error('double: not used by the bitmap commands');
  }
  bool(): void {
    throw new Error('bool: not used by the bitmap commands');
  }
  verbatim(): void {
    throw new Error('verbatim: not used by the bitmap commands');
  }
  deferredArray(): DeferredLength {
    throw new Error('deferredArray: not used by the bitmap commands');
  }
  raw(bytes: Buffer): void {
    this.out += bytes.toString('latin1');
  }
}

/** A CommandContext over a fresh 16-database Keyspace, recording rewrite/noPropagate calls. */
export class FakeContext implements CommandContext {
  readonly reply: RecordingReply;
  readonly keyspace: Keyspace;
  db: Database;
  now: number;
  rewrites: PropagatedArg[][];
  suppressed: boolean;

  constructor(protocol: 2 | 3 = 2) {
    this.reply = new RecordingReply(protocol);
    this.keyspace = new Keyspace({ databases: 16 });
    this.db = this.keyspace.databases[0];
    this.now = 1_700_000_000_000;
    this.rewrites = [];
    this.suppressed = false;
  }

  rewrite(argv: PropagatedArg[]): void {
    this.rewrites.push(argv);
  }
  /** Blocking requests made by handlers (block() calls), newest last. */
  blocks: { keys: string[]; timeoutMs: number; timeoutReply: BlockTimeoutReply }[] = [];
  mayBlock = true;

  block(keys: readonly Buffer[], timeoutMs: number, timeoutReply: BlockTimeoutReply): void {
    this.blocks.push({ keys: keys.map((k) => k.toString('latin1')), timeoutMs, timeoutReply });
  }

  noPropagate(): void {
    this.suppressed = true;
  }
}

/** One argument as a test writes it: text (latin1, so '\xff' is the byte 0xff) or raw bytes. */
export type TestArg = string | Buffer;

/**
 * Runs one command through `handlers` and returns the RESP bytes it replied (latin1 string).
 * argv[0] picks the handler case-insensitively, as the dispatcher would.
 */
export function run(ctx: FakeContext, handlers: ReadonlyArray<readonly [string, Handler]>, ...args: TestArg[]): string {
  const argv = args.map((a) => (typeof a === 'string' ? Buffer.from(a, 'latin1') : a));
  const name = argv[0].toString('latin1').toLowerCase();
  const entry = handlers.find(([n]) => n === name);
  if (entry === undefined) throw new Error(`no handler for ${name}`);
  ctx.reply.out = '';
  entry[1](ctx, argv);
  return ctx.reply.out;
}
