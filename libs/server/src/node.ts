/**
 * The node engine: one process's listener, clients, keyspace, pub/sub and MONITOR registries,
 * statistics, propagation and cron, wired together. `Node` is what server-level handlers see as
 * `NodeView`, and what an app starts (`new Node({ config, logger }).start()`).
 *
 * Lifecycle: constructed (nothing listens) → start() (listening; loading the snapshot file, if
 * any, with clients answered -LOADING; then the cron running) → shutdown() (listeners closed,
 * clients flushed and closed, cron stopped, then `onShutdown`). Configuration
 * changes made by CONFIG SET reach the engine through ConfigStore.onChange listeners registered here.
 *
 * Invariant: every accepted socket either becomes a Client in `clients` or is refused and closed
 * before any byte of it is read.
 */
import { randomBytes } from 'node:crypto';
import type { Server, Socket } from 'node:net';
import { COMMAND_TABLE } from '@resplica/commands';
import { clientBufferLimits, type ConfigStore } from '@resplica/config';
import { Keyspace, keyBytes } from '@resplica/keyspace';
import { Client, type ClientHost } from './client';
import { releaseClientState } from './client-reset';
import { Monitors } from './commands/monitor';
import { bindKeyspaceConfig } from './keyspace-config';
import { notifyMaskOf, publishKeyspaceEvent } from './notifications';
import type { NodeView, ReplicationStats } from './contracts';
import { serverCron } from './cron';
import { BlockingRegistry, type BlockedState, type BlockingHost } from './blocking';
import { call, dispatch } from './dispatch';
import { DENIED_PROTECTED_MODE, ERR_MAX_CLIENTS, listenAll, parseBind, protectedModeRefuses } from './listener';
import { silentLogger, type Logger } from './logger';
import type { OutputLimits } from './output-limits';
import { Propagator, type PropagationSink } from './propagation';
import { NodeReplication } from './replication/node-replication';
import { NodeHealthReporter } from './health/reporter';
import { replicationInfo } from './replication/info-replication';
import { PubSub } from './pubsub';
import { withFlushallSave } from './persistence/flushall';
import { Persistence, type ShutdownFlags } from './persistence/persistence';
import { handlerTables } from './registry';
import { buildRoutes, type Route } from './routes';
import { Stats } from './stats';

export interface NodeOptions {
  readonly config: ConfigStore;
  /** Defaults to a silent logger. */
  readonly logger?: Logger;
  /** Where propagated writes go; the node's replication master (backlog and replicas) by default.
   *  Tests of propagation alone pass their own sink. */
  readonly propagationSink?: PropagationSink;
  /** Called once shutdown has finished; the master app exits the process here. */
  readonly onShutdown?: (reason: string) => void;
}

/** Grace given to clients to take their last bytes before shutdown destroys their sockets. */
const SHUTDOWN_GRACE_MS = 500;

export class Node implements NodeView, ClientHost, BlockingHost {
  readonly config: ConfigStore;
  readonly keyspace: Keyspace;
  readonly clients = new Map<number, Client>();
  readonly stats: Stats;
  readonly startedAtMs = Date.now();
  port = 0;
  readonly runId = randomBytes(20).toString('hex');
  readonly pubsub = new PubSub();
  readonly monitors = new Monitors();
  readonly propagator: Propagator;
  /** Clients parked in blocking commands (BLPOP, BZPOPMIN, …) and the keys they wait on. */
  readonly blocking: BlockingRegistry;
  /** Snapshots (SAVE, BGSAVE, save rules, the final save) and loading at start-up. */
  readonly persistence: Persistence;
  /** The replication role, state, replicas and master link (replication/node-replication.ts). */
  readonly replication: NodeReplication;
  /** Health events on NATS (health/reporter.ts); idle when `nats` is not configured. */
  readonly health: NodeHealthReporter;
  /** True while EXEC runs its queued commands (BGSAVE is then only scheduled, as 7.0). */
  insideExec = false;
  readonly routes: Map<string, Route>;
  readonly log: Logger;
  /** `requirepass`, kept current by a config listener ('' = no password). */
  requirePass: string;
  outputLimits: OutputLimits;
  private maxBulkLen: number;
  private servers: Server[] = [];
  private cronTimer: NodeJS.Timeout | null = null;
  private nextClientId = 1;
  private shutdownPromise: Promise<void> | null = null;
  private readonly onShutdown: ((reason: string) => void) | undefined;

