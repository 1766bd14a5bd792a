/**
 * The replication commands: REPLCONF and PSYNC/SYNC (what a replica sends its master, spec §1.4,
 * §1.5), REPLICAOF/SLAVEOF (role changes, §5), ROLE (§7.3) and WAIT (§6.1). Their checks and
 * error strings are 7.0's, in 7.0's order; the protocol work is done by the node's NodeReplication.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong, parseSafeInteger } from '@resplica/commands';
import type { Client, ReplicaAnnouncementState } from '../client';
import type { Node } from '../node';
import { becomeReplicaClient } from '../replication/replica-connection';
import { roleReply } from '../replication/info-replication';

/** Redis's NET_HOST_STR_LEN: an announced address must be shorter. */
const MAX_ANNOUNCED_IP = 256;
const ERR_WAIT_ON_REPLICA =
  'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

function announcement(client: Client): ReplicaAnnouncementState {
  if (client.replAnnounce === null) client.replAnnounce = { listeningPort: 0, ipAddress: null, capaEof: false, capaPsync2: false };
  return client.replAnnounce;
}

/** The integer of a REPLCONF/PSYNC argument, or null after answering 7.0's error. */
function integerOrReply(client: Client, arg: Buffer): number | null {
  const n = parseLongLong(arg);
  if (n === null) {
    client.reply.error(ERR_NOT_INTEGER);
    return null;
  }
  return Number(n);
}

/** REPLCONF <option> <value> [<option> <value> …]: one +OK for all, except ACK and GETACK (none). */
function replconf(node: Node, client: Client, argv: Buffer[]): void {
  if (argv.length % 2 === 0) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  for (let i = 1; i < argv.length; i += 2) {
    const option = argv[i];
    const value = argv[i + 1];
    if (argIs(option, 'listening-port')) {
      const port = integerOrReply(client, value);
      if (port === null) return;
      announcement(client).listeningPort = port;
    } else if (argIs(option, 'ip-address')) {
      if (value.length >= MAX_ANNOUNCED_IP) {
        client.reply.error(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
        return;
      }
      announcement(client).ipAddress = value.toString();
    } else if (argIs(option, 'capa')) {
      if (argIs(value, 'eof')) announcement(client).capaEof = true;
      else if (argIs(value, 'psync2')) announcement(client).capaPsync2 = true;
    } else if (argIs(option, 'ack')) {
      // Never answered; ignored unless this client is already a replica.
      const offset = parseLongLong(value);
      if (client.replRole === 'replica' && offset !== null) node.replication.master.ack(client.id, Number(offset), Date.now());
      return;
    } else if (argIs(option, 'getack')) {
      // Our own master's GETACK is answered by the link itself; from anyone else it does nothing.
      return;
    } else if (argIs(option, 'rdb-only')) {
      const v = integerOrReply(client, value);
      if (v === null) return;
      if (v !== 0 && v !== 1) {
        client.reply.error('ERR value is out of range');
        return;
      }
    } else if (!argIs(option, 'rdb-filter-only')) {
      client.reply.error(`ERR Unrecognized REPLCONF option: ${option.toString()}`);
      return;
    }
  }
  client.reply.ok();
}

/** Checks shared by PSYNC and SYNC (syncCommand's order); true when the sync may go on. */
function maySync(node: Node, client: Client): boolean {
  const refusal = node.replication.refusePsync();
  if (refusal !== null) {
    client.reply.error(refusal);
    return false;
  }
  if (client.writer.pendingBytes > 0) {
    client.reply.error('ERR SYNC and PSYNC are invalid with pending output');
    return false;
  }
  return true;
}

/** PSYNC <replid> <offset> [FAILOVER]. */
function psync(node: Node, client: Client, argv: Buffer[]): void {
  if (client.replRole === 'replica') return;
  const repl = node.replication;
  const replid = argv[1].toString('latin1');
  if (argv.length > 3 && argIs(argv[3], 'failover')) {
    if (!repl.isReplica) {
      client.reply.error("ERR PSYNC FAILOVER can't be sent to a master.");
      return;
    }
    if (replid.toLowerCase() !== repl.state.replid) {
      client.reply.error('ERR PSYNC FAILOVER replid must match my replid.');
      return;
    }
    repl.promote();
  }
  if (!maySync(node, client)) return;
  const offset = parseLongLong(argv[2]);
  if (offset === null) {
    client.reply.error(ERR_NOT_INTEGER);
    return;
  }
  const conn = becomeReplicaClient(node, client);
  repl.master.psync(conn, announcement(client), replid, Number(offset));
}

/** SYNC: the pre-PSYNC full sync (no +FULLRESYNC line, no ACKs expected). */
function sync(node: Node, client: Client): void {
  if (client.replRole === 'replica') return;
  if (!maySync(node, client)) return;
  node.replication.master.sync(becomeReplicaClient(node, client), announcement(client));
}

/** REPLICAOF host port | NO ONE (and its old name SLAVEOF). */
function replicaof(node: Node, client: Client, argv: Buffer[]): void {
  const repl = node.replication;
  if (argIs(argv[1], 'no') && argIs(argv[2], 'one')) {
    repl.promote();
    client.reply.ok();
    return;
  }
  if (client.replRole === 'replica') {
    client.reply.error('ERR Command is not valid when client is a replica.');
    return;
  }
  const port = parseSafeInteger(argv[2]);
  if (port === null || port < 0 || port > 65535) {
    client.reply.error('ERR Invalid master port');
    return;
  }
  const host = argv[1].toString();
  if (!repl.replicaOf(host, port)) {
    client.reply.status('OK Already connected to specified master');
    return;
  }
  client.reply.ok();
}

function role(node: Node, client: Client): void {
  roleReply(node.replication, client.reply);
}

/** WAIT numreplicas timeout. */
function wait(node: Node, client: Client, argv: Buffer[]): void {
  const repl = node.replication;
  if (repl.isReplica) {
    client.reply.error(ERR_WAIT_ON_REPLICA);
    return;
  }
  const replicas = parseLongLong(argv[1]);
  if (replicas === null) {
    client.reply.error(ERR_NOT_INTEGER);
    return;
  }
  const timeout = parseLongLong(argv[2]);
  if (timeout === null) {
    client.reply.error('ERR timeout is not an integer or out of range');
    return;
  }
  if (timeout < 0) {
    client.reply.error('ERR timeout is negative');
    return;
  }
  const acked = repl.master.countAcked(client.woff);
  if (acked >= replicas || client.multiQueue !== null || !client.ctx.mayBlock) {
    client.reply.integer(acked);
    return;
  }
  repl.waits.park(client, node.routes.get('wait')!, argv, client.woff, Number(replicas), Number(timeout));
}

export const replicationHandlers = new Map([
  ['replconf', replconf],
  ['psync', psync],
  ['sync', sync],
  ['replicaof', replicaof],
  ['slaveof', replicaof],
  ['role', role],
  ['wait', wait],
]);
