/**
 * The poll feed's translation: the text of `INFO replication persistence` into the HealthFacts a
 * NodeHealth report would carry, field for field as the nodes fill NodeHealth from the same state
 * (libs/server/src/health/snapshot.ts), so the table cannot tell a polled node from a publishing one.
 *
 * Invariant: the address is the configured one, never INFO's: the table knows a static backend by
 * the `host:port` it was given, and a node behind NAT would not print that address anyway.
 */
import type { HealthFacts } from './events';

/** `name:value` lines of an INFO reply (section headers and blank lines skipped). */
export function infoLines(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('#')) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** A field as an integer; 0 when INFO does not print it (a master's link fields, say). */
function integer(fields: Map<string, string>, name: string): number {
  const n = Number(fields.get(name) ?? '0');
  return Number.isSafeInteger(n) ? n : 0;
}

/** The facts of a node at `host:port` whose INFO replied `text`; null when it has no `role` line. */
export function factsFromInfo(host: string, port: number, text: string): HealthFacts | null {
  const f = infoLines(text);
  const role = f.get('role');
  if (role !== 'master' && role !== 'slave') return null;
  const syncing = f.get('master_sync_in_progress') === '1';
  return {
    role: role === 'master' ? 'master' : 'replica',
    host,
    port,
    masterReplOffset: integer(f, 'master_repl_offset'),
    appliedOffset: integer(f, 'slave_repl_offset'),
    linkUp: f.get('master_link_status') === 'up',
    loading: f.get('loading') === '1',
    syncInProgress: syncing,
    // INFO prints the byte counts only during a sync; NodeHealth carries 0 outside one.
    syncReadBytes: syncing ? integer(f, 'master_sync_read_bytes') : 0,
    syncTotalBytes: syncing ? integer(f, 'master_sync_total_bytes') : 0,
  };
}