  constructor(options: NodeOptions) {
    this.config = options.config;
    this.log = (options.logger ?? silentLogger).child({ component: 'server' });
    this.onShutdown = options.onShutdown;
    this.propagator = new Propagator(options.propagationSink);
    this.blocking = new BlockingRegistry(this);
    this.keyspace = new Keyspace({
      databases: this.config.num('databases'),
      hooks: {
        expired: (db, key) => this.propagator.expired(db, keyBytes(key)),
        keyReady: (db, key) => this.blocking.keyReady(this.keyspace.databases[db], key),
        notify: (_cls, event, key, db) => publishKeyspaceEvent(this.pubsub, this.keyspace.notifyMask, event, key, db),
      },
    });
    this.keyspace.notifyMask = notifyMaskOf(this.config.num('notify-keyspace-events'));
    bindKeyspaceConfig(this.config, this.keyspace);
    this.stats = new Stats(this.keyspace.stats);
    const logger = options.logger ?? silentLogger;
    this.persistence = new Persistence({ config: this.config, keyspace: this.keyspace, log: logger.child({ component: 'persistence' }) });
    this.replication = new NodeReplication(this, logger);
    this.health = new NodeHealthReporter(this, logger);
    this.persistence.replicationAux = () => this.replication.saveInfoAux();
    if (options.propagationSink === undefined) this.propagator.setSink(this.replication.master);
    this.routes = buildRoutes(COMMAND_TABLE, withFlushallSave(handlerTables(), this.persistence));
    this.requirePass = this.config.str('requirepass');
    this.outputLimits = clientBufferLimits(this.config.str('client-output-buffer-limit'));
    this.maxBulkLen = this.config.num('proto-max-bulk-len');
    this.watchConfig();
  }

  /** `replica` while following a master (HELLO's role), else `master`. */
  get role(): 'master' | 'replica' {
    return this.replication.isReplica ? 'replica' : 'master';
  }

  /** INFO replication's body. */
  replicationInfo(): string {
    return replicationInfo(this.replication);
  }

  replicationStats(): ReplicationStats {
    const c = this.replication.master.counters;
    const backlog = this.replication.state.backlog;
    return {
      syncFull: c.syncFull,
      syncPartialOk: c.syncPartialOk,
      syncPartialErr: c.syncPartialErr,
      backlogBytes: backlog === null ? 0 : backlog.memoryBytes,
      netReplOutputBytes: this.stats.netReplOutputBytes,
    };
  }

  /** A fresh client id (connections, and the pseudo-client of the master link). */
  allocateClientId(): number {
    return this.nextClientId++;
  }

  get monitorCount(): number {
    return this.monitors.size;
  }

  /**
   * Listens on `bind`/`port`, loads `dir/dbfilename` when it exists, then starts the cron; resolves
   * with the port actually bound. As 7.0, the port listens while the file loads: clients connect
   * and get -LOADING. Rejects when `dir` is unusable or the file cannot be loaded (the caller
   * exits; the file is left as it was).
   */
  async start(): Promise<number> {
    this.persistence.checkDir();
    const { servers, port } = await listenAll(
      parseBind(this.config.str('bind')),
      this.config.num('port'),
      this.config.num('tcp-backlog'),
      this.accept,
    );
    this.servers = servers;
    this.port = port;
    // A replica keeps keys that expired while it was down: its master's DELs will come (spec P9).
    const aux = await this.persistence.loadAtStart(this.config.str('replicaof') === '');
    if (aux !== null) this.replication.restoreFromRdb(aux);
    if (this.shutdownPromise !== null) return port;
    this.startCron();
    this.replication.start();
    this.health.start();
    return port;
  }

  /** BlockingHost: re-runs a blocked client's command in its own propagation unit. */
  rerun(client: Client, state: BlockedState): void {
    this.propagator.begin();
    call(this, client, state.route, state.argv);
    this.propagator.end();
  }

  /** CLIENT UNBLOCK: ends a blocked client's wait (timeout reply or UNBLOCKED error). */
  unblockClient(id: number, asError: boolean): boolean {
    const target = this.clients.get(id);
    return target !== undefined && this.blocking.endWait(target, asError);
  }

  dispatch(client: Client, argv: Buffer[]): void {
    dispatch(this, client, argv);
  }

  clientClosed(client: Client): void {
    this.blocking.unblock(client);
    this.replication.clientClosed(client);
    releaseClientState(this, client);
    this.clients.delete(client.id);
    if (client.log !== this.log && client.log.isLevelEnabled('debug')) client.log.debug({}, 'client closed');
  }

