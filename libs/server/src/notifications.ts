/**
 * Keyspace notifications, the server's side: turning `notify-keyspace-events` into the keyspace's
 * NOTIFY bitmask, and publishing each event the handlers report on Redis's two channels through the
 * node's PubSub:
 *   `__keyspace@<db>__:<key>`   with the event name as message (class K),
 *   `__keyevent@<db>__:<event>` with the key as message        (class E).
 *
 * Invariant: the mask given to the keyspace is 0 unless K or E is set as well as some event class,
 * so handlers pay one integer test per event when notifications cannot reach anyone (Redis likewise
 * publishes nothing for `notify-keyspace-events g`).
 */
import { keyspaceEventLetters } from '@resplica/config';
import { NOTIFY } from '@resplica/keyspace';

/** Publishes one message held as latin1 strings: the node's PubSub.publishLatin1, narrowed for tests. */
export interface NotificationSink {
  publishLatin1(channel: string, message: string): number;
}

/** The flag letters of notify-keyspace-events and their NOTIFY bits. */
const LETTERS: Readonly<Record<string, number>> = {
  g: NOTIFY.generic,
  $: NOTIFY.string,
  l: NOTIFY.list,
  s: NOTIFY.set,
  h: NOTIFY.hash,
  z: NOTIFY.zset,
  x: NOTIFY.expired,
  e: NOTIFY.evicted,
  t: NOTIFY.stream,
  m: NOTIFY.keyMiss,
  d: NOTIFY.module,
  n: NOTIFY.newKey,
  K: NOTIFY.keyspace,
  E: NOTIFY.keyevent,
};

const CHANNELS = NOTIFY.keyspace | NOTIFY.keyevent;

/**
 * The keyspace mask for notify-keyspace-events, given as its ConfigStore `num` (the printed form
 * hides `n` after `A`, the number does not). 0 when no event could be published.
 */
export function notifyMaskOf(configNum: number): number {
  let mask = 0;
  for (const ch of keyspaceEventLetters(configNum)) mask |= LETTERS[ch] ?? 0;
  if ((mask & CHANNELS) === 0 || (mask & ~CHANNELS) === 0) return 0;
  return mask;
}

/**
 * Publishes one event (Redis's notifyKeyspaceEvent) on the channels `mask` enables: the keyspace
 * channel first, then the keyevent channel. `key` is a latin1 key string (binary-safe).
 */
export function publishKeyspaceEvent(sink: NotificationSink, mask: number, event: string, key: string, dbIndex: number): void {
  if ((mask & NOTIFY.keyspace) !== 0) {
    sink.publishLatin1(`__keyspace@${dbIndex}__:${key}`, event);
  }
  if ((mask & NOTIFY.keyevent) !== 0) {
    sink.publishLatin1(`__keyevent@${dbIndex}__:${event}`, key);
  }
}
