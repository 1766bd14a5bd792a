/*
 * The sync counters of INFO stats, read together, so a test can say "one more partial resync,
 * no more full ones" in one comparison.
 */
import { infoFields } from '@resplica/testing';

export interface SyncStats {
  sync_full: number;
  sync_partial_ok: number;
  sync_partial_err: number;
}

export async function syncStats(port: number): Promise<SyncStats> {
  const fields = new Map(await infoFields(port, 'stats'));
  const read = (name: keyof SyncStats): number => {
    const value = fields.get(name);
    if (value === undefined) throw new Error(`INFO stats on port ${port} has no ${name}`);
    return Number(value);
  };
  return { sync_full: read('sync_full'), sync_partial_ok: read('sync_partial_ok'), sync_partial_err: read('sync_partial_err') };
}
