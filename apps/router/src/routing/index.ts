/**
 * The routing brain's public face: `createRoutingTable` wires the table to its health feed (NATS
 * when `nats` is configured, else INFO polls of the static `master`/`replica` lists) and to real
 * PINGs.
 */
import type { Logger } from 'pino';
import type { ConfigStore } from '@resplica/config';
import type { RoutingTable } from './types';
import type { HealthFeed } from './events';
import { natsHealthFeed } from './health-feed';
import { PollFeed } from './poll-feed';
import { pingBackend } from './ping';
import { RoutingTableImpl } from './table';

export type { BackendRef, BackendStatus, RoutingTable, RouterCounters, RequestKind } from './types';
export type { HealthFeed } from './events';

export interface CreateRoutingTableOptions {
  config: ConfigStore;
  log: Logger;
  /** Router time in ms; tests inject one to make freshness exact. @default Date.now */
  clock?: () => number;
  /** Health events; by default a NATS subscriber when `nats` is set, INFO polls otherwise. */
  feed?: HealthFeed;
}

export function createRoutingTable(options: CreateRoutingTableOptions): RoutingTable {
  const { config } = options;
  const log = options.log.child({ component: 'routing' });
  const viaNats = config.str('nats') !== '';
  return new RoutingTableImpl({
    config,
    log,
    clock: options.clock ?? Date.now,
    discovery: viaNats ? 'events' : 'configured',
    feed: options.feed ?? (viaNats ? natsHealthFeed(config, log) : new PollFeed(config, log)),
    ping: (ref) => pingBackend(ref, { user: config.str('masteruser'), password: config.str('masterauth') }),
  });
}
