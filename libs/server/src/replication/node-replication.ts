/**
 * The node's replication role and everything the engine wires around it: one ReplicationState
 * (replid, replid2, offsets, backlog), the master side (ReplicationMaster: replicas of this node,
 * which a replica has too, for chains) and, while this node follows a master, its ReplicaLink and the
 * pseudo-client that applies the master's stream.
 *
 * Roles (spec §5): a master propagates its own writes (Propagator → ReplicationMaster.feed); a
 * replica propagates nothing of its own and forwards exactly the stream bytes it applied
 * (`applied` → feed), so replids and offsets are the same along a chain. REPLICAOF host port demotes
 * (keeping our replid and offset as the cached master, so the first PSYNC can continue);
 * REPLICAOF NO ONE promotes (old replid kept as replid2, sub-replicas dropped so they learn the new
 * id, the stream db forgotten).
 *
 * Invariant: `link !== null` exactly when this node is a replica; then the keyspace is in replica
 * mode (keys expire only by the master's DEL) and the propagator's sink is inactive.
 */
import { connect } from 'node:net';
import { ReplicationState, randomReplid } from '@resplica/backlog';
import { type AuxField } from '@resplica/rdb';
import { Keyspace, KeyspaceLoader } from '@resplica/keyspace';
import { ReplicaLink, ReplicationMaster, type LoadTarget, type MasterHost, type ReplicaHost } from '@resplica/replication';
import type { Client } from '../client';
import { discardTransaction } from '../commands/transactions';
import type { Logger } from '../logger';
import type { Node } from '../node';
import { nullSink } from '../propagation';
import { createMasterClient } from './master-client';
import { WaitRegistry } from './wait';

/** What happened to this node's replication, for health events (issue: health on NATS). */
export type ReplicationEvent =
  | { readonly type: 'link-up'; readonly kind: 'full' | 'partial' }
  | { readonly type: 'link-down'; readonly reason: string }
  | { readonly type: 'full-sync-started' }
  | { readonly type: 'full-sync-finished'; readonly keys: number }
  | { readonly type: 'role-changed'; readonly role: 'master' | 'replica' };

/** How often the good-replica count of min-replicas-to-write is recomputed. */
const GOOD_REPLICAS_REFRESH_MS = 1000;

export class NodeReplication implements MasterHost, ReplicaHost {
  readonly state: ReplicationState;
  readonly master: ReplicationMaster;
  readonly waits: WaitRegistry;
  /** The root logger: the master side and the link take their own component child of it. */
  readonly log: Logger;
  /** This file's own lines (role changes, link events). */
  private readonly own: Logger;
  /** The link to our master; null on a master. */
  link: ReplicaLink | null = null;
  masterHost = '';
  masterPort = 0;
  /** min-replicas-to-write's count of good replicas, refreshed once a second and on ACKs. */
  goodReplicas = 0;
  /**
   * True when dispatch must run the replication checks (READONLY, MASTERDOWN, NOREPLICAS): this node
   * is a replica, or min-replicas-to-write is in force. One boolean test per command otherwise.
   */
  checksNeeded = false;
  /** A full sync loads in place: commands without the `loading` flag get -LOADING. */
  loading = false;
  /** The pseudo-client that executes the master's stream; created at the first command. */
  private masterClient: Client | null = null;
  /** The db selected on the master link, kept across reconnects (spec P10). */
  private masterDb = 0;
  /** The snapshot file carried replication info: the first PSYNC may continue from it. */
  private restoredFromRdb = false;
  private nextGoodRefreshMs = 0;
  private readonly listeners: ((event: ReplicationEvent) => void)[] = [];

  constructor(readonly node: Node, logger: Logger) {
    this.log = logger;
    this.own = logger.child({ component: 'replication' });
    const config = node.config;
    this.state = new ReplicationState({ backlogSize: config.num('repl-backlog-size') });
    this.master = new ReplicationMaster({ state: this.state, keyspace: node.keyspace, config, host: this });
    this.waits = new WaitRegistry(node, this.master);
    this.master.onAck(() => {
      this.waits.acked();
      this.refreshGoodReplicas(Date.now());
    });
    for (const name of ['min-replicas-to-write', 'min-replicas-max-lag']) config.onChange(name, () => this.refreshChecks());
    this.refreshChecks();
  }

