/**
 * The master's once-a-second duties (7.0's replicationCron, master half; spec/replication.md §2.1,
 * §3.4, §3.5, §4.1, P5, P17). The node calls `run` about ten times a second; the duties run when a
 * second has passed since the last run, each run being one of 7.0's cron loops:
 *
 * a. every repl-ping-replica-period loops, with at least one replica and unless this node is
 *    itself a replica (it only proxies its master's stream), `PING` into the stream;
 * b. online replicas (not SYNC clients) whose last ACK is more than repl-timeout whole seconds
 *    old are dropped, and so are replicas whose snapshot transfer has been stuck on a full socket
 *    for longer than repl-timeout;
 * c. a `\n` to every replica waiting for its snapshot to start or for a disk snapshot to be
 *    written (never once the payload or the stream has begun: P19);
 * d. a master with no replicas for more than repl-backlog-ttl seconds (0 = never) frees its
 *    backlog and takes a new replid with replid2 cleared, so no one can PSYNC into a history it
 *    no longer keeps.
 */
import type { ReplicationState } from '@resplica/backlog';
import type { ConfigStore } from '@resplica/config';
import type { Logger } from '../types';
import { PHASE, type ReplicaRecord } from './replica-record';
import { unixSecondsBetween, type ReplicaTable } from './replica-table';
import { NEWLINE, PING_COMMAND } from './wire';

/** What the duties touch on the master. */
export interface CronTarget {
  readonly log: Logger;
  readonly state: ReplicationState;
  readonly config: ConfigStore;
  readonly table: ReplicaTable;
  feed(bytes: Buffer): void;
  dropReplica(r: ReplicaRecord, reason: string): void;
}

export class MasterCron {
  private readonly target: CronTarget;
  /** 7.0's replication_cron_loops: runs so far, for the ping period. */
  private loops = 0;
  private nextRunMs = 0;
  /** Unix ms since the replica list became empty (7.0's repl_no_slaves_since). */
  private noReplicasSinceMs: number;
  private wasReplicaNode = false;

  constructor(target: CronTarget, nowMs: number) {
    this.target = target;
    this.noReplicasSinceMs = nowMs;
  }

  /** The last replica left: the backlog ttl counts from now. */
  lastReplicaLeft(nowMs: number): void {
    this.noReplicasSinceMs = nowMs;
  }

  run(nowMs: number, isReplicaNode: boolean): void {
    // A promoted replica starts its ttl afresh, as 7.0's replicationUnsetMaster does.
    if (this.wasReplicaNode && !isReplicaNode) this.noReplicasSinceMs = nowMs;
    this.wasReplicaNode = isReplicaNode;
    if (nowMs < this.nextRunMs) return;
    this.nextRunMs = nowMs + 1000;
    const { config, table } = this.target;
    if (this.loops % config.num('repl-ping-replica-period') === 0 && table.size > 0 && !isReplicaNode) {
      this.target.feed(PING_COMMAND);
    }
    this.loops++;
    this.dropTimedOut(nowMs, config.num('repl-timeout'));
    for (const r of table.list) if (r.wantsNewline) r.conn.write(NEWLINE);
    this.expireBacklog(nowMs, isReplicaNode);
  }

  /** Walks a copy: dropping a replica removes it from the table. */
  private dropTimedOut(nowMs: number, timeoutSec: number): void {
    for (const r of this.target.table.list.slice()) {
      if (r.phase >= PHASE.awaitAck) {
        if (!r.preSync && unixSecondsBetween(r.ackTimeMs, nowMs) > timeoutSec) {
          this.target.log.warn({ replica: r.name, client: r.id, timeoutSec }, 'disconnecting timed out replica (streaming sync)');
          this.target.dropReplica(r, 'timeout');
        }
      } else if (r.stalledSinceMs !== 0 && nowMs - r.stalledSinceMs > timeoutSec * 1000) {
        this.target.log.warn({ replica: r.name, client: r.id, timeoutSec }, 'disconnecting timed out replica (full sync)');
        this.target.dropReplica(r, 'timeout during full sync');
      }
    }
  }

  private expireBacklog(nowMs: number, isReplicaNode: boolean): void {
    const { state, config, table } = this.target;
    const ttl = config.num('repl-backlog-ttl');
    if (table.size > 0 || ttl === 0 || state.backlog === null || isReplicaNode) return;
    if (unixSecondsBetween(this.noReplicasSinceMs, nowMs) <= ttl) return;
    state.changeReplid();
    state.freeBacklog();
    this.target.log.info({ ttlSec: ttl }, 'replication backlog freed after repl-backlog-ttl without replicas');
  }
}
