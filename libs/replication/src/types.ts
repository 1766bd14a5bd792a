/**
 * What the replication lib needs from the node engine, and what it shows to it. The lib never opens
 * sockets or builds clients itself: the server hands it connections (a client that sent PSYNC/SYNC,
 * a socket to the master) and executes the master's commands for it. These interfaces are that
 * boundary; libs/server implements the host sides.
 */
import type { AuxField } from '@resplica/rdb';

/** The logging contract (pino satisfies it structurally); never log keys or values. */
export type LogFn = (fields: object, message: string) => void;
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: string): boolean;
}

/** What a replica announced with REPLCONF before PSYNC/SYNC (spec §1.4). */
export interface ReplicaAnnouncement {
  /** REPLCONF listening-port; 0 when not sent. */
  readonly listeningPort: number;
  /** REPLCONF ip-address; null when not sent (INFO then shows the peer address). */
  readonly ipAddress: string | null;
  readonly capaEof: boolean;
  readonly capaPsync2: boolean;
}

/**
 * A client connection that became a replica (master side). The server implements it over its
 * Client: `write` goes straight to the socket, in order, after any reply the client already had
 * pending. Input from the replica (REPLCONF ACK, bare newlines) keeps arriving through the server's
 * dispatch, which calls ReplicationMaster.ack / keepalive.
 */
export interface ReplicaConnection {
  /** The client id (CLIENT LIST, CLIENT KILL ID). */
  readonly id: number;
  /** The peer's IP address, used when the replica announced none. */
  readonly peerIp: string;
  /** Writes bytes to the socket; false when the socket's buffer is above its high-water mark. */
  write(bytes: Buffer): boolean;
  /** Bytes accepted by write() not yet sent to the kernel. */
  readonly pendingBytes: number;
  /** Resolves when the socket's buffer has drained (at once when it is not above the mark), or
   *  when the connection closed. */
  whenDrained(): Promise<void>;
  /**
   * True when `extraBytes` (stream bytes the master holds for this replica outside the socket, e.g.
   * while its snapshot is being sent) plus pendingBytes break `client-output-buffer-limit replica`;
   * the server's limit rules (hard, soft + seconds) decide, tracking the soft timer itself.
   */
  overOutputLimit(extraBytes: number, nowMs: number): boolean;
  /** Closes the connection now (pending output dropped); the server then calls replicaClosed. */
  close(reason: string): void;
  readonly closed: boolean;
}

/** The replication state of one replica, as INFO replication (`slaveN:`) and ROLE show it. */
export interface ReplicaInfo {
  readonly id: number;
  readonly ip: string;
  readonly port: number;
  /** `wait_bgsave` until the snapshot is fully sent (diskless), `send_bulk` while a disk snapshot
   *  file is sent, then `online`. */
  readonly state: 'wait_bgsave' | 'send_bulk' | 'online';
  /** Highest offset the replica ACKed; 0 until its first ACK. */
  readonly ackOffset: number;
  /** Unix ms of its last ACK (or newline); for `lag` and min-replicas. */
  readonly ackTimeMs: number;
}

/** Counters for INFO stats. */
export interface ReplicationCounters {
  syncFull: number;
  syncPartialOk: number;
  syncPartialErr: number;
}

/** What the master side needs from the node engine. */
export interface MasterHost {
  readonly log: Logger;
  /** The next propagated command must carry a SELECT (a full sync starts, a promotion). */
  resetStreamDb(): void;
  /**
   * The AUX fields of a snapshot sent to replicas, before the replication ones the master adds
   * (redis-ver, redis-bits, ctime, used-mem, aof-base — what persistence writes).
   */
  baseAux(): AuxField[];
  /**
   * `repl-stream-db` for a full sync starting now: the db selected on the link to our own master
   * when this node is a replica (chains, §5), else 0.
   */
  streamDb(): number;
  /**
   * Null when this node may serve PSYNC now, else the error line to answer (without `-` and CRLF):
   * `NOMASTERLINK Can't SYNC while not connected with my master` on a replica whose link is down,
   * `LOADING Redis is loading the dataset in memory` while loading.
   */
  refusePsync(): string | null;
  /** Directory for the temp file of a disk (length-framed) snapshot: the `dir` setting. */
  readonly dir: string;
}

