/**
 * Blocking commands (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP, and BZPOPMIN BZPOPMAX BZMPOP): the
 * registry of parked clients, the serving of keys signalled ready, and the timeouts — Redis's
 * blocked.c in the shape of this engine.
 *
 * How a command blocks (any family can use it; nothing here is list-specific):
 *   1. its keyspace handler finds nothing to serve and calls `ctx.block(keys, timeoutMs,
 *      timeoutReply)` (or, when `ctx.mayBlock` is false — inside MULTI/EXEC — answers its timeout
 *      reply at once), writing no reply;
 *   2. dispatch's `call` sees `ctx.blockRequest` and calls `park`: the client is queued, FIFO, on
 *      each of its keys (db + key), its argv copied, its deadline put on the timer; it reads no
 *      further pipelined command until it is unblocked;
 *   3. whenever a key in `Database.blockingKeys` is created or replaced, the keyspace reports it
 *      (KeyspaceHooks.keyReady → `keyReady`); after every top-level command (EXEC included, so a
 *      push inside MULTI serves after EXEC) dispatch calls `serveReady`, which re-runs each waiting
 *      client's own command through `call`, oldest first, with `ctx.readyKey` set to the key. The
 *      handler serves from that key (reply, propagation in its non-blocking form, as a normal
 *      command) or calls `ctx.block` again, which leaves the client where it was in the queue;
 *   4. the timer answers `timeoutReply` at the deadline; CLIENT UNBLOCK answers it (or the
 *      UNBLOCKED error) on demand; a disconnect just forgets the client.
 *
 * Invariants: a client is in the registry exactly when `client.blocked` is non-null, and then it
 * appears once in the queue of each of its keys and each queued key is in its Database's
 * `blockingKeys`; `blockedCount` is the number of such clients (INFO blocked_clients).
 */
import type { BlockTimeoutReply, Database } from '@resplica/keyspace';
import type { Client } from './client';
import type { BlockRequest } from './client-context';
import type { Route } from './routes';

/** What a parked client waits with. */
export interface BlockedState {
  readonly route: Route;
  /** The command as sent, copied out of the read chunk (re-run when a key is ready). */
  readonly argv: Buffer[];
  readonly db: Database;
  /** Distinct keys (latin1), in the order the command named them. */
  readonly keys: readonly string[];
  /** Absolute unix ms, 0 = wait forever. */
  readonly deadline: number;
  readonly timeoutReply: BlockTimeoutReply;
  /**
   * Replaces `timeoutReply` for waits that are not on keys (WAIT): writes the reply at the deadline,
   * at CLIENT UNBLOCK … TIMEOUT, or when the waiter's condition is met (endWait).
   */
  readonly endReply?: (client: Client) => void;
}

/** What serving needs from the engine: run a command as dispatch does, in its own propagation unit. */
export interface BlockingHost {
  rerun(client: Client, state: BlockedState): void;
}

