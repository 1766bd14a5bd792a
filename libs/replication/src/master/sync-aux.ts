/**
 * The AUX fields of a snapshot sent to replicas (spec/replication.md §8.3). 7.0 writes, in order:
 * redis-ver, redis-bits, ctime, used-mem, then — only in an RDB made for replication —
 * repl-stream-db, repl-id, repl-offset, and last aof-base. The node supplies the fields it writes
 * to its own files (MasterHost.baseAux); the replication ones go in before aof-base.
 */
import type { AuxField } from '@resplica/rdb';

export function replicationAux(base: readonly AuxField[], streamDb: number, replid: string, offset: number): AuxField[] {
  const repl: AuxField[] = [
    ['repl-stream-db', streamDb],
    ['repl-id', replid],
    ['repl-offset', offset],
  ];
  const at = base.findIndex(([name]) => name === 'aof-base');
  if (at < 0) return [...base, ...repl, ['aof-base', 0]];
  return [...base.slice(0, at), ...repl, ...base.slice(at)];
}
