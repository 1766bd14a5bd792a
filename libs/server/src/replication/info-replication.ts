/**
 * INFO replication (spec §7.1, every field in 7.0's order) and the ROLE reply (§7.3), built from
 * the node's replication state, its replicas and, on a replica, the link to its master.
 */
import type { Reply } from '@resplica/commands';
import type { ReplicaInfo } from '@resplica/replication';
import { line } from '../commands/info-format';
import type { NodeReplication } from './node-replication';

/** The `lag` of a replica: seconds since its last ACK, for online replicas only. */
function lagSeconds(r: ReplicaInfo, nowMs: number): number {
  return r.state === 'online' ? Math.floor((nowMs - r.ackTimeMs) / 1000) : 0;
}

function replicaLines(repl: NodeReplication, nowMs: number): string {
  const c = repl.node.config;
  const replicas = repl.master.replicas();
  let out = line('connected_slaves', replicas.length);
  if (c.num('min-replicas-to-write') > 0 && c.num('min-replicas-max-lag') > 0) out += line('min_slaves_good_slaves', repl.goodReplicas);
  replicas.forEach((r, i) => {
    out += line(`slave${i}`, `ip=${r.ip},port=${r.port},state=${r.state},offset=${r.ackOffset},lag=${lagSeconds(r, nowMs)}`);
  });
  return out;
}

function linkLines(repl: NodeReplication): string {
  const link = repl.link!;
  const s = link.status;
  const c = repl.node.config;
  let out =
    line('master_host', s.host) +
    line('master_port', s.port) +
    line('master_link_status', s.state === 'connected' ? 'up' : 'down') +
    line('master_last_io_seconds_ago', s.lastIoSecondsAgo) +
    line('master_sync_in_progress', s.syncInProgress ? 1 : 0) +
    line('slave_read_repl_offset', s.readReplOffset) +
    line('slave_repl_offset', s.replOffset);
  if (s.syncInProgress) {
    const perc = s.syncTotalBytes === 0 ? 0 : (s.syncReadBytes / s.syncTotalBytes) * 100;
    out +=
      line('master_sync_total_bytes', s.syncTotalBytes) +
      line('master_sync_read_bytes', s.syncReadBytes) +
      line('master_sync_left_bytes', s.syncTotalBytes - s.syncReadBytes) +
      line('master_sync_perc', perc.toFixed(2)) +
      line('master_sync_last_io_seconds_ago', s.syncLastIoSecondsAgo);
  }
  if (s.state !== 'connected') out += line('master_link_down_since_seconds', s.linkDownSinceSeconds);
  return (
    out +
    line('slave_priority', c.num('replica-priority')) +
    line('slave_read_only', c.bool('replica-read-only') ? 1 : 0) +
    line('replica_announced', c.bool('replica-announced') ? 1 : 0)
  );
}

/** The body of `# Replication`. */
export function replicationInfo(repl: NodeReplication): string {
  const st = repl.state;
  const backlog = st.backlog;
  return (
    line('role', repl.isReplica ? 'slave' : 'master') +
    (repl.isReplica ? linkLines(repl) : '') +
    replicaLines(repl, Date.now()) +
    line('master_failover_state', 'no-failover') +
    line('master_replid', st.replid) +
    line('master_replid2', st.replid2) +
    line('master_repl_offset', st.masterReplOffset) +
    line('second_repl_offset', st.secondReplOffset) +
    line('repl_backlog_active', backlog === null ? 0 : 1) +
    line('repl_backlog_size', st.backlogSize) +
    line('repl_backlog_first_byte_offset', backlog === null ? 0 : backlog.firstByteOffset) +
    line('repl_backlog_histlen', backlog === null ? 0 : backlog.histlen)
  );
}

/** ROLE: `master offset [[ip port offset]…]` or `slave host port state offset`. */
export function roleReply(repl: NodeReplication, reply: Reply): void {
  if (repl.isReplica) {
    const s = repl.link!.status;
    reply.arrayHeader(5);
    reply.bulk('slave');
    reply.bulk(s.host);
    reply.integer(s.port);
    reply.bulk(s.state);
    reply.integer(s.state === 'connected' ? s.replOffset : -1);
    return;
  }
  const online = repl.master.replicas().filter((r) => r.state === 'online');
  reply.arrayHeader(3);
  reply.bulk('master');
  reply.integer(repl.state.masterReplOffset);
  reply.arrayHeader(online.length);
  for (const r of online) {
    reply.arrayHeader(3);
    reply.bulk(r.ip);
    reply.bulk(String(r.port));
    reply.bulk(String(r.ackOffset));
  }
}