  /** Subscribes to replication events (link up/down, full sync start/end, role changes). */
  onEvent(listener: (event: ReplicationEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(event: ReplicationEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get isReplica(): boolean {
    return this.link !== null;
  }

  /** The AUX fields a snapshot file carries about replication (7.0's rdbPopulateSaveInfo), or none. */
  saveInfoAux(): AuxField[] {
    if (!this.isReplica && this.state.backlog === null) return [];
    const db = this.isReplica ? this.selectedDb() : Math.max(0, this.node.propagator.streamDbIndex);
    return [
      ['repl-stream-db', db],
      ['repl-id', this.state.replid],
      ['repl-offset', this.state.masterReplOffset],
    ];
  }

  /**
   * After the snapshot file loaded at start-up: a file that carries repl-id and repl-offset restores
   * them (spec §5, Boot row) — as the cached master of a replica, or as replid2 of a master.
   */
  restoreFromRdb(aux: ReadonlyMap<string, Buffer>): void {
    const id = aux.get('repl-id');
    const offset = aux.get('repl-offset');
    if (id === undefined || offset === undefined || id.length !== 40) return;
    const off = Number(offset.toString('latin1'));
    if (!Number.isSafeInteger(off) || off < 0) return;
    if (this.node.config.str('replicaof') !== '') {
      this.state.restoreAsReplica(id.toString('latin1'), off);
      const db = Number(aux.get('repl-stream-db')?.toString('latin1') ?? '0');
      this.masterDb = Number.isInteger(db) && db >= 0 && db < this.node.keyspace.databases.length ? db : 0;
      this.restoredFromRdb = true;
    } else {
      this.state.restoreAsMaster(id.toString('latin1'), off);
    }
    this.own.info({ replid: id.toString('latin1'), offset: off }, 'replication id and offset restored from the RDB file');
  }

  /** Node start: follows the master named by `replicaof`, if any. */
  start(): void {
    const target = this.node.config.str('replicaof');
    if (target === '') return;
    const [host, port] = target.split(' ');
    this.becomeReplica(host, Number(port), this.restoredFromRdb);
  }

  /**
   * REPLICAOF host port. Returns false when already following that master (Redis answers
   * `+OK Already connected to specified master`).
   */
  replicaOf(host: string, port: number): boolean {
    if (this.link !== null && this.masterHost === host && this.masterPort === port) return false;
    // A master demoted, or a replica re-pointed: its own replid and offset are the cached master.
    this.becomeReplica(host, port, true);
    return true;
  }

  /** REPLICAOF NO ONE: promotion (spec §5). A no-op on a master. */
  promote(): void {
    if (this.link === null) return;
    this.stopLink();
    this.state.shiftReplid(randomReplid());
    this.state.createBacklog();
    this.master.disconnectReplicas('promoted to master: replicas must learn the new replication id');
    this.node.propagator.resetStreamDb();
    this.node.keyspace.replicaMode = false;
    this.node.propagator.setSink(this.master);
    this.masterHost = '';
    this.masterPort = 0;
    this.refreshChecks();
    this.own.info({ replid: this.state.replid, replid2: this.state.replid2, secondReplOffset: this.state.secondReplOffset }, 'promoted to master');
    this.emit({ type: 'role-changed', role: 'master' });
  }

  /** Called ~10 times a second by the server cron. */
  cron(nowMs: number): void {
    this.master.cron(nowMs, this.link !== null);
    this.link?.cron(nowMs);
    if (nowMs >= this.nextGoodRefreshMs) this.refreshGoodReplicas(nowMs);
  }

  /** A client connection closed: a replica leaves, or the master link was killed (CLIENT KILL). */
  clientClosed(client: Client): void {
    if (client.replRole === 'replica') this.master.replicaClosed(client.id);
    this.waits.forget(client);
    if (client === this.masterClient) {
      // The stream continues in the db this client had selected: +CONTINUE resends no SELECT.
      this.masterDb = client.dbIndex;
      this.masterClient = null;
      if (this.link !== null) {
        this.own.info({}, 'master client killed: reconnecting to the master');
        this.becomeReplica(this.masterHost, this.masterPort, true);
      }
    }
  }

  /** Shutdown: no more reconnects, snapshots to replicas stop. */
  close(): void {
    this.stopLink();
    this.master.close();
  }

  // ---- MasterHost --------------------------------------------------------------------------------

  resetStreamDb(): void {
    this.node.propagator.resetStreamDb();
  }

  baseAux(): AuxField[] {
    return this.node.persistence.baseAux();
  }

  streamDb(): number {
    return this.isReplica ? this.selectedDb() : 0;
  }

  refusePsync(): string | null {
    if (this.node.persistence.loading) return 'LOADING Redis is loading the dataset in memory';
    if (this.link !== null && !this.link.linkUp) return "NOMASTERLINK Can't SYNC while not connected with my master";
    return null;
  }

  get dir(): string {
    return this.node.persistence.dir;
  }

  // ---- ReplicaHost -------------------------------------------------------------------------------

  announcePort(): number {
    return this.node.config.num('replica-announce-port') || this.node.port;
  }

  announceIp(): string | null {
    const ip = this.node.config.str('replica-announce-ip');
    return ip === '' ? null : ip;
  }

  masterAuth(): { readonly user: string; readonly password: string } {
    return { user: this.node.config.str('masteruser'), password: this.node.config.str('masterauth') };
  }

  replTimeoutSec(): number {
    return this.node.config.num('repl-timeout');
  }

  /**
   * A full sync's payload starts. With `repl-diskless-load swapdb` (the apps' default) it loads
   * beside the live dataset, which keeps serving reads until the new one swaps in whole. Otherwise
   * (`disabled`, `on-empty-db`: Redis spools to disk, we never need to) the old dataset is emptied
   * and the payload loads in place, clients answered -LOADING meanwhile.
   */
  beginLoad(): LoadTarget {
    this.emit({ type: 'full-sync-started' });
    const target = this.node.config.str('repl-diskless-load') === 'swapdb' ? this.loadBeside() : this.loadInPlace();
    const commit = target.commit;
    return Object.assign(target, {
      commit: () => {
        const aux = commit();
        this.emit({ type: 'full-sync-finished', keys: target.keysLoaded });
        return aux;
      },
    });
  }

  private loadInPlace(): LoadTarget {
    const live = this.node.keyspace;
    live.flushAll();
    this.loading = true;
    const loader = new KeyspaceLoader(live, { now: Date.now(), dropExpired: false });
    return {
      handler: loader,
      get keysLoaded() {
        return loader.keysLoaded;
      },
      commit: () => {
        this.loading = false;
        return loader.auxFields;
      },
      discard: () => {
        this.loading = false;
        live.flushAll();
      },
    };
  }

  private loadBeside(): LoadTarget {
    const live = this.node.keyspace;
    const beside = new Keyspace({ databases: live.databases.length });
    Object.assign(beside.encodingLimits, live.encodingLimits);
    beside.replicaMode = true;
    const loader = new KeyspaceLoader(beside, { now: Date.now(), dropExpired: false });
    return {
      handler: loader,
      get keysLoaded() {
        return loader.keysLoaded;
      },
      commit: () => {
        live.adoptDataset(beside);
        return loader.auxFields;
      },
      discard: () => undefined,
    };
  }

  execute(argv: Buffer[]): void {
    this.node.dispatch(this.ensureMasterClient(), argv);
  }

  inTransaction(): boolean {
    return this.masterClient !== null && this.masterClient.multiQueue !== null;
  }

  discardTransaction(): void {
    if (this.masterClient !== null && this.masterClient.multiQueue !== null) discardTransaction(this.node, this.masterClient);
  }

  selectedDb(): number {
    return this.masterClient === null ? this.masterDb : this.masterClient.dbIndex;
  }

  selectDb(db: number): void {
    this.masterDb = db;
    this.masterClient?.select(db, this.node.keyspace.databases[db]);
  }

  applied(bytes: Buffer): void {
    this.master.feed(bytes);
  }

  linkUp(kind: 'full' | 'partial'): void {
    const client = this.ensureMasterClient();
    this.node.clients.set(client.id, client);
    this.own.info({ kind, host: this.masterHost, port: this.masterPort, offset: this.state.masterReplOffset }, 'master link up');
    this.emit({ type: 'link-up', kind });
  }

  linkDown(reason: string): void {
    const client = this.masterClient;
    if (client !== null) {
      this.masterDb = client.dbIndex;
      this.node.clients.delete(client.id);
    }
    this.own.info({ reason, host: this.masterHost, port: this.masterPort }, 'master link down');
    this.emit({ type: 'link-down', reason });
  }

  fullSyncDone(): void {
    this.master.disconnectReplicas('full sync from our master replaced the dataset');
  }

  replidChanged(): void {
    this.master.disconnectReplicas('our replication id changed');
  }

  // ---- internals ---------------------------------------------------------------------------------

  private becomeReplica(host: string, port: number, cachedMaster: boolean): void {
    const wasMaster = this.link === null;
    this.stopLink();
    if (wasMaster) {
      // Clients blocked on keys would wait for writes that can no longer happen here (7.0 unblocks
      // them with an error); the stream's own writes are forwarded as they arrive from the master.
      this.node.blocking.unblockAllWithError('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
      this.node.propagator.setSink(nullSink);
      this.node.keyspace.replicaMode = true;
    }
    this.masterHost = host;
    this.masterPort = port;
    this.link = new ReplicaLink({
      host: this,
      state: this.state,
      connect: (h, p) => connect({ host: h, port: p }),
      masterHost: host,
      masterPort: port,
      cachedMaster,
    });
    this.refreshChecks();
    this.own.info({ host, port, cachedMaster }, 'following a master');
    if (wasMaster) this.emit({ type: 'role-changed', role: 'replica' });
    this.link.start();
  }

  private stopLink(): void {
    if (this.link === null) return;
    const link = this.link;
    this.link = null;
    link.stop();
    const client = this.masterClient;
    if (client !== null) {
      this.masterDb = client.dbIndex;
      this.masterClient = null;
      this.node.clients.delete(client.id);
      client.closeNow('master link replaced');
    }
  }

  private ensureMasterClient(): Client {
    if (this.masterClient === null) {
      this.masterClient = createMasterClient(this.node, this.masterHost, this.masterPort);
      this.masterClient.select(this.masterDb, this.node.keyspace.databases[this.masterDb]);
    }
    return this.masterClient;
  }

  private refreshChecks(): void {
    const c = this.node.config;
    this.checksNeeded = this.link !== null || (c.num('min-replicas-to-write') > 0 && c.num('min-replicas-max-lag') > 0);
  }

  private refreshGoodReplicas(nowMs: number): void {
    this.nextGoodRefreshMs = nowMs + GOOD_REPLICAS_REFRESH_MS;
    this.goodReplicas = this.master.goodReplicas(nowMs, this.node.config.num('min-replicas-max-lag'));
  }
}
