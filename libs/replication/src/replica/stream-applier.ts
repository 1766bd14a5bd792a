/**
 * Applies the command stream of a master (spec §3) and keeps the replica's offsets:
 *
 * - `readOffset` (read_reploff) = the sync offset + every stream byte received;
 * - `offset` (reploff, what ACKs report) = the sync offset + the bytes of the commands fully
 *   executed. It moves after a command completes, never mid-frame, and not while the master's
 *   MULTI is open: a transaction counts at its EXEC, as one run (§3.2).
 *
 * Commands are parsed by RequestParser and executed synchronously as they complete. `REPLCONF
 * GETACK` is answered here instead of executed, with the offset before it (§3.5). The bytes of the
 * commands applied (blank lines between them included, as 7.0 counts them) are handed to
 * `applied()` once per received chunk, exactly as received and in order: a view of the chunk when
 * they lie in one, else one copy. Chunks are never reused, so the views stay valid.
 *
 * Desync (§3.1): a master never sends inline commands, only bare newlines between commands. Any
 * other byte where a command should start, or a RESP protocol error, throws a desync
 * ReplicaLinkError — after the commands before it were applied and handed on.
 */
import { RequestParser, RespProtocolError } from '@resplica/resp';
import { ReplicaLinkError } from './errors';

/** What the applier needs from the node engine (a slice of ReplicaHost). */
export interface StreamTarget {
  execute(argv: Buffer[]): void;
  inTransaction(): boolean;
  applied(bytes: Buffer): void;
}

const STAR = 0x2a;
const CR = 0x0d;
const LF = 0x0a;
/** Fully handed chunks are dropped from the front of `held` in batches of this many. */
const HELD_COMPACT = 64;

/** True when `arg` is `lower` in any letter case (`lower` is lower-case ASCII). */
function isWord(arg: Buffer, lower: string): boolean {
  if (arg.length !== lower.length) return false;
  for (let i = 0; i < arg.length; i++) {
    if ((arg[i] | 0x20) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function desync(): ReplicaLinkError {
  return new ReplicaLinkError('master using the inline protocol: desync', true);
}

function isGetAck(argv: Buffer[]): boolean {
  return argv.length >= 2 && isWord(argv[0], 'replconf') && isWord(argv[1], 'getack');
}

export class StreamApplier {
  /** read_reploff: offset of the last stream byte received. */
  readOffset: number;
  /** reploff: offset of the last byte of the last command applied outside a transaction. */
  offset: number;
  private readonly parser = new RequestParser();
  /** Offset of the last byte handed to applied(). */
  private handed: number;
  /** Received chunks from the first byte not yet handed: held[heldHead] from heldPos on. */
  private held: Buffer[] = [];
  private heldHead = 0;
  private heldPos = 0;
  /** Offset of the last byte of the last complete command. */
  private commandEnd: number;
  /** The next request's first byte (`*`) was seen; until then only blank lines may come. */
  private startSeen = false;
  /** A `\r` of a blank line was seen; its `\n` must follow. */
  private afterCr = false;
  /** Set by close(): the link is gone, the rest of the chunk is not applied. */
  private closed = false;

  constructor(
    private readonly target: StreamTarget,
    offset: number,
    private readonly onGetAck: (offset: number) => void,
  ) {
    this.readOffset = offset;
    this.offset = offset;
    this.handed = offset;
    this.commandEnd = offset;
  }

  /** Stops applying: a command just executed ended the link (the bytes applied are still handed on). */
  close(): void {
    this.closed = true;
  }

  /** Applies every command `chunk` completes. Throws ReplicaLinkError on a desync. */
  push(chunk: Buffer): void {
    if (chunk.length === 0 || this.closed) return;
    const chunkStart = this.readOffset + 1;
    this.readOffset += chunk.length;
    this.held.push(chunk);
    this.parser.feed(chunk);
    try {
      this.run(chunk, chunkStart);
    } finally {
      this.flush();
    }
  }

  private run(chunk: Buffer, chunkStart: number): void {
    const parser = this.parser;
    const target = this.target;
    while (!this.closed) {
      if (!this.startSeen) this.scanForStart(chunk, chunkStart);
      let argv: Buffer[] | null;
      try {
        argv = parser.next();
      } catch (err) {
        if (err instanceof RespProtocolError) throw new ReplicaLinkError(`master stream: ${err.message}`, true);
        throw err;
      }
      if (argv === null) return;
      const end = this.readOffset - parser.bufferedBytes;
      if (isGetAck(argv)) this.onGetAck(this.offset);
      else target.execute(argv);
      this.commandEnd = end;
      this.startSeen = false;
      if (!target.inTransaction()) this.offset = end;
    }
  }

  /**
   * Checks the bytes of `chunk` after the last command up to the next request's `*`: only `\n` and
   * `\r\n` may come first. Bytes of earlier chunks were checked when they arrived. (A request the
   * parser skips, such as `*0`, is taken as a start; no master sends one.)
   */
  private scanForStart(chunk: Buffer, chunkStart: number): void {
    for (let i = Math.max(this.commandEnd + 1 - chunkStart, 0); i < chunk.length; i++) {
      const b = chunk[i];
      if (this.afterCr) {
        if (b !== LF) throw desync();
        this.afterCr = false;
      } else if (b === STAR) {
        this.startSeen = true;
        return;
      } else if (b === CR) {
        this.afterCr = true;
      } else if (b !== LF) {
        throw desync();
      }
    }
  }

  /** Hands the bytes applied since the last call to the target, as one buffer. */
  private flush(): void {
    const n = this.offset - this.handed;
    if (n === 0) return;
    this.handed = this.offset;
    const first = this.held[this.heldHead];
    if (first.length - this.heldPos >= n) {
      const bytes = first.subarray(this.heldPos, this.heldPos + n);
      this.consume(first, n);
      this.target.applied(bytes);
      return;
    }
    const bytes = Buffer.allocUnsafe(n);
    let p = 0;
    while (p < n) {
      const chunk = this.held[this.heldHead];
      const take = Math.min(chunk.length - this.heldPos, n - p);
      chunk.copy(bytes, p, this.heldPos, this.heldPos + take);
      p += take;
      this.consume(chunk, take);
    }
    this.target.applied(bytes);
  }

  /** Marks `n` bytes of the held chunk `chunk` (the head) handed. */
  private consume(chunk: Buffer, n: number): void {
    this.heldPos += n;
    if (this.heldPos < chunk.length) return;
    this.heldPos = 0;
    this.heldHead++;
    if (this.heldHead === this.held.length) {
      this.held.length = 0;
      this.heldHead = 0;
    } else if (this.heldHead >= HELD_COMPACT) {
      this.held.splice(0, this.heldHead);
      this.heldHead = 0;
    }
  }
}
