/**
 * What a keyspace command handler is given, and what it must report back.
 *
 * The server builds one CommandContext per client and reuses it for every command (no per-command
 * allocation); it fills `db`, `now` and the propagation state before each call.
 *
 * Invariant: a handler that changes the dataset reports it: `ctx.keyspace.dirty` grows by the number
 * of changes (as Redis's server.dirty), and every changed key is signalled through
 * `Database.signalModified` (done by the Database mutators themselves). The server propagates a write
 * to replicas only when dirty grew, in the form the handler chose with `rewrite`/`alsoPropagate`.
 */
import type { Reply } from '@resplica/commands';
import type { Database, Keyspace } from './keyspace';

/** One argument of a propagated command: Buffers are sent as they are, strings as UTF-8. */
export type PropagatedArg = Buffer | string;

export interface CommandContext {
  /** Where the handler writes its one reply. */
  readonly reply: Reply;
  /** All 16 (configurable) databases. */
  readonly keyspace: Keyspace;
  /** The client's selected database. SELECT and SWAPDB go through the server, not through this. */
  db: Database;
  /**
   * Unix time in milliseconds, read once per command (as Redis's cached mstime), so one command
   * sees one instant and a MULTI/EXEC sees the time of EXEC.
   */
  now: number;
  /**
   * Replaces the argument vector propagated for this command with a deterministic form, e.g.
   * `SET k v EX 10` → `SET k v PXAT <abs>`, `INCRBYFLOAT k 1` → `SET k <result> KEEPTTL`,
   * `GETDEL k` → `DEL k`. May be called more than once per command to emit several commands
   * (MSET of a relative form, SPOP → SREM …); the first call replaces the original.
   */
  rewrite(argv: PropagatedArg[]): void;
  /** Propagates nothing for this command even though it changed the dataset. */
  noPropagate(): void;
  /**
   * False where a blocking command must not block — inside MULTI/EXEC (and, later, scripts) — so
   * it answers as if its timeout had already passed.
   */
  readonly mayBlock: boolean;
  /**
   * Parks the client on `keys` (BLPOP, BZPOPMIN, …): the handler has written no reply; the server
   * runs the same command again when one of the keys is signalled ready (FIFO among the clients
   * blocked on that key), and answers `timeoutReply` when `timeoutMs` passes (0 = never).
   * Only valid when `mayBlock` is true.
   */
  block(keys: readonly Buffer[], timeoutMs: number, timeoutReply: BlockTimeoutReply): void;
  /**
   * Set only while the server re-runs a blocked command because this key (latin1) was signalled
   * ready: the handler serves from that key alone, as Redis 7.0 does, or calls block() again when
   * the key cannot serve it (gone again, another type), which keeps the client's place in the queue.
   */
  readonly readyKey?: string;
}

/** What a blocked client receives when its timeout passes: BLPOP's null array, BLMOVE's null bulk. */
export type BlockTimeoutReply = 'null-array' | 'null-bulk';

/** A command handler: argv[0] is the command name as the client sent it. Arity is already checked. */
export type Handler = (ctx: CommandContext, argv: Buffer[]) => void;
