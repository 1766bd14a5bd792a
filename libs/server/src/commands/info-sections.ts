/*
 * INFO's server, clients, memory, persistence and stats sections, field names and order as Redis
 * 7.0.15 prints them. Values come from this process: process.memoryUsage(), uptime, the client
 * table, the engine's and the keyspace's counters.
 *
 * Fields with no meaning for a Node process are printed as constants: redis_git_sha1 00000000,
 * redis_git_dirty 0, redis_build_id 0, gcc_version 0.0.0, atomicvar_api/monotonic_clock as named
 * below, io_threads_active 0, cluster_connections 0, tracking_clients 0, the Lua/functions memory
 * fields 0, allocator_* (mapped to V8 heap numbers), AOF/module fields 0 / -1 / ok,
 * instantaneous_* 0 (no sampling yet), total_reads/writes_processed 0 (not counted), total_net_repl_input_bytes 0, and every
 * defrag/tracking/eviction counter 0. Persistence fields come from the node's snapshots (see
 * persistenceSection).
 */
import { arch, machine, release, totalmem, type } from 'node:os';
import type { NodeView, PersistenceStatus } from '../contracts';
import { bytesToHuman, line, ratio } from './info-format';

/** Redis version we are compatible with; clients branch on it, and our RDB files carry it. */
export const REDIS_VERSION = '7.0.15';
/** Redis's LRU clock is seconds modulo 2^24. */
const LRU_CLOCK_MAX = (1 << 24) - 1;

/** Memory used before any data: sampled when this module loads, with the engine. */
const startupMemory = usedMemory();
let peakMemory = startupMemory;

function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export function serverSection(node: NodeView, nowMs: number): string {
  const uptime = Math.floor((nowMs - node.startedAtMs) / 1000);
  const hz = node.config.get('hz');
  return (
    line('redis_version', REDIS_VERSION) +
    line('redis_git_sha1', '00000000') +
    line('redis_git_dirty', 0) +
    line('redis_build_id', '0') +
    line('redis_mode', 'standalone') +
    line('os', `${type()} ${release()} ${machine()}`) +
    line('arch_bits', arch().endsWith('64') ? 64 : 32) +
    line('monotonic_clock', 'performance.now') +
    line('multiplexing_api', 'libuv') +
    line('atomicvar_api', 'none') +
    line('gcc_version', '0.0.0') +
    line('process_id', process.pid) +
    line('process_supervised', 'no') +
    line('run_id', node.runId) +
    line('tcp_port', node.port) +
    line('server_time_usec', Math.floor(nowMs * 1000)) +
    line('uptime_in_seconds', uptime) +
    line('uptime_in_days', Math.floor(uptime / 86400)) +
    line('hz', hz) +
    line('configured_hz', hz) +
    line('lru_clock', Math.floor(nowMs / 1000) & LRU_CLOCK_MAX) +
    line('executable', process.argv[1] ?? process.execPath) +
    line('config_file', node.config.configFile ?? '') +
    line('io_threads_active', 0)
  );
}

export function clientsSection(node: NodeView): string {
  let maxIn = 0;
  let maxOut = 0;
  let blocked = 0;
  for (const c of node.clients.values()) {
    maxIn = Math.max(maxIn, c.queryBufferBytes());
    maxOut = Math.max(maxOut, c.outputBufferBytes());
    if (c.flags().includes('b')) blocked++;
  }
  return (
    line('connected_clients', node.clients.size) +
    line('cluster_connections', 0) +
    line('maxclients', node.config.get('maxclients')) +
    line('client_recent_max_input_buffer', maxIn) +
    line('client_recent_max_output_buffer', maxOut) +
    line('blocked_clients', blocked) +
    line('tracking_clients', 0) +
    line('clients_in_timeout_table', 0)
  );
}

