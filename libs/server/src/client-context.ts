/**
 * The CommandContext a client's keyspace handlers receive: one per client, reused for every command
 * (no per-command allocation). The dispatcher calls `begin()` before each command; after the handler
 * it reads `rewrites` / `suppressed` to decide what to propagate.
 *
 * Invariant: `rewrites` and `suppressed` describe only the command in flight.
 */
import type { Reply } from '@resplica/commands';
import type { BlockTimeoutReply, CommandContext, Database, Keyspace, PropagatedArg } from '@resplica/keyspace';

/** A handler's request to park its client, read by the dispatcher after the handler returns. */
export interface BlockRequest {
  readonly keys: readonly Buffer[];
  readonly timeoutMs: number;
  readonly timeoutReply: BlockTimeoutReply;
}

export class ClientContext implements CommandContext {
  db: Database;
  now = 0;
  /** Argument vectors the handler asked to propagate instead of its argv (empty = use argv). */
  readonly rewrites: PropagatedArg[][] = [];
  /** The handler called noPropagate(). */
  suppressed = false;
  /** False while EXEC runs its queue: blocking commands then answer as if timed out. */
  mayBlock = true;
  /** Set by block(); the dispatcher parks the client and clears it. */
  blockRequest: BlockRequest | null = null;
  /** The key a blocked command is re-run for (blocking.ts sets it around the re-run). */
  readyKey: string | undefined = undefined;

  constructor(
    readonly reply: Reply,
    readonly keyspace: Keyspace,
    db: Database,
  ) {
    this.db = db;
  }

  /** Resets the per-command state; `now` is read once per command, as Redis's cached mstime. */
  begin(now: number): void {
    this.now = now;
    // Setting an array's length is a runtime call even when it is already 0.
    if (this.rewrites.length !== 0) this.rewrites.length = 0;
    this.suppressed = false;
    this.blockRequest = null;
  }

  rewrite(argv: PropagatedArg[]): void {
    this.rewrites.push(argv);
  }

  noPropagate(): void {
    this.suppressed = true;
  }

  block(keys: readonly Buffer[], timeoutMs: number, timeoutReply: BlockTimeoutReply): void {
    this.blockRequest = { keys, timeoutMs, timeoutReply };
  }
}