/** What the replica side needs from the node engine. */
export interface ReplicaHost {
  readonly log: Logger;
  /** The port to announce (REPLCONF listening-port): replica-announce-port, else the bound port. */
  announcePort(): number;
  /** replica-announce-ip, or null. */
  announceIp(): string | null;
  /** masterauth ('' = none) and masteruser ('' = none), read at each connect. */
  masterAuth(): { readonly user: string; readonly password: string };
  /** repl-timeout in seconds, read at each check. */
  replTimeoutSec(): number;
  /**
   * Starts loading a full-sync snapshot beside the live dataset (repl-diskless-load swapdb): returns
   * the RdbHandler-driven target. The live dataset keeps serving until `commit`.
   */
  beginLoad(): LoadTarget;
  /**
   * Executes one command received from the master: no reply, no auth/read-only/stale checks,
   * every key present whatever its TTL. MULTI queues on the master client and EXEC runs it.
   */
  execute(argv: Buffer[]): void;
  /** True while the master client is inside MULTI (its offset must not advance, §3.2). */
  inTransaction(): boolean;
  /** Drops a half-received transaction of the master client (link lost mid-MULTI, §3.2). */
  discardTransaction(): void;
  /** The db the master client has selected (repl-stream-db for our own sub-replicas). */
  selectedDb(): number;
  /** Selects `db` on the master client (after a full sync: the RDB's repl-stream-db). */
  selectDb(db: number): void;
  /**
   * Stream bytes the master client fully applied, in order, exactly as received: the node feeds
   * them to its own backlog and sub-replicas (ReplicationMaster.proxy).
   */
  applied(bytes: Buffer): void;
  /** Link events, for logs, INFO and health events (issue 6). */
  linkUp(kind: 'full' | 'partial'): void;
  linkDown(reason: string): void;
  /** A full sync replaced the dataset: sub-replicas must be dropped (§2.3). */
  fullSyncDone(): void;
  /** `+CONTINUE <newid>` shifted our replid: sub-replicas must be dropped to learn it (§5). */
  replidChanged(): void;
}

/** A dataset being loaded beside the live one during a full sync. */
export interface LoadTarget {
  /** Receives the decoded keys (a KeyspaceLoader on a fresh keyspace, dropExpired false). */
  readonly handler: import('@resplica/rdb').RdbHandler;
  /** The load finished: swap the new dataset in, atomically, and return its AUX fields. */
  commit(): ReadonlyMap<string, Buffer>;
  /** The load failed or the link dropped: forget the new dataset. */
  discard(): void;
  /** Keys loaded so far, for the progress log. */
  readonly keysLoaded: number;
}

/** What INFO replication shows of the link to our master (replica side, spec §7). */
export interface LinkStatus {
  readonly host: string;
  readonly port: number;
  /** ROLE's state: connect, connecting, handshake, sync, connected. */
  readonly state: 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected';
  /** Seconds since the last byte from the master; -1 without a live link. */
  readonly lastIoSecondsAgo: number;
  /** Receiving a snapshot (`master_sync_in_progress`). */
  readonly syncInProgress: boolean;
  /** read_reploff and reploff; with no master state ever, 1 and 1 (7.0's quirk, §7.2) — the node
   *  prints what it is given. -1 for reploff in ROLE when there is no live link. */
  readonly readReplOffset: number;
  readonly replOffset: number;
  /** While syncing: announced size (0 for EOF framing), bytes read, seconds since the last byte. */
  readonly syncTotalBytes: number;
  readonly syncReadBytes: number;
  readonly syncLastIoSecondsAgo: number;
  /** Seconds since the link went down; -1 when it never was up since becoming a replica. */
  readonly linkDownSinceSeconds: number;
}
