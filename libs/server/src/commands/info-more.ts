/*
 * INFO's replication, cpu, modules, commandstats, errorstats, latencystats, cluster and keyspace
 * sections (Redis 7.0.15 names and order).
 *
 * Replication: when the node offers `replicationInfo()` (the replication lib's view, returning the
 * section body in the order of spec/replication.md §7.1), that is printed; until then a master
 * without replicas is described from this process: a replid drawn once at start-up (as Redis does),
 * offset 0, no backlog. Latencystats prints only its header: no per-command histograms are kept.
 */
import { randomBytes } from 'node:crypto';
import type { NodeView } from '../contracts';
import { line } from './info-format';

/** What the replication lib may add to the node for INFO replication. */
export interface ReplicationInfoSource {
  /** The body of `# Replication`, every line ending in CRLF. */
  replicationInfo(): string;
}

const STARTUP_REPLID = randomBytes(20).toString('hex');
const NO_REPLID = '0'.repeat(40);

function hasReplicationInfo(node: NodeView): node is NodeView & ReplicationInfoSource {
  return typeof (node as Partial<ReplicationInfoSource>).replicationInfo === 'function';
}

export function replicationSection(node: NodeView): string {
  if (hasReplicationInfo(node)) return node.replicationInfo();
  return (
    line('role', 'master') +
    line('connected_slaves', 0) +
    line('master_failover_state', 'no-failover') +
    line('master_replid', STARTUP_REPLID) +
    line('master_replid2', NO_REPLID) +
    line('master_repl_offset', 0) +
    line('second_repl_offset', -1) +
    line('repl_backlog_active', 0) +
    line('repl_backlog_size', node.config.get('repl-backlog-size')) +
    line('repl_backlog_first_byte_offset', 0) +
    line('repl_backlog_histlen', 0)
  );
}

export function cpuSection(): string {
  const cpu = process.cpuUsage();
  const sys = (cpu.system / 1e6).toFixed(6);
  const user = (cpu.user / 1e6).toFixed(6);
  return (
    line('used_cpu_sys', sys) +
    line('used_cpu_user', user) +
    line('used_cpu_sys_children', '0.000000') +
    line('used_cpu_user_children', '0.000000') +
    line('used_cpu_sys_main_thread', sys) +
    line('used_cpu_user_main_thread', user)
  );
}

export function emptySection(): string {
  return '';
}

export function commandstatsSection(node: NodeView): string {
  let out = '';
  for (const [name, c] of node.stats.commands) {
    const perCall = (c.calls === 0 ? 0 : c.usec / c.calls).toFixed(2);
    out += line(
      `cmdstat_${name}`,
      `calls=${c.calls},usec=${c.usec},usec_per_call=${perCall},rejected_calls=${c.rejected},failed_calls=${c.failed}`,
    );
  }
  return out;
}

export function errorstatsSection(node: NodeView): string {
  let out = '';
  for (const [code, count] of node.stats.errors) out += line(`errorstat_${code}`, `count=${count}`);
  return out;
}

export function clusterSection(): string {
  return line('cluster_enabled', 0);
}

export function keyspaceSection(node: NodeView, nowMs: number): string {
  let out = '';
  for (const db of node.keyspace.databases) {
    const keys = db.size();
    if (keys === 0) continue;
    out += line(`db${db.index}`, `keys=${keys},expires=${db.expiresCount()},avg_ttl=${db.avgTtl(nowMs)}`);
  }
  return out;
}