  propagate(dbIndex: number, argv: Buffer[]): void {
    this.propagator.add(dbIndex, argv);
  }

  publish(channel: Buffer, message: Buffer): number {
    return this.pubsub.publish(channel, message);
  }

  feedMonitors(client: Client, argv: readonly Buffer[]): void {
    this.monitors.feed(client, argv, Date.now());
  }

  /**
   * SHUTDOWN and the signals: the final save 7.0 makes (persistence `finalSave`), then shutdown.
   * False when that save failed without FORCE: the node keeps running.
   */
  shutdownWithSave(reason: string, flags: ShutdownFlags): boolean {
    if (this.shutdownPromise !== null) return true;
    if (!this.persistence.finalSave(flags)) {
      this.log.warn({ reason }, 'errors trying to shut down the server, check the logs for more information');
      return false;
    }
    void this.shutdown(reason);
    return true;
  }

  /** Stops listening, flushes and closes every client, stops the cron, then calls onShutdown. */
  shutdown(reason: string): Promise<void> {
    if (this.shutdownPromise === null) this.shutdownPromise = this.doShutdown(reason);
    return this.shutdownPromise;
  }

  /** One cron tick (hz times a second); exposed for tests. */
  cron(): void {
    const now = Date.now();
    serverCron(this, now);
    this.replication.cron(now);
  }

  private async doShutdown(reason: string): Promise<void> {
    this.log.info({ reason }, 'shutting down');
    // Shutdown goes out first, so routers stop sending here before the listener closes.
    const healthClosed = this.health.close(reason);
    this.persistence.abortBackgroundSave('shutdown');
    this.replication.close();
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    this.cronTimer = null;
    this.blocking.close();
    const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const client of this.clients.values()) {
      client.flush();
      client.socket.end();
    }
    const grace = setTimeout(() => {
      for (const client of this.clients.values()) client.closeNow('shutdown');
    }, SHUTDOWN_GRACE_MS);
    await Promise.all(closed);
    clearTimeout(grace);
    await healthClosed;
    this.log.info({}, 'node is now ready to exit, bye bye');
    this.onShutdown?.(reason);
  }

  private startCron(): void {
    if (this.cronTimer !== null) clearInterval(this.cronTimer);
    const hz = Math.min(500, Math.max(1, this.config.num('hz')));
    this.cronTimer = setInterval(() => this.cron(), Math.round(1000 / hz));
  }

  /** CONFIG SET of the options the engine caches. */
  private watchConfig(): void {
    const c = this.config;
    c.onChange('requirepass', () => {
      this.requirePass = c.str('requirepass');
    });
    c.onChange('client-output-buffer-limit', () => {
      this.outputLimits = clientBufferLimits(c.str('client-output-buffer-limit'));
    });
    c.onChange('proto-max-bulk-len', () => {
      this.maxBulkLen = c.num('proto-max-bulk-len');
      for (const client of this.clients.values()) client.parser.setMaxBulkLen(this.maxBulkLen);
    });
    c.onChange('notify-keyspace-events', () => {
      this.keyspace.notifyMask = notifyMaskOf(c.num('notify-keyspace-events'));
    });
    c.onChange('hz', () => {
      if (this.cronTimer !== null) this.startCron();
    });
  }

  /** A new connection: refused (maxclients, protected mode) or turned into a Client. */
  private readonly accept = (socket: Socket): void => {
    if (this.shutdownPromise !== null) {
      socket.destroy();
      return;
    }
    if (this.clients.size >= this.config.num('maxclients')) {
      this.stats.rejectedConnections++;
      socket.end(ERR_MAX_CLIENTS);
      return;
    }
    this.stats.totalConnectionsReceived++;
    if (protectedModeRefuses(this.config.bool('protected-mode'), this.config.str('bind'), this.requirePass, socket.remoteAddress)) {
      this.log.warn({ peer: socket.remoteAddress }, 'refused connection: protected mode');
      socket.end(DENIED_PROTECTED_MODE);
      return;
    }
    const keepAliveSec = this.config.num('tcp-keepalive');
    if (keepAliveSec > 0) socket.setKeepAlive(true, keepAliveSec * 1000);
    const id = this.allocateClientId();
    const log = this.log.isLevelEnabled('debug') ? this.log.child({ client: id }) : this.log;
    const client = new Client(id, socket, this, this.keyspace, Date.now(), this.requirePass === '', log);
    client.parser.setMaxBulkLen(this.maxBulkLen);
    this.clients.set(id, client);
    if (log !== this.log) log.debug({ addr: client.addr }, 'client connected');
  };
}
