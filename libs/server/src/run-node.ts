/**
 * The process around a node engine, shared by apps/master and apps/replica (they differ only in
 * their defaults): reads configuration (a redis.conf path as the first non-flag argument,
 * `--name value` flags as redis-server takes them, RESPLICA_* environment variables), builds the
 * logger the app provides, starts the node (which loads `dir/dbfilename` if it exists and, with
 * `replicaof`, connects to its master) and turns SIGTERM/SIGINT into a shutdown, saving first as
 * shutdown-on-sigterm / shutdown-on-sigint say. If that save fails the node keeps running, as 7.0.
 *
 * Exit codes: 0 after a clean shutdown, 1 when the configuration is invalid (every error is
 * printed first), the listener cannot start, or the snapshot file cannot be loaded (the file is
 * left untouched and the log names it and the problem).
 */
import { loadConfig } from '@resplica/config';
import type { Logger } from './logger';
import { Node } from './node';
import { shutdownFlagsForSignal } from './persistence/persistence';

export interface NodeProcessOptions {
  /** `master` or `replica`: the `app` field of every log line. */
  readonly app: string;
  /** Defaults that differ from Redis's for this app (its port, `replicaof`). */
  readonly defaults: Readonly<Record<string, string>>;
  /** Builds the root logger (the app picks the sink: pino) and flushes it before exit. */
  readonly logger: (app: string) => { readonly logger: Logger; flush(): void };
}

export function runNodeProcess(options: NodeProcessOptions): void {
  const { config, errors } = loadConfig({ argv: process.argv.slice(2), env: process.env, defaults: options.defaults });
  if (errors.length > 0) {
    for (const e of errors) process.stderr.write(`config error: ${e}\n`);
    process.exit(1);
  }
  const { logger, flush } = options.logger(options.app);
  const log = logger.child({ component: options.app });
  const node = new Node({
    config,
    logger,
    onShutdown: () => {
      flush();
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
      flush();
      process.exit(1);
    },
  );
}