export function memorySection(node: NodeView): string {
  const m = process.memoryUsage();
  const used = m.heapUsed + m.external;
  if (used > peakMemory) peakMemory = used;
  const dataset = Math.max(0, used - startupMemory);
  const maxmemory = node.config.num('maxmemory');
  const total = totalmem();
  return (
    line('used_memory', used) +
    line('used_memory_human', bytesToHuman(used)) +
    line('used_memory_rss', m.rss) +
    line('used_memory_rss_human', bytesToHuman(m.rss)) +
    line('used_memory_peak', peakMemory) +
    line('used_memory_peak_human', bytesToHuman(peakMemory)) +
    line('used_memory_peak_perc', `${ratio(used * 100, peakMemory)}%`) +
    line('used_memory_overhead', startupMemory) +
    line('used_memory_startup', startupMemory) +
    line('used_memory_dataset', dataset) +
    line('used_memory_dataset_perc', `${ratio(dataset * 100, used)}%`) +
    line('allocator_allocated', m.heapUsed) +
    line('allocator_active', m.heapTotal) +
    line('allocator_resident', m.rss) +
    line('total_system_memory', total) +
    line('total_system_memory_human', bytesToHuman(total)) +
    line('used_memory_lua', 0) +
    line('used_memory_vm_eval', 0) +
    line('used_memory_lua_human', '0B') +
    line('used_memory_scripts_eval', 0) +
    line('number_of_cached_scripts', 0) +
    line('number_of_functions', 0) +
    line('number_of_libraries', 0) +
    line('used_memory_vm_functions', 0) +
    line('used_memory_vm_total', 0) +
    line('used_memory_vm_total_human', '0B') +
    line('used_memory_functions', 0) +
    line('used_memory_scripts', 0) +
    line('used_memory_scripts_human', '0B') +
    line('maxmemory', maxmemory) +
    line('maxmemory_human', bytesToHuman(maxmemory)) +
    line('maxmemory_policy', node.config.get('maxmemory-policy')) +
    line('allocator_frag_ratio', ratio(m.heapTotal, m.heapUsed)) +
    line('allocator_frag_bytes', m.heapTotal - m.heapUsed) +
    line('allocator_rss_ratio', ratio(m.rss, m.heapTotal)) +
    line('allocator_rss_bytes', m.rss - m.heapTotal) +
    line('rss_overhead_ratio', ratio(m.rss, used)) +
    line('rss_overhead_bytes', m.rss - used) +
    line('mem_fragmentation_ratio', ratio(m.rss, used)) +
    line('mem_fragmentation_bytes', m.rss - used) +
    line('mem_not_counted_for_evict', 0) +
    line('mem_replication_backlog', node.replicationStats?.().backlogBytes ?? 0) +
    line('mem_total_replication_buffers', 0) +
    line('mem_clients_slaves', 0) +
    line('mem_clients_normal', 0) +
    line('mem_cluster_links', 0) +
    line('mem_aof_buffer', 0) +
    line('mem_allocator', 'v8') +
    line('active_defrag_running', 0) +
    line('lazyfree_pending_objects', 0) +
    line('lazyfreed_objects', 0)
  );
}

/**
 * INFO persistence: 7.0's fields in 7.0's order. We never fork, so the copy-on-write fields are a
 * truthful 0 and current_fork_perc is the share of keys the running background save has written;
 * AOF does not exist here (aof_enabled:0 and its fields at their idle values). While the file loads
 * at start-up, the loading_* fields follow, as 7.0 prints them.
 */
export function persistenceSection(node: NodeView, nowMs: number): string {
  const p = node.persistence;
  const nowSec = Math.floor(nowMs / 1000);
  const total = p.currentSaveKeysTotal;
  const forkPerc = total === 0 ? 0 : (p.currentSaveKeysProcessed / total) * 100;
  return (
    line('loading', p.loading ? 1 : 0) +
    line('async_loading', 0) +
    line('current_cow_peak', 0) +
    line('current_cow_size', 0) +
    line('current_cow_size_age', 0) +
    line('current_fork_perc', forkPerc.toFixed(2)) +
    line('current_save_keys_processed', p.currentSaveKeysProcessed) +
    line('current_save_keys_total', total) +
    line('rdb_changes_since_last_save', p.changesSinceSave) +
    line('rdb_bgsave_in_progress', p.bgsaveInProgress ? 1 : 0) +
    line('rdb_last_save_time', p.lastSaveSec) +
    line('rdb_last_bgsave_status', p.lastBgsaveOk ? 'ok' : 'err') +
    line('rdb_last_bgsave_time_sec', p.lastBgsaveTimeSec) +
    line('rdb_current_bgsave_time_sec', p.bgsaveInProgress ? nowSec - p.bgsaveStartSec : -1) +
    line('rdb_saves', p.saves) +
    line('rdb_last_cow_size', 0) +
    line('rdb_last_load_keys_expired', p.lastLoadKeysExpired) +
    line('rdb_last_load_keys_loaded', p.lastLoadKeysLoaded) +
    line('aof_enabled', 0) +
    line('aof_rewrite_in_progress', 0) +
    line('aof_rewrite_scheduled', 0) +
    line('aof_last_rewrite_time_sec', -1) +
    line('aof_current_rewrite_time_sec', -1) +
    line('aof_last_bgrewrite_status', 'ok') +
    line('aof_rewrites', 0) +
    line('aof_rewrites_consecutive_failures', 0) +
    line('aof_last_write_status', 'ok') +
    line('aof_last_cow_size', 0) +
    line('module_fork_in_progress', 0) +
    line('module_fork_last_cow_size', 0) +
    (p.loading ? loadingFields(p, nowSec) : '')
  );
}

