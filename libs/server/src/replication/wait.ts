/**
 * WAIT numreplicas timeout (spec §6.1): the clients waiting until enough replicas acknowledged the
 * offset of their last write. A waiter is parked like a blocked client (its pipelined commands
 * wait too), one `REPLCONF GETACK *` is requested for the turn, and every ACK re-counts; the reply
 * is the number of replicas that reached the offset — when enough did, at the deadline (maybe 0),
 * or at CLIENT UNBLOCK.
 *
 * Invariant: a client is in `waiters` exactly while its `blocked` state is one of ours.
 */
import type { ReplicationMaster } from '@resplica/replication';
import type { BlockedState } from '../blocking';
import type { Client } from '../client';
import type { Node } from '../node';
import type { Route } from '../routes';

interface Waiter {
  readonly client: Client;
  readonly offset: number;
  readonly replicas: number;
  readonly state: BlockedState;
}

export class WaitRegistry {
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly node: Node,
    private readonly master: ReplicationMaster,
  ) {}

  /** Parks `client` until `replicas` replicas acked `offset`, or `timeoutMs` passed (0 = forever). */
  park(client: Client, route: Route, argv: readonly Buffer[], offset: number, replicas: number, timeoutMs: number): void {
    const state: BlockedState = {
      route,
      argv: argv.map((a) => Buffer.from(a)),
      db: client.ctx.db,
      keys: [],
      deadline: timeoutMs === 0 ? 0 : Date.now() + timeoutMs,
      timeoutReply: 'null-bulk',
      endReply: (c) => {
        this.forget(c);
        c.reply.integer(this.master.countAcked(offset));
      },
    };
    this.waiters.push({ client, offset, replicas, state });
    this.node.blocking.parkWithoutKeys(client, state);
    this.master.requestAck();
  }

  /** After an ACK: every waiter whose count is reached gets its reply. */
  acked(): void {
    if (this.waiters.length === 0) return;
    for (const w of this.waiters.slice()) {
      if (w.client.blocked === w.state && this.master.countAcked(w.offset) >= w.replicas) this.node.blocking.endWait(w.client, false);
    }
  }

  /** The client left (disconnect, end of wait): drop its entry. */
  forget(client: Client): void {
    const at = this.waiters.findIndex((w) => w.client === client);
    if (at >= 0) this.waiters.splice(at, 1);
  }
}
