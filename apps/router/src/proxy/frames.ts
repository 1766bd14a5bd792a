/**
 * Small byte-level looks into frames the router otherwise forwards unread: which pub/sub frames
 * are messages (pushed by the backend) rather than replies, the kind and count of a subscribe
 * confirmation, the errors that take a replica out of rotation, and the size of a large bulk still
 * arriving. Each reads a few header bytes; none decodes a value.
 */

const CR = 0x0d;
const COLON = 0x3a;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** First element of a pub/sub message, in RESP2 (`*`) and RESP3 (`>`) alike. */
const MESSAGE = ascii('$7\r\nmessage\r\n');
const PMESSAGE = ascii('$8\r\npmessage\r\n');
const SMESSAGE = ascii('$8\r\nsmessage\r\n');

export const CONFIRM_NONE = 0;
export const CONFIRM_SUBSCRIBE = 1;
export const CONFIRM_UNSUBSCRIBE = 2;
export const CONFIRM_PSUBSCRIBE = 3;
export const CONFIRM_PUNSUBSCRIBE = 4;

const CONFIRMATIONS: readonly [Buffer, number][] = [
  [ascii('$9\r\nsubscribe\r\n'), CONFIRM_SUBSCRIBE],
  [ascii('$11\r\nunsubscribe\r\n'), CONFIRM_UNSUBSCRIBE],
  [ascii('$10\r\npsubscribe\r\n'), CONFIRM_PSUBSCRIBE],
  [ascii('$12\r\npunsubscribe\r\n'), CONFIRM_PUNSUBSCRIBE],
];

const LOADING = ascii('-LOADING');
const MASTERDOWN = ascii('-MASTERDOWN');

/** Offset of the first element of an aggregate frame (`*`/`>`), or -1 for any other type. */
function firstElement(frame: Buffer): number {
  if (frame[0] !== 0x2a && frame[0] !== 0x3e) return -1;
  const cr = frame.indexOf(CR, 1);
  return cr < 0 ? -1 : cr + 2;
}

function startsWithAt(frame: Buffer, at: number, prefix: Buffer): boolean {
  return at + prefix.length <= frame.length && frame.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

/** A message, pmessage or smessage pushed to a subscriber (not a reply to its commands). */
export function isPubsubMessage(frame: Buffer): boolean {
  const at = firstElement(frame);
  return at > 0 && (startsWithAt(frame, at, MESSAGE) || startsWithAt(frame, at, PMESSAGE) || startsWithAt(frame, at, SMESSAGE));
}

/** Which subscribe-family confirmation a frame is, CONFIRM_NONE for anything else. */
export function confirmationKind(frame: Buffer): number {
  const at = firstElement(frame);
  if (at < 0) return CONFIRM_NONE;
  for (const [prefix, kind] of CONFIRMATIONS) if (startsWithAt(frame, at, prefix)) return kind;
  return CONFIRM_NONE;
}

/** The `:N` that ends a confirmation (the connection's subscription count), or -1. */
export function trailingCount(frame: Buffer): number {
  // The frame ends `:N\r\n`: walk back from before the final CRLF to the colon.
  let i = frame.length - 3;
  let n = 0;
  let scale = 1;
  while (i > 0 && frame[i] >= 0x30 && frame[i] <= 0x39) {
    n += (frame[i] - 0x30) * scale;
    scale *= 10;
    i--;
  }
  return frame[i] === COLON && scale > 1 ? n : -1;
}

/** -LOADING or -MASTERDOWN: the replica cannot serve reads now. */
export function isReplicaUnusable(frame: Buffer): boolean {
  return frame[0] === 0x2d && (startsWithAt(frame, 0, LOADING) || startsWithAt(frame, 0, MASTERDOWN));
}

/** The reason given to the routing table for such a reply. */
export function unusableReason(frame: Buffer): string {
  return startsWithAt(frame, 0, LOADING) ? '-LOADING reply' : '-MASTERDOWN reply';
}

/**
 * Total size of an incomplete `$<len>` bulk frame at `pos` once its header is in, else 0. Lets a
 * backend connection allocate a large reply once and skip rescans until it is complete.
 */
export function pendingBulkSize(buf: Buffer, pos: number): number {
  if (buf[pos] !== 0x24) return 0;
  let n = 0;
  let i = pos + 1;
  for (; i < buf.length && buf[i] !== CR; i++) {
    const digit = buf[i] - 0x30;
    if (digit < 0 || digit > 9) return 0;
    n = n * 10 + digit;
  }
  if (i + 1 >= buf.length) return 0;
  return i + 2 - pos + n + 2;
}
