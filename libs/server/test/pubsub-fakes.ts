/**
 * Test doubles for the pub/sub, CLIENT and MONITOR specs: a Reply that records the exact RESP2 or
 * RESP3 bytes a handler writes, a ClientView with plain fields, and a NodeView holding real
 * `PubSub` and `Monitors` instances. Used only by specs; nothing here touches a socket.
 *
 * Invariant: `RecordingReply` encodes by the Reply contract (libs/commands/src/reply.ts) alone, so a
 * spec that passes here asserts the bytes the real reply writer must produce.
 */
import type { DeferredLength, Reply } from '@resplica/commands';
import type { CommandContext } from '@resplica/keyspace';
import type { ClientView, NodeStats, NodeView, ReplyMode } from '../src/contracts';
import { PubSub } from '../src/pubsub';
import { Monitors } from '../src/commands/monitor';

/** Records replies as RESP bytes; `take()` returns what was written since the last take. */
export class RecordingReply implements Reply {
  protocol: 2 | 3;
  private chunks: (Buffer | string)[];

  constructor(protocol: 2 | 3 = 2) {
    this.protocol = protocol;
    this.chunks = [];
  }

  /** Everything written since the last call, as a latin1 string (one char per byte). */
  take(): string {
    const out = this.chunks.map((c) => (typeof c === 'string' ? c : c.toString('latin1'))).join('');
    this.chunks = [];
    return out;
  }

  private push(text: string): void {
    this.chunks.push(text);
  }

  ok(): void {
    this.push('+OK\r\n');
  }
  status(text: string): void {
    this.push(`+${text}\r\n`);
  }
  error(message: string): void {
    this.push(`-${message}\r\n`);
  }
  integer(n: number | bigint): void {
    this.push(`:${n}\r\n`);
  }
  bulkLatin1(value: string): void {
    this.bulk(Buffer.from(value, 'latin1'));
  }
  bulk(value: Buffer | string | null): void {
    if (value === null) {
      this.push(this.protocol === 3 ? '_\r\n' : '$-1\r\n');
      return;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.push(`$${bytes.length}\r\n${bytes.toString('latin1')}\r\n`);
  }
  nullArray(): void {
    this.push(this.protocol === 3 ? '_\r\n' : '*-1\r\n');
  }
  arrayHeader(n: number): void {
    this.push(`*${n}\r\n`);
  }
  mapHeader(pairs: number): void {
    this.push(this.protocol === 3 ? `%${pairs}\r\n` : `*${pairs * 2}\r\n`);
  }
  setHeader(n: number): void {
    this.push(this.protocol === 3 ? `~${n}\r\n` : `*${n}\r\n`);
  }
  pushHeader(n: number): void {
    this.push(this.protocol === 3 ? `>${n}\r\n` : `*${n}\r\n`);
  }
  double(value: number): void {
    if (this.protocol === 3) this.push(`,${value}\r\n`);
    else this.bulk(String(value));
  }
  bool(value: boolean): void {
    if (this.protocol === 3) this.push(value ? '#t\r\n' : '#f\r\n');
    else this.push(value ? ':1\r\n' : ':0\r\n');
  }
  verbatim(text: string, format: 'txt' | 'mkd' = 'txt'): void {
    if (this.protocol === 2) {
      this.bulk(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    this.push(`=${bytes.length + 4}\r\n${format}:${bytes.toString('latin1')}\r\n`);
  }
  deferredArray(): DeferredLength {
    const index = this.chunks.length;
    this.chunks.push('');
    return {
      setLength: (n: number): void => {
        this.chunks[index] = `*${n}\r\n`;
      },
    };
  }
  raw(bytes: Buffer): void {
    this.chunks.push(bytes);
  }
}

/** Field values a spec may preset on a FakeClient. */
export interface FakeClientOptions {
  protocol?: 2 | 3;
  addr?: string;
  laddr?: string;
  fd?: number;
  createdAtMs?: number;
  lastInteractionMs?: number;
  nowMs?: number;
  flags?: string;
}

/** A ClientView with plain fields; `closed` records how a CLIENT KILL closed it. */
export class FakeClient implements ClientView {
  readonly id: number;
  name: string | null = null;
  libName = '';
  libVersion = '';
  readonly reply: RecordingReply;
  readonly ctx: CommandContext;
  dbIndex = 0;
  authenticated = true;
  user = 'default';
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly createdAtMs: number;
  lastInteractionMs: number;
  lastCommand = 'NULL';
  replyMode: ReplyMode = 'on';
  inMulti = false;
  queuedCount = 0;
  watchCount = 0;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  monitor = false;
  queryBytes = 0;
  outputBytes = 0;
  fixedFlags: string | null;
  closed: 'no' | 'after-reply' | 'now' = 'no';

  constructor(id: number, options: FakeClientOptions = {}) {
    this.id = id;
    this.reply = new RecordingReply(options.protocol ?? 2);
    // Handlers read only `now` from the keyspace context.
    this.ctx = { now: options.nowMs ?? 1_700_000_000_000 } as unknown as CommandContext;
    this.addr = options.addr ?? `127.0.0.1:${50000 + id}`;
    this.laddr = options.laddr ?? '127.0.0.1:6380';
    this.fd = options.fd ?? id + 7;
    this.createdAtMs = options.createdAtMs ?? 1_700_000_000_000;
    this.lastInteractionMs = options.lastInteractionMs ?? this.createdAtMs;
    this.fixedFlags = options.flags ?? null;
  }

  queryBufferBytes(): number {
    return this.queryBytes;
  }
  outputBufferBytes(): number {
    return this.outputBytes;
  }
  /** Preset flags, else Redis's letters for the states this fake has (O, P, x) or N. */
  flags(): string {
    if (this.fixedFlags !== null) return this.fixedFlags;
    let f = '';
    if (this.monitor) f += 'O';
    if (this.channels.size + this.patterns.size > 0) f += 'P';
    if (this.inMulti) f += 'x';
    return f === '' ? 'N' : f;
  }
  closeAfterReply(): void {
    this.closed = 'after-reply';
  }
  closeNow(): void {
    this.closed = 'now';
  }
}

/** A NodeView whose pub/sub and monitor parts are the real classes; the rest is unused by these specs. */
export class FakeNode implements NodeView {
  readonly config = {} as NodeView['config'];
  readonly keyspace = {} as NodeView['keyspace'];
  readonly clients = new Map<number, FakeClient>();
  readonly stats = {} as NodeStats;
  readonly startedAtMs = 1_700_000_000_000;
  readonly port = 6380;
  readonly runId = '0'.repeat(40);
  readonly role = 'master' as const;
  readonly pubsub = new PubSub();
  readonly monitors = new Monitors();
  readonly persistence = {} as NodeView['persistence'];

  /** Creates a client and registers it, as the engine does on accept. */
  connect(id: number, options: FakeClientOptions = {}): FakeClient {
    const client = new FakeClient(id, options);
    this.clients.set(id, client);
    return client;
  }
  publish(channel: Buffer, message: Buffer): number {
    return this.pubsub.publish(channel, message);
  }
  feedMonitors(client: ClientView, argv: readonly Buffer[]): void {
    this.monitors.feed(client, argv, client.ctx.now);
  }
  async shutdown(): Promise<void> {
    return;
  }
}

/** Builds an argv from latin1 strings (one byte per char, so binary bytes are easy to write). */
export function argv(...args: string[]): Buffer[] {
  return args.map((a) => Buffer.from(a, 'latin1'));
}
