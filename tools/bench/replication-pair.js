/**
 * Master/replica pairs for the replication benchmark: a redis-server 7.0 pair or ours (apps/master
 * and apps/replica), each node on a free loopback port with its own temp --dir and `--save ''`.
 * Masters also get `--repl-diskless-sync-delay 0` (Redis's default of 5 s would dominate a
 * full-sync time); everything else about replication stays at each server's defaults.
 *
 * Also the full-sync measurement: from sending `REPLICAOF host port` to a fresh empty replica until
 * the replica reports master_link_status:up, its master_repl_offset equals the master's and DBSIZE
 * equals the master's key count, polled every POLL_MS on new connections (as servers.js's
 * one-shot command does; the poll costs the servers a connection accept, both alike).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { command, freePort, infoField, stopServer } = require('./servers');

const root = path.join(__dirname, '..', '..');
const POLL_MS = 5;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts one node; `replicaof` is "host port" or null (a master, or a replica left empty until a
 * REPLICAOF). Resolves once it answers PING, as { name, port, child, dir } for stopServer.
 */
async function startNode(kind, role, replicaof) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-repl-${kind}-${role}-`));
  const common = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  const extra = role === 'master' ? ['--repl-diskless-sync-delay', '0'] : ['--replicaof', replicaof ?? 'no one'];
  const child =
    kind === 'redis'
      ? spawn('redis-server', [...common, '--appendonly', 'no', ...extra], { stdio: 'ignore' })
      : spawn(process.execPath, [path.join(root, 'apps', role, 'dist', 'main.js'), ...common, ...extra], { stdio: ['ignore', 'ignore', 'inherit'] });
  const node = { name: `${kind} ${role}`, port, child, dir };
  try {
    await waitFor(`${node.name} to answer PING`, 10000, async () => (await command(port, ['PING']).catch(() => '')).startsWith('+PONG'), child);
  } catch (err) {
    stopServer(node);
    throw err;
  }
  return node;
}

/** Polls `check` every POLL_MS until it resolves truthy (and returns that), failing after `timeoutMs` or if `child` exits. */
async function waitFor(what, timeoutMs, check, child) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`exited with ${child.exitCode} while waiting for ${what}`);
    const result = await check();
    if (result) return result;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/** The replication state both sides agree on once a replica has caught up. */
async function replicationState(master, replica) {
  const [m, r] = await Promise.all([command(master.port, ['INFO', 'replication']), command(replica.port, ['INFO', 'replication'])]);
  return {
    linkUp: /^master_link_status:up/m.test(r),
    masterOffset: infoField(m, 'master_repl_offset'),
    replicaOffset: infoField(r, 'master_repl_offset'),
  };
}

/** Resolves once the replica's link is up and its offset equals the master's (returns that offset). */
async function caughtUp(master, replica, timeoutMs) {
  const state = await waitFor(`${replica.name} to catch up`, timeoutMs, async () => {
    const s = await replicationState(master, replica);
    return s.linkUp && s.masterOffset === s.replicaOffset && s;
  }, replica.child);
  return state.masterOffset;
}

async function dbsize(node) {
  return Number((await command(node.port, ['DBSIZE'])).slice(1));
}

/** Full-sync time in ms of `replica` (fresh, empty) from `master`, which holds `keys` keys. */
async function measureFullSync(master, replica, keys, timeoutMs) {
  const started = performance.now();
  const reply = await command(replica.port, ['REPLICAOF', '127.0.0.1', String(master.port)]);
  if (!reply.startsWith('+OK')) throw new Error(`REPLICAOF on ${replica.name} replied ${reply.trim()}`);
  await waitFor(`${replica.name} to finish its full sync`, timeoutMs, async () => {
    const s = await replicationState(master, replica);
    return s.linkUp && s.masterOffset === s.replicaOffset && (await dbsize(replica)) === keys;
  }, replica.child);
  return performance.now() - started;
}

module.exports = { startNode, waitFor, replicationState, caughtUp, dbsize, measureFullSync };