/** 7.0's loading_* fields: progress by bytes, and an ETA from the rate so far (1 s until known). */
function loadingFields(p: PersistenceStatus, nowSec: number): string {
  const total = p.loadingTotalBytes;
  const loaded = p.loadingLoadedBytes;
  const perc = total === 0 ? 0 : (loaded / total) * 100;
  const elapsed = nowSec - p.loadingStartSec;
  const eta = elapsed === 0 ? 1 : Math.floor((elapsed * Math.max(1, total - loaded)) / (loaded + 1));
  return (
    line('loading_start_time', p.loadingStartSec) +
    line('loading_total_bytes', total) +
    line('loading_rdb_used_mem', p.loadingRdbUsedMem) +
    line('loading_loaded_bytes', loaded) +
    line('loading_loaded_perc', perc.toFixed(2)) +
    line('loading_eta_seconds', eta)
  );
}

export function statsSection(node: NodeView): string {
  const s = node.stats;
  const ks = node.keyspace.stats;
  const channels = new Set<string>();
  const patterns = new Set<string>();
  for (const c of node.clients.values()) {
    for (const ch of c.channels) channels.add(ch);
    for (const p of c.patterns) patterns.add(p);
  }
  const zeros = (names: string[]): string => names.map((n) => line(n, 0)).join('');
  const repl = node.replicationStats?.();
  return (
    line('total_connections_received', s.totalConnectionsReceived) +
    line('total_commands_processed', s.totalCommandsProcessed) +
    line('instantaneous_ops_per_sec', 0) +
    line('total_net_input_bytes', s.netInputBytes) +
    line('total_net_output_bytes', s.netOutputBytes) +
    line('total_net_repl_input_bytes', 0) +
    line('total_net_repl_output_bytes', repl?.netReplOutputBytes ?? 0) +
    line('instantaneous_input_kbps', '0.00') +
    line('instantaneous_output_kbps', '0.00') +
    line('instantaneous_input_repl_kbps', '0.00') +
    line('instantaneous_output_repl_kbps', '0.00') +
    line('rejected_connections', s.rejectedConnections) +
    line('sync_full', repl?.syncFull ?? 0) +
    line('sync_partial_ok', repl?.syncPartialOk ?? 0) +
    line('sync_partial_err', repl?.syncPartialErr ?? 0) +
    line('expired_keys', ks.expiredKeys) +
    line('expired_stale_perc', ks.expiredStalePerc.toFixed(2)) +
    line('expired_time_cap_reached_count', ks.expiredTimeCapReachedCount) +
    line('expire_cycle_cpu_milliseconds', ks.expireCycleCpuMilliseconds) +
    zeros(['evicted_keys', 'evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time']) +
    line('keyspace_hits', ks.keyspaceHits) +
    line('keyspace_misses', ks.keyspaceMisses) +
    line('pubsub_channels', channels.size) +
    line('pubsub_patterns', patterns.size) +
    line('pubsubshard_channels', 0) +
    zeros(['latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys']) +
    zeros(['active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses']) +
    zeros(['total_active_defrag_time', 'current_active_defrag_time']) +
    zeros(['tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies']) +
    line('total_error_replies', s.totalErrorReplies) +
    line('dump_payload_sanitizations', 0) +
    zeros(['total_reads_processed', 'total_writes_processed', 'io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks', 'reply_buffer_expands'])
  );
}
