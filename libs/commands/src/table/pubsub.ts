/*
 * The publish/subscribe commands (Redis group `pubsub`), checked against a real redis-server 7.0 by
 * test/conformance.spec.ts. Channels are not keys, so no entry has key positions. The `@pubsub`
 * ACL category comes from the `pubsub` flag, which PUBSUB HELP does not have.
 */
import type { CommandSpec, CommandFlag } from '../types';

const G = 'pubsub';
const SUBSCRIBE_FLAGS: readonly CommandFlag[] = ['pubsub', 'noscript', 'loading', 'stale'];
const INTROSPECT_FLAGS: readonly CommandFlag[] = ['pubsub', 'loading', 'stale'];

/** A PUBSUB introspection subcommand. */
function introspect(sub: string, arity: number, since: string, summary: string): CommandSpec {
  return {
    name: `pubsub|${sub}`, arity, flags: INTROSPECT_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: G, since, summary,
  };
}

export const PUBSUB_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'subscribe', arity: -2, flags: SUBSCRIBE_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Listens for messages published to channels.',
  },
  {
    name: 'psubscribe', arity: -2, flags: SUBSCRIBE_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Listens for messages published to channels matching glob patterns.',
  },
  {
    name: 'unsubscribe', arity: -1, flags: SUBSCRIBE_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Stops listening to channels, or to all of them.',
  },
  {
    name: 'punsubscribe', arity: -1, flags: SUBSCRIBE_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Stops listening to channel patterns, or to all of them.',
  },
  {
    name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Sends a message to a channel and returns how many clients got it.',
  },
  {
    name: 'pubsub', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.8.0', summary: 'Container of the pub/sub introspection commands.',
    subcommands: [
      introspect('channels', -2, '2.8.0', 'Lists the channels with subscribers, optionally matching a pattern.'),
      introspect('numsub', -2, '2.8.0', 'Returns the subscriber count of channels.'),
      introspect('numpat', 2, '2.8.0', 'Returns the number of subscribed patterns.'),
      {
        name: 'pubsub|help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0,
        group: G, since: '6.2.0', summary: 'Lists the PUBSUB subcommands.',
      },
    ],
  },
];
