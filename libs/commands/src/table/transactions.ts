/*
 * The transaction commands (Redis group `transactions`), checked against a real redis-server 7.0
 * by test/conformance.spec.ts. The group adds the `@transaction` ACL category. WATCH is the only
 * one with keys: it reads nothing, but the keys it names are the ones a later EXEC depends on.
 */
import type { CommandSpec, CommandFlag } from '../types';
import { rangeKeys } from './keyspec';

const G = 'transactions';
const TX_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale', 'fast', 'allow_busy'];

export const TRANSACTION_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'multi', arity: 1, flags: TX_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.2.0', summary: 'Starts queueing commands for a transaction.',
  },
  {
    name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '1.2.0', summary: 'Runs the queued commands of a transaction atomically.',
  },
  {
    name: 'discard', arity: 1, flags: TX_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.0.0', summary: 'Drops the queued commands of a transaction.',
  },
  {
    name: 'watch', arity: -2, flags: TX_FLAGS, firstKey: 1, lastKey: -1, step: 1,
    group: G, since: '2.2.0', summary: 'Makes the next EXEC fail if any of these keys changes first.',
    keySpecs: [rangeKeys(['RO'], 1, -1)],
  },
  {
    name: 'unwatch', arity: 1, flags: TX_FLAGS, firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '2.2.0', summary: 'Forgets every watched key of the connection.',
  },
];
