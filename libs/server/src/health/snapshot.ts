/**
 * The NodeHealth a node publishes every health-interval-ms, read from the live engine: the same
 * sources INFO replication, INFO keyspace and INFO memory print, so a router sees what INFO would
 * have told it at that instant.
 *
 * Invariant: only reads; costs O(databases + replicas), never O(keys).
 */
import type { NodeHealth, ReplicaAck } from '@resplica/health';
import type { HealthSource } from './source';
import type { Announced } from './announce';

/** INFO memory's used_memory (commands/info-sections.ts): the JS heap in use plus external buffers. */
function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export function nodeHealthOf(node: HealthSource, address: Announced, nowMs: number): NodeHealth {
  const repl = node.replication;
  const status = repl.link?.status ?? null;
  let keys = 0;
  for (const db of node.keyspace.databases) keys += db.size();
  const replicas: ReplicaAck[] = repl.master.replicas().map((r) => ({ host: r.ip, port: r.port, ackOffset: r.ackOffset, online: r.state === 'online' }));
  return {
    type: 'node-health',
    role: status === null ? 'master' : 'replica',
    host: address.host,
    port: address.port,
    replid: repl.state.replid,
    masterReplOffset: repl.state.masterReplOffset,
    masterHost: status?.host ?? '',
    masterPort: status?.port ?? 0,
    linkUp: status?.state === 'connected',
    // slave_repl_offset, as INFO prints it.
    appliedOffset: status?.replOffset ?? 0,
    syncInProgress: status?.syncInProgress ?? false,
    loading: node.persistence.loading || repl.loading,
    replicas,
    keys,
    usedMemory: usedMemory(),
    uptimeMs: nowMs - node.startedAtMs,
    // master_sync_read_bytes / master_sync_total_bytes, as INFO prints them during a full sync.
    syncReadBytes: status?.syncInProgress === true ? status.syncReadBytes : 0,
    syncTotalBytes: status?.syncInProgress === true ? status.syncTotalBytes : 0,
  };
}
