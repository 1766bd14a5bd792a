/**
 * FLUSHALL's part in persistence, as 7.0's flushAllDataAndResetRDB: a running background save is
 * aborted (its snapshot would only describe data that is gone), and when save rules exist the
 * empty dataset is saved at once, so a restart cannot bring the flushed keys back.
 *
 * The keyspace owns FLUSHALL itself; the node wraps that handler once, when it builds its routes.
 * The abort comes first — before the flush rather than after it, as 7.0 orders it — so the
 * snapshot is not asked to preserve every key the flush is about to delete.
 *
 * Invariant: the wrapped handler's replies and effects are unchanged; an invalid FLUSHALL (a syntax
 * error) touches no snapshot.
 */
import type { Handler } from '@resplica/keyspace';
import type { HandlerTables } from '../routes';
import type { Persistence } from './persistence';

/** FLUSHALL's own argument check: nothing, ASYNC or SYNC. */
function validFlushArgs(argv: Buffer[]): boolean {
  if (argv.length === 1) return true;
  if (argv.length !== 2) return false;
  const mode = argv[1].toString().toLowerCase();
  return mode === 'async' || mode === 'sync';
}

function flushallSaving(flushall: Handler, persistence: Persistence): Handler {
  return (ctx, argv) => {
    if (!validFlushArgs(argv)) {
      flushall(ctx, argv);
      return;
    }
    persistence.abortBackgroundSave('FLUSHALL');
    flushall(ctx, argv);
    persistence.afterFlushAll();
  };
}

/** The handler tables with FLUSHALL wrapped for `persistence`. */
export function withFlushallSave(tables: HandlerTables, persistence: Persistence): HandlerTables {
  const flushall = tables.keyspace.get('flushall');
  if (flushall === undefined) return tables;
  const keyspace = new Map(tables.keyspace);
  keyspace.set('flushall', flushallSaving(flushall, persistence));
  return { keyspace, server: tables.server };
}
