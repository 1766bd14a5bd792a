/**
 * The contract of the replication backlog lib (spec/replication.md §4 and §5): the ring of recent
 * stream bytes addressed by absolute offset, and the replication ids and offsets of one node, with
 * the partial-resync decision. Both the master side (serving PSYNC) and the replica side (adopting
 * a full sync, shifting ids on `+CONTINUE <newid>`, promotion) change this state.
 *
 * Offsets: byte N of the stream (1-based) has offset N. `masterReplOffset` is the offset of the last
 * byte fed; the backlog holds bytes [firstByteOffset, firstByteOffset + histlen - 1], whose last
 * byte is `masterReplOffset`. A fresh backlog has histlen 0 and firstByteOffset masterReplOffset + 1.
 */

/** Forty '0' chars: replid2 when unset. */
export const NULL_REPLID = '0000000000000000000000000000000000000000';

/** 16 KB, the smallest repl-backlog-size Redis uses (a smaller configured size is raised to it). */
export const MIN_BACKLOG_SIZE = 16 * 1024;

/** The outcome of masterTryPartialResynchronization (§4.2). */
export type PartialResyncDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Why a full resync is needed, for the log: 'forced' (replid `?`), 'replid mismatch',
       *  'no backlog', 'offset out of range' (before the backlog or after masterReplOffset + 1). */
      readonly reason: 'forced' | 'replid mismatch' | 'no backlog' | 'offset out of range';
    };
