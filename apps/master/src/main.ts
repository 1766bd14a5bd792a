/**
 * The master process: a node engine started in the master role (libs/server run-node.ts has the
 * configuration, signal and exit-code rules). Like Redis, it becomes a replica at run time with
 * REPLICAOF, or at start with `--replicaof`.
 */
import { runNodeProcess } from '@resplica/server';
import pino from 'pino';

/**
 * ARCHITECTURE.md: the master listens on 6380 unless told otherwise, leaving 6379 to the router.
 * `repl-diskless-load swapdb`: once demoted, a full sync loads beside the served dataset.
 */
const MASTER_DEFAULTS = { port: '6380', 'repl-diskless-load': 'swapdb' };

runNodeProcess({
  app: 'master',
  defaults: MASTER_DEFAULTS,
  logger: (app) => {
    const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, app } });
    return { logger, flush: () => logger.flush() };
  },
});
