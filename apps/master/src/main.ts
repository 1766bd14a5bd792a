/**
 * The master process: reads configuration (a redis.conf path as the first non-flag argument,
 * `--name value` flags as redis-server takes them, RESPLICA_* environment variables), builds the
 * pino logger, starts the node engine and turns SIGTERM/SIGINT into a clean shutdown.
 *
 * Exit codes: 0 after a clean shutdown, 1 when the configuration is invalid (every error is
 * printed first) or the listener cannot start.
 */
import { loadConfig } from '@resplica/config';
import { Node } from '@resplica/server';
import pino from 'pino';

/** ARCHITECTURE.md: the master listens on 6380 unless told otherwise, leaving 6379 to the router. */
const MASTER_DEFAULTS = { port: '6380' };

function main(): void {
  const { config, errors } = loadConfig({ argv: process.argv.slice(2), env: process.env, defaults: MASTER_DEFAULTS });
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`config error: ${e}\n`);
    process.exit(1);
  }
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, app: 'master' } });
  const log = logger.child({ component: 'master' });
  const node = new Node({
    config,
    logger,
    onShutdown: () => {
      logger.flush();
      process.exit(0);
    },
  });
  const stop = (signal: string): void => {
    log.info({ signal }, 'received signal, shutting down');
    void node.shutdown(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  node.start().then(
    (port) => log.info({ port }, 'ready to accept connections'),
    (err: Error) => {
      log.error({ err: err.message }, 'could not start listening');
      logger.flush();
      process.exit(1);
    },
  );
}

main();
