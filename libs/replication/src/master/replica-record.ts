/**
 * One replica attached to this master: its connection, what it announced, how far its
 * synchronisation got (its phase), the stream bytes held back for it, and its ACKs.
 *
 * Invariants:
 * - `held` is non-empty only in the phases `snapshot`, `sendBulk` and `awaitAck`, and holds, in
 *   order, every stream byte fed since its snapshot began (P18); `heldBytes` is their total.
 * - Once `online`, stream bytes go straight to the socket and `held` stays empty.
 * - `ackOffset` only grows.
 */
import type { ReplicaAnnouncement, ReplicaConnection, ReplicaInfo } from '../types';
import type { FullSyncJob } from './full-sync-job';

/**
 * Where a replica is in its synchronisation, in the order it goes through them (a partial resync
 * starts `online`). Numbers so that the hot feed loop compares small integers.
 */
export const PHASE = {
  /** In a full-sync job that has not started (its delay window): no stream bytes needed yet. */
  waitStart: 0,
  /** Its snapshot is being produced (and, diskless, streamed): stream bytes are held. */
  snapshot: 1,
  /** The snapshot file is being sent after `$<len>` (7.0's send_bulk): stream bytes are held. */
  sendBulk: 2,
  /** An EOF-framed payload was fully sent: held until its first REPLCONF ACK (P3). */
  awaitAck: 3,
  /** Stream bytes go to the socket as they are fed. */
  online: 4,
} as const;
export type Phase = (typeof PHASE)[keyof typeof PHASE];

const INFO_STATE: readonly ReplicaInfo['state'][] = ['wait_bgsave', 'wait_bgsave', 'send_bulk', 'online', 'online'];

export class ReplicaRecord {
  readonly conn: ReplicaConnection;
  readonly id: number;
  /** Announced ip-address, else the peer's address (INFO's `ip=`). */
  readonly ip: string;
  readonly port: number;
  readonly capaEof: boolean;
  readonly capaPsync2: boolean;
  /** Attached with plain SYNC: no +FULLRESYNC line, no ACKs expected, never timed out (§1.5 7). */
  readonly preSync: boolean;
  phase: Phase;
  held: Buffer[] = [];
  heldBytes = 0;
  ackOffset = 0;
  /** Unix ms of the last ACK or newline; set when it goes online so it is not timed out at once. */
  ackTimeMs: number;
  /**
   * Unix ms since which a write of its diskless payload has waited for the socket to drain (the
   * job pauses for it); 0 when not stalled. A replica stalled for repl-timeout is dropped.
   */
  stalledSinceMs = 0;
  /** The full-sync job producing its payload; null once the payload is sent (or for a partial resync). */
  job: FullSyncJob | null = null;

  constructor(conn: ReplicaConnection, a: ReplicaAnnouncement, preSync: boolean, phase: Phase, nowMs: number) {
    this.conn = conn;
    this.id = conn.id;
    this.ip = a.ipAddress ?? conn.peerIp;
    this.port = a.listeningPort;
    this.capaEof = a.capaEof;
    this.capaPsync2 = a.capaPsync2;
    this.preSync = preSync;
    this.phase = phase;
    this.ackTimeMs = nowMs;
  }

  /** How logs name it (7.0's replicationGetSlaveName, plus the client id). */
  get name(): string {
    return `${this.ip}:${this.port}`;
  }

  /** True while it should get a `\n` each second: waiting for its snapshot, or for a disk one to be written (§2.1). */
  get wantsNewline(): boolean {
    return this.phase === PHASE.waitStart || (this.phase === PHASE.snapshot && this.job !== null && !this.job.eof);
  }

  /** Keeps stream bytes for later, in order. The Buffer is not copied: feed's caller gave it away. */
  hold(bytes: Buffer): void {
    this.held.push(bytes);
    this.heldBytes += bytes.length;
  }

  /** Writes the held bytes and switches to direct streaming. */
  goOnline(): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    this.phase = PHASE.online;
    for (const bytes of held) this.conn.write(bytes);
  }

  /** Drops whatever is held (the replica is leaving). */
  forget(): void {
    this.held = [];
    this.heldBytes = 0;
  }

  info(): ReplicaInfo {
    return {
      id: this.id,
      ip: this.ip,
      port: this.port,
      state: INFO_STATE[this.phase],
      ackOffset: this.ackOffset,
      ackTimeMs: this.ackTimeMs,
    };
  }
}
