/**
 * The narrow views of a client connection and of the node that server-level command handlers
 * (INFO, CONFIG, CLIENT, pub/sub, MONITOR, …) are written against. `Client` (client.ts) and `Node`
 * (node.ts) implement them; handlers import only these interfaces, so each command family can be
 * read and tested on its own.
 *
 * Invariant: handlers never write to a socket; they write replies through `client.reply` and ask
 * for closes through `client.close*`, and the engine flushes once per event-loop turn.
 */
import type { Reply } from '@resplica/commands';
import type { CommandContext, Keyspace } from '@resplica/keyspace';
import type { ConfigStore } from '@resplica/config';
import type { PubSub } from './pubsub';
import type { Monitors } from './commands/monitor';

/** CLIENT REPLY mode. */
export type ReplyMode = 'on' | 'off' | 'skip';

export interface ClientView {
  readonly id: number;
  /** CLIENT SETNAME; null until set. */
  name: string | null;
  /** CLIENT SETINFO lib-name / lib-ver. */
  libName: string;
  libVersion: string;
  /** Replies go here; `reply.protocol` is the negotiated RESP version. */
  readonly reply: Reply;
  /** The keyspace context (selected db, clock) used for keyspace handlers. */
  readonly ctx: CommandContext;
  /** Index of the selected database (SELECT), for CLIENT LIST `db=` and MONITOR lines. */
  readonly dbIndex: number;
  authenticated: boolean;
  /** ACL user name; always `default` in this milestone. */
  user: string;
  /** `ip:port` of the peer and of our end, as CLIENT LIST prints them. */
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly createdAtMs: number;
  lastInteractionMs: number;
  /** Lower-case name of the last command executed (`client|list` for subcommands), for CLIENT LIST. */
  lastCommand: string;
  replyMode: ReplyMode;
  /** Inside MULTI; `queuedCount` commands queued so far. */
  readonly inMulti: boolean;
  readonly queuedCount: number;
  /** WATCHed keys count. */
  readonly watchCount: number;
  /** Pub/sub: subscribed channels and patterns (latin1 strings of the raw bytes). */
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  /** MONITOR mode. */
  monitor: boolean;
  /** Bytes waiting in the query buffer and in the output buffer. */
  queryBufferBytes(): number;
  outputBufferBytes(): number;
  /** Flag letters for CLIENT LIST `flags=` (N, M, S, P, x, …). */
  flags(): string;
  /** Closes after the replies already written are flushed (QUIT, CLIENT KILL of self). */
  closeAfterReply(): void;
  /** Closes now, dropping pending output (CLIENT KILL, output buffer limit). */
  closeNow(reason: string): void;
}

/** Counters INFO stats reports; the engine increments them, CONFIG RESETSTAT zeroes them. */
export interface NodeStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  rejectedConnections: number;
  netInputBytes: number;
  netOutputBytes: number;
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  totalErrorReplies: number;
  clientOutputBufferLimitDisconnections: number;
  clientQueryBufferLimitDisconnections: number;
  /** Per-command calls/usec/failed counts for INFO commandstats, keyed by lower-case name. */
  readonly commands: Map<string, { calls: number; usec: number; rejected: number; failed: number }>;
  /** Per-error-code counts for INFO errorstats (`ERR`, `WRONGTYPE`, …). */
  readonly errors: Map<string, number>;
  reset(): void;
}

/** What INFO stats and memory report of replication. */
export interface ReplicationStats {
  readonly syncFull: number;
  readonly syncPartialOk: number;
  readonly syncPartialErr: number;
  /** Bytes the backlog holds allocated (mem_replication_backlog). */
  readonly backlogBytes: number;
  readonly netReplOutputBytes: number;
}

/** What INFO persistence reports about snapshots and loading (persistence/persistence.ts owns it). */
export interface PersistenceStatus {
  /** A file is being loaded at start-up: commands without the `loading` flag get -LOADING. */
  readonly loading: boolean;
  /** While loading: when it began (unix s), the file's size, the bytes read so far, its `used-mem`. */
  readonly loadingStartSec: number;
  readonly loadingTotalBytes: number;
  readonly loadingLoadedBytes: number;
  readonly loadingRdbUsedMem: number;
  /** Writes since the last successful save (rdb_changes_since_last_save). */
  readonly changesSinceSave: number;
  /** A background save runs (rdb_bgsave_in_progress), and how far it got. */
  readonly bgsaveInProgress: boolean;
  readonly currentSaveKeysProcessed: number;
  readonly currentSaveKeysTotal: number;
  /** Unix seconds the background save began; meaningful while one runs. */
  readonly bgsaveStartSec: number;
  /** Unix seconds of the last successful save (LASTSAVE); the start time until the first one. */
  readonly lastSaveSec: number;
  readonly lastBgsaveOk: boolean;
  /** Duration of the last background save in seconds; -1 before the first. */
  readonly lastBgsaveTimeSec: number;
  /** SAVE and BGSAVE attempts (rdb_saves). */
  readonly saves: number;
  readonly lastLoadKeysLoaded: number;
  readonly lastLoadKeysExpired: number;
}

export interface NodeView {
  readonly config: ConfigStore;
  readonly keyspace: Keyspace;
  readonly clients: ReadonlyMap<number, ClientView>;
  readonly stats: NodeStats;
  /** Process start, ms since epoch. */
  readonly startedAtMs: number;
  /** Actual TCP port and run id (40 hex chars) for INFO server. */
  readonly port: number;
  readonly runId: string;
  /** `replica` while following a master, else `master`. */
  readonly role: 'master' | 'replica';
  /** INFO stats and memory figures of replication; optional so that test fakes need not have it. */
  replicationStats?(): ReplicationStats;
  /** The pub/sub registry the engine owns (`new PubSub()`); SUBSCRIBE & co. and PUBSUB use it. */
  readonly pubsub: PubSub;
  /** The MONITOR clients the engine owns (`new Monitors()`); feedMonitors delegates to it. */
  readonly monitors: Monitors;
  /** Snapshots and loading, as INFO persistence reports them. */
  readonly persistence: PersistenceStatus;
  /**
   * Puts a command into the replication stream although it changed no key (PUBLISH, as 7.0 does,
   * so subscribers on replicas get the message). Optional so that test fakes need not have it.
   */
  propagate?(dbIndex: number, argv: Buffer[]): void;
  /** Pub/sub fan-out; returns the number of receivers (PUBLISH's reply). */
  publish(channel: Buffer, message: Buffer): number;
  /** Sends a command line to every MONITOR client. */
  feedMonitors(client: ClientView, argv: readonly Buffer[]): void;
  /**
   * CLIENT UNBLOCK: ends the wait of the blocked client `id` with its timeout reply, or with the
   * UNBLOCKED error; false when no such client is blocked. Optional so that test fakes need not
   * implement blocking.
   */
  unblockClient?(id: number, asError: boolean): boolean;
  /** Stops accepting clients, closes them, exits the process (SHUTDOWN, SIGTERM). */
  shutdown(reason: string): Promise<void>;
}

/** A server-level command handler (connection, server, pub/sub, transactions families). */
export type ServerHandler = (node: NodeView, client: ClientView, argv: Buffer[]) => void;
