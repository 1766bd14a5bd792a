/**
 * The counters INFO stats / commandstats / errorstats report. The engine increments them in place;
 * CONFIG RESETSTAT calls `reset()`.
 *
 * Invariant: `commands` only holds commands that were called, rejected or failed since the last
 * reset (INFO commandstats prints every entry). Routes cache their entry, so `reset()` bumps `epoch`
 * and a route re-fetches its entry when the epoch it cached differs.
 */
import type { NodeStats } from './contracts';

export interface CommandStat {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/** The counters the keyspace keeps (Keyspace.stats). */
export interface KeyspaceCounters {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

export class Stats implements NodeStats {
  totalConnectionsReceived = 0;
  totalCommandsProcessed = 0;
  rejectedConnections = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  /** Replication stream and snapshot bytes sent to replicas (total_net_repl_output_bytes). */
  netReplOutputBytes = 0;
  totalErrorReplies = 0;
  clientOutputBufferLimitDisconnections = 0;
  clientQueryBufferLimitDisconnections = 0;
  readonly commands = new Map<string, CommandStat>();
  readonly errors = new Map<string, number>();
  constructor(private readonly keyspace: KeyspaceCounters) {}

  // The keyspace counts expiries, hits and misses itself; these read and reset its counters, so
  // INFO never shows a stale mirror.
  get expiredKeys(): number {
    return this.keyspace.expiredKeys;
  }

  set expiredKeys(n: number) {
    this.keyspace.expiredKeys = n;
  }

  get keyspaceHits(): number {
    return this.keyspace.keyspaceHits;
  }

  set keyspaceHits(n: number) {
    this.keyspace.keyspaceHits = n;
  }

  get keyspaceMisses(): number {
    return this.keyspace.keyspaceMisses;
  }

  set keyspaceMisses(n: number) {
    this.keyspace.keyspaceMisses = n;
  }

  /** Grows at each reset so cached CommandStat references can tell they are stale. */
  epoch = 0;

  reset(): void {
    this.totalConnectionsReceived = 0;
    this.totalCommandsProcessed = 0;
    this.rejectedConnections = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.netReplOutputBytes = 0;
    this.keyspace.expiredKeys = 0;
    this.keyspace.keyspaceHits = 0;
    this.keyspace.keyspaceMisses = 0;
    this.totalErrorReplies = 0;
    this.clientOutputBufferLimitDisconnections = 0;
    this.clientQueryBufferLimitDisconnections = 0;
    this.commands.clear();
    this.errors.clear();
    this.epoch++;
  }

  /** The entry of one command (lower-case full name, `config|get` for subcommands), created on first use. */
  command(name: string): CommandStat {
    let stat = this.commands.get(name);
    if (stat === undefined) {
      stat = { calls: 0, usec: 0, rejected: 0, failed: 0 };
      this.commands.set(name, stat);
    }
    return stat;
  }

  /** Counts one error reply under its code, the first word of the message (`ERR`, `WRONGTYPE`). */
  errorReply(message: string): void {
    this.totalErrorReplies++;
    const space = message.indexOf(' ');
    const code = space < 0 ? message : message.slice(0, space);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }
}
