/**
 * Keyspace notifications: the event classes of `notify-keyspace-events` as a bitmask, so a handler's
 * `ctx.keyspace.notify(...)` costs one integer test when notifications are off (the default).
 * The server sets the mask from the configuration and publishes on the `__keyspace@<db>__:<key>` /
 * `__keyevent@<db>__:<event>` channels through KeyspaceHooks.notify.
 */

/** One bit per event class letter of notify-keyspace-events. */
export const NOTIFY = {
  generic: 1 << 0, // g: DEL, EXPIRE, RENAME, …
  string: 1 << 1, // $
  list: 1 << 2, // l
  set: 1 << 3, // s
  hash: 1 << 4, // h
  zset: 1 << 5, // z
  expired: 1 << 6, // x
  evicted: 1 << 7, // e
  stream: 1 << 8, // t
  keyMiss: 1 << 9, // m (not part of A)
  module: 1 << 10, // d
  newKey: 1 << 11, // n (not part of A)
  keyspace: 1 << 12, // K: publish on __keyspace@<db>__:<key>
  keyevent: 1 << 13, // E: publish on __keyevent@<db>__:<event>
} as const;

export type NotifyClass = (typeof NOTIFY)[keyof typeof NOTIFY];
