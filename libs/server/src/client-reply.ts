/**
 * The `Reply` a client's handlers write to: a thin gate in front of the connection's ReplyWriter.
 * It exists for two engine concerns handlers must not think about: CLIENT REPLY OFF/SKIP (replies
 * are dropped at the gate, so no handler checks the mode) and error accounting (every error reply
 * is counted in errorstats and marks the command in flight as failed). It also marks the memory of
 * every bulk large enough to be queued by reference (resp's BIG_BULK) as lent (keyspace lent.ts),
 * so an in-place editor later in the same pipeline copies the stored string instead of changing
 * bytes a queued reply still points at.
 *
 * Invariant: when `muted` is false every call goes straight to the writer, in order, and schedules
 * the client's flush; nothing is buffered here.
 */
import type { DeferredLength, Reply } from '@resplica/commands';
import { lendBytes } from '@resplica/keyspace';
import { BIG_BULK } from '@resplica/resp';
import type { Stats } from './stats';

/** The client: the first write of a turn schedules its one flush. */
export interface FlushScheduler {
  scheduleFlush(): void;
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

/** `-<message>\r\n`, with CR and LF in the message turned into spaces as Redis does. */
function encodeErrorBytes(message: Buffer): Buffer {
  const out = Buffer.allocUnsafe(message.length + 3);
  out[0] = 0x2d;
  for (let i = 0; i < message.length; i++) {
    const b = message[i];
    out[i + 1] = b === CR || b === LF ? SPACE : b;
  }
  out[message.length + 1] = CR;
  out[message.length + 2] = LF;
  return out;
}

const NO_LENGTH: DeferredLength = { setLength: () => undefined };

export class ClientReply implements Reply {
  /** True while CLIENT REPLY OFF (or SKIP for the one command) is in force. */
  muted = false;
  /** Error replies written by the command in flight; the dispatcher reads and clears it. */
  errorsInCommand = 0;

  constructor(
    private readonly writer: Reply,
    private readonly stats: Stats,
    private readonly owner: FlushScheduler,
  ) {}

  get protocol(): 2 | 3 {
    return this.writer.protocol;
  }

  ok(): void {
    if (this.muted) return;
    this.writer.ok();
    this.owner.scheduleFlush();
  }

  status(text: string): void {
    if (this.muted) return;
    this.writer.status(text);
    this.owner.scheduleFlush();
  }

  error(message: string): void {
    this.errorsInCommand++;
    this.stats.errorReply(message);
    if (this.muted) return;
    this.writer.error(message);
    this.owner.scheduleFlush();
  }

  /**
   * An error whose message is bytes rather than text: the unknown-command errors echo the client's
   * arguments as sent, which need not be UTF-8. Counted like `error`.
   */
  errorBytes(message: Buffer): void {
    this.errorsInCommand++;
    this.stats.errorReply(message.toString('latin1'));
    if (this.muted) return;
    this.writer.raw(encodeErrorBytes(message));
    this.owner.scheduleFlush();
  }

  integer(n: number | bigint): void {
    if (this.muted) return;
    this.writer.integer(n);
    this.owner.scheduleFlush();
  }

  bulkLatin1(value: string): void {
    if (this.muted) return;
    this.writer.bulkLatin1(value);
    this.owner.scheduleFlush();
  }

  bulk(value: Buffer | string | null): void {
    if (this.muted) return;
    if (value !== null && typeof value !== 'string' && value.length >= BIG_BULK) lendBytes(value);
    this.writer.bulk(value);
    this.owner.scheduleFlush();
  }

  nullArray(): void {
    if (this.muted) return;
    this.writer.nullArray();
    this.owner.scheduleFlush();
  }

  arrayHeader(n: number): void {
    if (this.muted) return;
    this.writer.arrayHeader(n);
    this.owner.scheduleFlush();
  }

  mapHeader(pairs: number): void {
    if (this.muted) return;
    this.writer.mapHeader(pairs);
    this.owner.scheduleFlush();
  }

  setHeader(n: number): void {
    if (this.muted) return;
    this.writer.setHeader(n);
    this.owner.scheduleFlush();
  }

  pushHeader(n: number): void {
    if (this.muted) return;
    this.writer.pushHeader(n);
    this.owner.scheduleFlush();
  }

  double(value: number): void {
    if (this.muted) return;
    this.writer.double(value);
    this.owner.scheduleFlush();
  }

  bool(value: boolean): void {
    if (this.muted) return;
    this.writer.bool(value);
    this.owner.scheduleFlush();
  }

  verbatim(text: string, format?: 'txt' | 'mkd'): void {
    if (this.muted) return;
    this.writer.verbatim(text, format);
    this.owner.scheduleFlush();
  }

  deferredArray(): DeferredLength {
    if (this.muted) return NO_LENGTH;
    this.owner.scheduleFlush();
    return this.writer.deferredArray();
  }

  raw(bytes: Buffer): void {
    if (this.muted) return;
    if (bytes.length >= BIG_BULK) lendBytes(bytes);
    this.writer.raw(bytes);
    this.owner.scheduleFlush();
  }
}
