/**
 * The master process: reads configuration (a redis.conf path as the first non-flag argument,
 * `--name value` flags as redis-server takes them, RESPLICA_* environment variables), builds the
 * pino logger, starts the node engine (which loads `dir/dbfilename` if it exists) and turns
 * SIGTERM/SIGINT into a shutdown, saving first as shutdown-on-sigterm / shutdown-on-sigint say
 * (by default: when save rules are set). If that save fails the node keeps running, as 7.0.
 *
 * Exit codes: 0 after a clean shutdown, 1 when the configuration is invalid (every error is
 * printed first), the listener cannot start, or the snapshot file cannot be loaded (the file is
 * left untouched and the log names it and the problem).
 */
import { loadConfig } from '@resplica/config';
import { Node, shutdownFlagsForSignal } from '@resplica/server';
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
  const stop = (signal: 'SIGTERM' | 'SIGINT'): void => {
    log.info({ signal }, 'received signal, shutting down');
    const flags = shutdownFlagsForSignal(config.str(signal === 'SIGTERM' ? 'shutdown-on-sigterm' : 'shutdown-on-sigint'));
    if (!node.shutdownWithSave(signal, flags)) log.warn({ signal }, 'signal received but errors trying to shut down the server, check the logs');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  node.start().then(
    (port) => log.info({ port }, 'ready to accept connections'),
    (err: Error) => {
      log.error({ err: err.message }, 'could not start');
      logger.flush();
      process.exit(1);
    },
  );
}

main();
