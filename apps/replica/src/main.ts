/**
 * The replica process: the same node engine as the master, started with `replicaof <host> <port>`
 * (from a config file, `--replicaof "host port"` or RESPLICA_REPLICAOF). It follows that master over
 * PSYNC, serves reads, refuses writes (replica-read-only) and can be promoted with REPLICAOF NO ONE.
 * libs/server run-node.ts has the configuration, signal and exit-code rules.
 */
import { runNodeProcess } from '@resplica/server';
import pino from 'pino';

/**
 * ARCHITECTURE.md: replicas listen on 6381 and up; the master's default address is 6380.
 * `repl-diskless-load swapdb`: a full sync loads beside the served dataset and swaps in whole, so a
 * resync never makes a replica unreadable (Redis's default, `disabled`, would answer -LOADING).
 */
const REPLICA_DEFAULTS = { port: '6381', replicaof: '127.0.0.1 6380', 'repl-diskless-load': 'swapdb' };

runNodeProcess({
  app: 'replica',
  defaults: REPLICA_DEFAULTS,
  logger: (app) => {
    const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, app } });
    return { logger, flush: () => logger.flush() };
  },
});
