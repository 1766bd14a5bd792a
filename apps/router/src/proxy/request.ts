/**
 * Req: one client request on its way through the router, and the slot its reply waits in.
 *
 * A Req sits in its client's reply queue from the moment the command is read until its reply is
 * written back, and, while forwarded, in the in-flight queue of the backend connection it was sent
 * on. Replies are matched to requests by order on each connection; the client's queue restores the
 * client's order across connections (a read answered by a replica may come back before an earlier
 * write answered by the master, and waits for it).
 *
 * Invariant: `frame` is a view of the client's input that stays valid (input buffers never
 * rewrite exposed bytes), so a read can be re-sent elsewhere without a copy.
 */
import type { BackendConn } from './backend-conn';

/** A read sent to a replica: on -LOADING or -MASTERDOWN it is re-sent elsewhere. */
export const F_READ = 1;
/** Sent to a master-side connection: counted in the client's ordering barrier. */
export const F_MASTER_SIDE = 2;
/** CLIENT REPLY OFF/SKIP: the reply is read from the backend and dropped. */
export const F_SKIP_REPLY = 8;
/** The client's connection closes once this reply is written (QUIT, protocol error). */
export const F_CLOSE = 16;
/** Blocks on the backend by design: exempt from the reply timeout. */
export const F_BLOCKING = 32;
/** `conn` is a dedicated connection to give back once this completes (EXEC, DISCARD, BLPOP…). */
export const F_RELEASE = 64;
/** RESPLICA ROUTE replica: a retry may go to another replica but never to the master. */
export const F_FORCED_REPLICA = 128;
/** EXEC: a successful reply applies a SELECT queued in the transaction. */
export const F_EXEC = 256;
/** Sent on the client's subscribe connection: its completion may end subscribe mode. */
export const F_PUBSUB = 512;

/** pub/sub requests whose reply count is known only as the confirmations arrive. */
export const UNTIL_NO_CHANNELS = -1;
export const UNTIL_NO_PATTERNS = -2;

/** What a request needs from the client session that sent it. */
export interface ReplyTarget {
  /** A reply (or an error the router made) for `req`; `req` has left the connection's queue. */
  onReply(req: Req, reply: Buffer): void;
}

export class Req {
  /** Null once the client has gone: the reply is read and dropped. */
  client: ReplyTarget | null;
  readonly frame: Buffer;
  flags: number;
  /** The reply; for a request answered by several frames (SUBSCRIBE a b) the last one. */
  reply: Buffer | null = null;
  /** The frames before the last of a multi-frame reply, in order. */
  parts: Buffer[] | null = null;
  done = false;
  /** Frames still expected (pub/sub), or UNTIL_NO_CHANNELS / UNTIL_NO_PATTERNS. */
  repliesLeft = 1;
  /** A read: the backend it was sent to, and the database and protocol a retry must use. */
  sentTo = '';
  db = 0;
  proto: 2 | 3 = 2;
  /** Backends that answered -LOADING/-MASTERDOWN to this read; allocated on the first retry. */
  tried: Set<string> | null = null;
  /** The dedicated connection it was sent on, when that matters on completion (F_RELEASE, F_EXEC). */
  conn: BackendConn | null = null;

  constructor(client: ReplyTarget | null, frame: Buffer, flags: number) {
    this.client = client;
    this.frame = frame;
    this.flags = flags;
  }
}
