/**
 * The replication stream's producer (ARCHITECTURE decision 3, spec/replication.md §3).
 *
 * After every top-level command the dispatcher hands over what that command changed, in its
 * deterministic form (the handler's `ctx.rewrite` results or the original argv). Everything one
 * top-level command produced — its own writes, the writes of an EXEC, the `DEL`s of keys that expired
 * lazily while it ran — is collected between `begin()` and `end()`, then emitted as RESP arrays:
 * bare when there is exactly one, wrapped in MULTI … EXEC when there are several (7.0 rules, §3.8).
 * A `SELECT <db>` precedes any command whose db differs from the last one put in the stream; the
 * SELECT of a transaction goes before its MULTI (§3.3).
 *
 * Invariant: bytes reach the sink only at `end()` (or at once, outside any command, for active
 * expiry), so a replica never sees half of a command's effects.
 */
import { encodeCommand } from '@resplica/resp';
import type { PropagatedArg } from '@resplica/keyspace';

/** Receives the exact bytes replicas apply; the replication offset counts them. */
export interface PropagationSink {
  /**
   * False while nothing consumes the stream (no backlog, no replica): the propagator then builds no
   * bytes at all, so a lone master pays nothing per write. Absent means active. May change at any
   * time; the first command after it turns true carries a SELECT.
   */
  readonly active?: boolean;
  feed(bytes: Buffer): void;
}

/** The sink used until replication exists: inactive, drops everything. */
export const nullSink: PropagationSink = { active: false, feed: () => undefined };

const MULTI: PropagatedArg[] = ['MULTI'];
const EXEC: PropagatedArg[] = ['EXEC'];

export class Propagator {
  /** The db of the last command put in the stream; -1 forces a SELECT before the next one. */
  private streamDb = -1;
  /** Nesting of begin()/end(): EXEC runs commands inside its own top-level command. */
  private depth = 0;
  private readonly pendingDb: number[] = [];
  private readonly pendingArgv: PropagatedArg[][] = [];

  constructor(private sink: PropagationSink = nullSink) {}

  /** Replication attaches its backlog feed here. */
  setSink(sink: PropagationSink): void {
    this.sink = sink;
  }

  /** The db of the last command put in the stream; -1 when the next one carries a SELECT. */
  get streamDbIndex(): number {
    return this.streamDb;
  }

  /** Forgets the stream db (full resync, promotion): the next command carries a SELECT. */
  resetStreamDb(): void {
    this.streamDb = -1;
  }

  /** A top-level command starts collecting. */
  begin(): void {
    this.depth++;
  }

  /**
   * Adds one command to propagate. Outside begin/end (active expiry) it is emitted at once, bare.
   * Dropped while the sink is inactive; the stream db is forgotten then, since the bytes that would
   * have selected it never left.
   */
  add(db: number, argv: PropagatedArg[]): void {
    if (this.sink.active === false) {
      this.streamDb = -1;
      return;
    }
    if (this.depth === 0) {
      this.emit(db, argv);
      return;
    }
    this.pendingDb.push(db);
    this.pendingArgv.push(argv);
  }

  /** A key expired (lazily during a command, or in the active cycle): replicas delete it. */
  expired(db: number, key: Buffer): void {
    this.add(db, ['DEL', key]);
  }

  /** The top-level command finished: emit what it collected. */
  end(): void {
    if (--this.depth > 0) return;
    const n = this.pendingArgv.length;
    if (n === 0) return;
    if (n === 1) {
      this.emit(this.pendingDb[0], this.pendingArgv[0]);
    } else {
      this.emit(this.pendingDb[0], MULTI);
      for (let i = 0; i < n; i++) this.emit(this.pendingDb[i], this.pendingArgv[i]);
      this.sink.feed(encodeCommand(EXEC));
    }
    this.pendingDb.length = 0;
    this.pendingArgv.length = 0;
  }

  private emit(db: number, argv: PropagatedArg[]): void {
    if (db !== this.streamDb) {
      this.sink.feed(encodeCommand(['SELECT', String(db)]));
      this.streamDb = db;
    }
    this.sink.feed(encodeCommand(argv));
  }
}
