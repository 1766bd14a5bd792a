/**
 * One node's replication ids, offset and backlog (spec/replication.md §5), and the partial-resync
 * decision a master makes on PSYNC (§4.2).
 *
 * Invariants:
 * - While a backlog exists, backlog.endOffset === masterReplOffset: every fed byte goes to both.
 * - Without a backlog nothing is counted: an unreplicated 7.0 master stays at offset 0.
 * - replid2 is valid for offsets up to and including secondReplOffset (the first offset of the
 *   new history); when unset it is NULL_REPLID with secondReplOffset -1.
 */
import { randomBytes } from 'node:crypto';
import { ReplicationBacklog } from './backlog';
import { NULL_REPLID, type PartialResyncDecision } from './types';

/** A fresh replication id: 40 chars of 0-9a-f. */
export function randomReplid(): string {
  return randomBytes(20).toString('hex');
}

export interface ReplicationStateOptions {
  /** repl-backlog-size for backlogs this state creates (raised to MIN_BACKLOG_SIZE by the ring). */
  readonly backlogSize: number;
  /** The initial replid; random when absent. */
  readonly replid?: string;
}

const ACCEPT: PartialResyncDecision = { ok: true };
const FORCED: PartialResyncDecision = { ok: false, reason: 'forced' };
const ID_MISMATCH: PartialResyncDecision = { ok: false, reason: 'replid mismatch' };
const NO_BACKLOG: PartialResyncDecision = { ok: false, reason: 'no backlog' };
const OUT_OF_RANGE: PartialResyncDecision = { ok: false, reason: 'offset out of range' };

export class ReplicationState {
  replid: string;
  replid2 = NULL_REPLID;
  /** The last offset (inclusive) up to which replid2 names our history; -1 when unset. */
  secondReplOffset = -1;
  /** Offset of the last stream byte fed (master_repl_offset). */
  masterReplOffset = 0;
  backlog: ReplicationBacklog | null = null;
  /** The configured repl-backlog-size, used for backlogs created later. */
  backlogSize: number;

  constructor(options: ReplicationStateOptions) {
    this.replid = options.replid ?? randomReplid();
    this.backlogSize = options.backlogSize;
  }

  /** Counts stream bytes and keeps them in the backlog; does nothing while there is no backlog. */
  feed(bytes: Buffer): void {
    if (this.backlog === null) return;
    this.masterReplOffset += bytes.length;
    this.backlog.append(bytes);
  }

  /** Creates an empty backlog whose first byte is the next one fed; no-op if one exists. */
  createBacklog(): void {
    if (this.backlog !== null) return;
    this.backlog = new ReplicationBacklog(this.backlogSize, this.masterReplOffset + 1);
  }

  freeBacklog(): void {
    this.backlog = null;
  }

  /** Stores repl-backlog-size and applies it to a live backlog (keeping its newest bytes). */
  setBacklogSize(size: number): void {
    this.backlogSize = size;
    this.backlog?.resize(size);
  }

  /**
   * Starts a new history named `newReplid` at the next offset, remembering the old id as replid2
   * so replicas that followed it can still continue (promotion; `+CONTINUE <newid>`).
   */
  shiftReplid(newReplid: string): void {
    this.replid2 = this.replid;
    this.secondReplOffset = this.masterReplOffset + 1;
    this.replid = newReplid;
  }

  /** A new random replid with no predecessor (first replica, backlog freed by ttl). */
  changeReplid(): void {
    this.replid = randomReplid();
    this.clearReplid2();
  }

  clearReplid2(): void {
    this.replid2 = NULL_REPLID;
    this.secondReplOffset = -1;
  }

  /**
   * Whether `PSYNC <replid> <offset>` can continue from the backlog (§4.2): the id names our
   * history at that offset, and the backlog holds everything from `offset` on (offset may be
   * masterReplOffset + 1: a caught-up replica continues with nothing to send).
   */
  decide(replid: string, offset: number): PartialResyncDecision {
    if (replid === '?') return FORCED;
    const wanted = replid.toLowerCase();
    const ours = wanted === this.replid.toLowerCase();
    const previous = wanted === this.replid2.toLowerCase() && offset <= this.secondReplOffset;
    if (!ours && !previous) return ID_MISMATCH;
    const backlog = this.backlog;
    if (backlog === null) return NO_BACKLOG;
    // A non-integer offset (NaN would pass both comparisons) can name no byte of the stream.
    if (!Number.isSafeInteger(offset) || offset < backlog.firstByteOffset || offset > backlog.endOffset + 1) {
      return OUT_OF_RANGE;
    }
    return ACCEPT;
  }

  /** After a replica loaded a full sync: the master's history from `offset`, in a new backlog. */
  adoptFullSync(replid: string, offset: number): void {
    this.#startHistory(replid, offset);
  }

  /**
   * A master booting from an RDB with repl-id/repl-offset: that history becomes replid2 (so its
   * old replicas can continue), our own random replid stays, and the offset continues from it.
   */
  restoreAsMaster(replid: string, offset: number): void {
    this.replid2 = replid;
    this.secondReplOffset = offset + 1;
    this.masterReplOffset = offset;
    this.backlog = new ReplicationBacklog(this.backlogSize, offset + 1);
  }

  /** A replica booting from its own RDB: it resumes that history, asking `PSYNC <replid> <offset+1>`. */
  restoreAsReplica(replid: string, offset: number): void {
    this.#startHistory(replid, offset);
  }

  /** replid/offset taken as ours, replid2 cleared, and a new empty backlog replacing any old one. */
  #startHistory(replid: string, offset: number): void {
    this.replid = replid;
    this.masterReplOffset = offset;
    this.clearReplid2();
    this.backlog = new ReplicationBacklog(this.backlogSize, offset + 1);
  }
}
