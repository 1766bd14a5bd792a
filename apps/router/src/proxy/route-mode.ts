/**
 * RESPLICA ROUTE modes: where a client's plain reads and writes go. `auto` is the default (reads
 * to a fresh replica, writes to the master); `master` sends reads to the master too (read your
 * own writes); `replica` sends everything to replicas (writes then get the replica's -READONLY).
 */
export const ROUTE_AUTO = 0;
export const ROUTE_MASTER = 1;
export const ROUTE_REPLICA = 2;

/** The mode named by a RESPLICA ROUTE argument (lower case), or -1. */
export function routeModeOf(name: string): number {
  return name === 'auto' ? ROUTE_AUTO : name === 'master' ? ROUTE_MASTER : name === 'replica' ? ROUTE_REPLICA : -1;
}