/** setTimeout takes at most 2^31 - 1 ms; a longer wait is re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface TimeoutEntry {
  readonly deadline: number;
  readonly client: Client;
  readonly state: BlockedState;
}

export class BlockingRegistry {
  /** Number of blocked clients (INFO clients blocked_clients). */
  blockedCount = 0;
  /** db → key → clients blocked on it, oldest first. */
  private readonly queues = new Map<Database, Map<string, Client[]>>();
  /** Keys signalled ready since the last serveReady, in signal order, without repeats. */
  private ready: { db: Database; key: string }[] = [];
  private readonly readySeen = new Map<Database, Set<string>>();
  /** Min-heap by deadline; entries of clients unblocked since are dropped when they surface. */
  private readonly heap: TimeoutEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private serving = false;
  /** Clients unblocked this turn whose pipelined commands still wait to be read. */
  private readonly resumable: Client[] = [];
  private resumeScheduled = false;

  constructor(private readonly host: BlockingHost) {}

  /** Parks `client` for the request its handler made (step 2 of the file comment). */
  park(client: Client, route: Route, argv: readonly Buffer[], request: BlockRequest, now: number): void {
    const db = client.ctx.db;
    const keys: string[] = [];
    for (const k of request.keys) {
      const key = k.toString('latin1');
      if (!keys.includes(key)) keys.push(key);
    }
    const copy = new Array<Buffer>(argv.length);
    for (let i = 0; i < argv.length; i++) copy[i] = Buffer.from(argv[i]);
    const deadline = request.timeoutMs === 0 ? 0 : now + request.timeoutMs;
    const state: BlockedState = { route, argv: copy, db, keys, deadline, timeoutReply: request.timeoutReply };
    client.blocked = state;
    this.blockedCount++;
    let byKey = this.queues.get(db);
    if (byKey === undefined) {
      byKey = new Map();
      this.queues.set(db, byKey);
    }
    for (const key of keys) {
      let queue = byKey.get(key);
      if (queue === undefined) {
        queue = [];
        byKey.set(key, queue);
        db.blockingKeys.add(key);
      }
      queue.push(client);
    }
    if (deadline !== 0) this.addTimeout({ deadline, client, state });
  }

  /**
   * Parks a client that waits for something other than keys (WAIT): it reads no further pipelined
   * command until endWait (condition met, deadline, CLIENT UNBLOCK) or its disconnect.
   */
  parkWithoutKeys(client: Client, state: BlockedState): void {
    client.blocked = state;
    this.blockedCount++;
    if (state.deadline !== 0) this.addTimeout({ deadline: state.deadline, client, state });
  }

  /** Takes a client out of every queue (served, timed out, unblocked, disconnected). */
  unblock(client: Client): void {
    const state = client.blocked;
    if (state === null) return;
    client.blocked = null;
    this.blockedCount--;
    const byKey = this.queues.get(state.db);
    if (byKey === undefined) return;
    for (const key of state.keys) {
      const queue = byKey.get(key);
      if (queue === undefined) continue;
      const at = queue.indexOf(client);
      if (at >= 0) queue.splice(at, 1);
      if (queue.length === 0) {
        byKey.delete(key);
        state.db.blockingKeys.delete(key);
      }
    }
  }

  /** KeyspaceHooks.keyReady: remembers the key until the next serveReady. */
  keyReady(db: Database, key: string): void {
    let seen = this.readySeen.get(db);
    if (seen === undefined) {
      seen = new Set();
      this.readySeen.set(db, seen);
    }
    if (seen.has(key)) return;
    seen.add(key);
    this.ready.push({ db, key });
  }

  /** True when serveReady has work (one length test per command on the hot path). */
  get hasReady(): boolean {
    return this.ready.length !== 0;
  }

  /**
   * Serves the clients blocked on every key signalled ready, oldest client first per key, keys in
   * signal order; keys that serving itself makes ready (BLMOVE's destination) are served in the
   * same call. Not re-entrant: a command run while serving only queues more ready keys.
   */
  serveReady(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length !== 0) {
        const batch = this.ready;
        this.ready = [];
        this.readySeen.clear();
        for (const { db, key } of batch) this.serveKey(db, key);
      }
    } finally {
      this.serving = false;
    }
  }

  private serveKey(db: Database, key: string): void {
    const queue = this.queues.get(db)?.get(key);
    if (queue === undefined) return;
    // A snapshot: serving removes clients from the live queue.
    for (const client of queue.slice()) {
      if (!db.has(key)) return;
      const state = client.blocked;
      if (state === null || state.db !== db) continue;
      client.ctx.readyKey = key;
      try {
        this.host.rerun(client, state);
      } finally {
        client.ctx.readyKey = undefined;
      }
      if (client.ctx.blockRequest !== null) continue; // not served: keeps its place
      this.unblock(client);
      this.resume(client);
    }
  }

  /**
   * Ends a client's wait with its timeout reply, or with the UNBLOCKED error (CLIENT UNBLOCK …
   * ERROR). Returns false when the client was not blocked.
   */
  endWait(client: Client, asError: boolean): boolean {
    const state = client.blocked;
    if (state === null) return false;
    if (asError) client.reply.error('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    else if (state.endReply !== undefined) state.endReply(client);
    else if (state.timeoutReply === 'null-array') client.reply.nullArray();
    else client.reply.bulk(null);
    this.unblock(client);
    this.resume(client);
    return true;
  }

  /**
   * Ends every wait with an error (a master demoted to replica: the writes blocked clients wait for
   * can no longer come from clients here, as 7.0's disconnectAllBlockedClients).
   */
  unblockAllWithError(message: string): void {
    for (const byKey of [...this.queues.values()]) {
      for (const queue of [...byKey.values()]) {
        for (const client of queue.slice()) {
          if (client.blocked === null) continue;
          client.reply.error(message);
          this.unblock(client);
          this.resume(client);
        }
      }
    }
  }

  /** Stops the timer (node shutdown). Parked clients are closed with their sockets. */
  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /* ---------------------------------------------------------------------------------------------
   * Timeouts: a binary min-heap by deadline and one timer armed for the earliest
   * ------------------------------------------------------------------------------------------ */

  private addTimeout(entry: TimeoutEntry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].deadline <= entry.deadline) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = entry;
    this.arm();
  }

  private popTimeout(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && h[r].deadline < h[l].deadline ? r : l;
      if (h[c].deadline >= last.deadline) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
  }

  /** Arms the timer for the earliest live deadline (dropping entries of clients no longer waiting). */
  private arm(): void {
    while (this.heap.length !== 0 && this.heap[0].client.blocked !== this.heap[0].state) this.popTimeout();
    if (this.heap.length === 0) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = null;
      return;
    }
    const at = this.heap[0].deadline;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.onTimer, Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now())));
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    const now = Date.now();
    while (this.heap.length !== 0 && this.heap[0].deadline <= now) {
      const { client, state } = this.heap[0];
      this.popTimeout();
      if (client.blocked === state) this.endWait(client, false);
    }
    this.arm();
  };

  /* ---------------------------------------------------------------------------------------------
   * Resuming: an unblocked client reads its pipelined commands on a later turn, never from inside
   * the command that unblocked it (no re-entrant dispatch)
   * ------------------------------------------------------------------------------------------ */

  private resume(client: Client): void {
    this.resumable.push(client);
    if (this.resumeScheduled) return;
    this.resumeScheduled = true;
    setImmediate(this.resumeAll);
  }

  private readonly resumeAll = (): void => {
    this.resumeScheduled = false;
    const clients = this.resumable.splice(0);
    for (const c of clients) if (c.blocked === null) c.processInput();
  };
}
