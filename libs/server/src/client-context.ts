/**
 * The CommandContext a client's keyspace handlers receive: one per client, reused for every command
 * (no per-command allocation). The dispatcher calls `begin()` before each command; after the handler
 * it reads `rewrites` / `suppressed` to decide what to propagate.
 *
 * Invariant: `rewrites` and `suppressed` describe only the command in flight.
 */
import type { Reply } from '@resplica/commands';
import type { CommandContext, Database, Keyspace, PropagatedArg } from '@resplica/keyspace';

export class ClientContext implements CommandContext {
  db: Database;
  now = 0;
  /** Argument vectors the handler asked to propagate instead of its argv (empty = use argv). */
  readonly rewrites: PropagatedArg[][] = [];
  /** The handler called noPropagate(). */
  suppressed = false;

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
    this.rewrites.length = 0;
    this.suppressed = false;
  }

  rewrite(argv: PropagatedArg[]): void {
    this.rewrites.push(argv);
  }

  noPropagate(): void {
    this.suppressed = true;
  }
}
