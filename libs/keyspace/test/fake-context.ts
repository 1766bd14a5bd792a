/**
 * Test helpers: a Reply that records RESP2 bytes, and a CommandContext around a real Keyspace that
 * records what a handler asked to propagate. `run` executes one command and returns its reply text
 * (RESP2, latin1) so specs assert exact bytes as verified against redis-server 7.0.15.
 */
import type { DeferredLength, Reply } from '@resplica/commands';
import type { BlockTimeoutReply, CommandContext, Handler, PropagatedArg } from '../src/context';
import type { Database } from '../src/database';
import { Keyspace } from '../src/keyspace';
import { keyspaceHandlers } from '../src/commands/registry';

export class RecordingReply implements Reply {
  readonly protocol = 2 as const;
  out = '';
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
      this.out += '$-1\r\n';
      return;
    }
    const b = typeof value === 'string' ? Buffer.from(value) : value;
    this.out += `$${b.length}\r\n${b.toString('latin1')}\r\n`;
  }
  nullArray(): void {
    this.out += '*-1\r\n';
  }
  arrayHeader(n: number): void {
    this.out += `*${n}\r\n`;
  }
  mapHeader(pairs: number): void {
    this.out += `*${pairs * 2}\r\n`;
  }
  setHeader(n: number): void {
    this.out += `*${n}\r\n`;
  }
  pushHeader(n: number): void {
    this.out += `*${n}\r\n`;
  }
  double(value: number): void {
    this.bulk(String(value));
  }
  bool(value: boolean): void {
    this.out += value ? ':1\r\n' : ':0\r\n';
  }
  verbatim(text: string): void {
    this.bulk(text);
  }
  deferredArray(): DeferredLength {
    const at = this.out.length;
    return {
      setLength: (n: number) => {
        this.out = this.out.slice(0, at) + `*${n}\r\n` + this.out.slice(at);
      },
    };
  }
  raw(bytes: Buffer): void {
    this.out += bytes.toString('latin1');
  }
}

export class FakeContext implements CommandContext {
  readonly reply = new RecordingReply();
  readonly keyspace: Keyspace;
  db: Database;
  now: number;
  /** Each rewrite() call, as latin1 strings; empty when the original argv would be propagated. */
  rewrites: string[][] = [];
  /** Keys reported expired through the hooks, as `db:key`. */
  expired: string[] = [];
  dirtyBefore = 0;

  constructor(now = 1_700_000_000_000, databases = 16) {
    this.keyspace = new Keyspace({
      databases,
      hooks: { expired: (db, key) => this.expired.push(`${db}:${key}`) },
    });
    this.db = this.keyspace.databases[0];
    this.now = now;
  }

  rewrite(argv: PropagatedArg[]): void {
    this.rewrites.push(argv.map((a) => (typeof a === 'string' ? a : a.toString('latin1'))));
  }

  /** Blocking requests made by handlers (block() calls), newest last. */
  blocks: { keys: string[]; timeoutMs: number; timeoutReply: BlockTimeoutReply }[] = [];
  mayBlock = true;

  block(keys: readonly Buffer[], timeoutMs: number, timeoutReply: BlockTimeoutReply): void {
    this.blocks.push({ keys: keys.map((k) => k.toString('latin1')), timeoutMs, timeoutReply });
  }

  noPropagate(): void {
    this.rewrites.push([]);
  }

  /** Runs one command; returns its reply bytes as latin1 text. */
  run(...args: (string | Buffer)[]): string {
    const argv = args.map((a) => (typeof a === 'string' ? Buffer.from(a, 'latin1') : a));
    const handler: Handler | undefined = keyspaceHandlers.get(argv[0].toString('latin1').toLowerCase());
    if (handler === undefined) throw new Error(`no handler for ${args[0]}`);
    this.reply.out = '';
    this.rewrites = [];
    this.dirtyBefore = this.keyspace.dirty;
    handler(this, argv);
    return this.reply.out;
  }

  /** How much the last command added to dirty. */
  dirtyDelta(): number {
    return this.keyspace.dirty - this.dirtyBefore;
  }
}
