/**
 * The replicas of this master in attach order, and the ACK bookkeeping WAIT and min-replicas read
 * (spec/replication.md §3.5, §6.1, §6.2).
 *
 * Times follow 7.0, which compares whole unix seconds (server.unixtime): a replica is "good" when
 * the seconds between its last ACK and now are at most the allowed lag.
 *
 * Invariant: `list` and `byId` hold the same records; `list` keeps attach order.
 */
import type { ReplicaInfo } from '../types';
import { PHASE, type ReplicaRecord } from './replica-record';

/** Whole unix seconds from `fromMs` to `toMs`, as the difference of two `server.unixtime` values. */
export function unixSecondsBetween(fromMs: number, toMs: number): number {
  return Math.floor(toMs / 1000) - Math.floor(fromMs / 1000);
}

export class ReplicaTable {
  /** Attach order; the feed loop walks it. */
  readonly list: ReplicaRecord[] = [];
  private readonly byId = new Map<number, ReplicaRecord>();

  get size(): number {
    return this.list.length;
  }

  get(id: number): ReplicaRecord | undefined {
    return this.byId.get(id);
  }

  add(r: ReplicaRecord): void {
    this.list.push(r);
    this.byId.set(r.id, r);
  }

  /** Removes a record; false when it was not there (already removed). */
  remove(r: ReplicaRecord): boolean {
    if (this.byId.get(r.id) !== r) return false;
    this.byId.delete(r.id);
    this.list.splice(this.list.indexOf(r), 1);
    return true;
  }

  clear(): ReplicaRecord[] {
    const all = this.list.splice(0);
    this.byId.clear();
    return all;
  }

  /** REPLCONF ACK: the highest offset wins; the time is always refreshed. True when the offset grew. */
  recordAck(r: ReplicaRecord, offset: number, nowMs: number): boolean {
    r.ackTimeMs = nowMs;
    if (offset <= r.ackOffset) return false;
    r.ackOffset = offset;
    return true;
  }

  /** Online replicas whose ACK reached `offset` (7.0's replicationCountAcksByOffset). */
  countAcked(offset: number): number {
    let n = 0;
    for (const r of this.list) if (r.phase >= PHASE.awaitAck && r.ackOffset >= offset) n++;
    return n;
  }

  /** Online replicas that ACKed within `maxLagSec` whole seconds (7.0's refreshGoodSlavesCount). */
  goodReplicas(nowMs: number, maxLagSec: number): number {
    let n = 0;
    for (const r of this.list) if (r.phase >= PHASE.awaitAck && unixSecondsBetween(r.ackTimeMs, nowMs) <= maxLagSec) n++;
    return n;
  }

  infos(): ReplicaInfo[] {
    return this.list.map((r) => r.info());
  }
}
