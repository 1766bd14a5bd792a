/**
 * The proxies the router benchmark puts in front of one backend, each a process of its own on a
 * free loopback port:
 * - our router (apps/router/dist/main.js) with the backend as its static `--master` and no
 *   replicas: writes go to the master, and reads too, by the default `--read-fallback master`;
 * - twemproxy (nutcracker) with one pool, `redis: true`, the backend its only server, its config,
 *   log and stats port set here so nothing outside the temp dir is touched;
 * - the bare Node byte pipe (router-pipe.js).
 *
 * A target is ready once a SET through it is answered +OK, so the proxy has reached the backend too.
 * Invariant: stopTarget ends the process started here and removes its temp dir, nothing else.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { freePort } = require('./servers');

const root = path.join(__dirname, '..', '..');
const NUTCRACKER = fs.existsSync('/usr/sbin/nutcracker') ? '/usr/sbin/nutcracker' : 'nutcracker';
const READY_TRIES = 200;
const READY_PAUSE_MS = 50;
const READY_REPLY_MS = 1000;
const READY_SET = '*3\r\n$3\r\nSET\r\n$11\r\nbench:ready\r\n$1\r\n1\r\n';

/** True when a SET through `port` is answered +OK within READY_REPLY_MS. */
function answersSet(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(READY_REPLY_MS, () => done(false));
    sock.on('error', () => done(false));
    sock.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) done(reply === '+OK\r\n');
    });
    sock.write(READY_SET);
  });
}

/** Waits until a SET through `port` succeeds; fails if `child` exits first or after ~10 s. */
async function waitForSet(name, port, child) {
  for (let i = 0; i < READY_TRIES; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if (await answersSet(port)) return;
    await new Promise((r) => setTimeout(r, READY_PAUSE_MS));
  }
  throw new Error(`${name} on port ${port} did not answer SET with +OK`);
}

async function launch(name, file, args, port, dir) {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const target = { name, port, child, dir };
  try {
    await waitForSet(name, port, child);
  } catch (err) {
    stopTarget(target);
    throw err;
  }
  return target;
}

/** Our router with `backendPort` as its only backend, the master. */
async function startRouter(backendPort) {
  const main = path.join(root, 'apps', 'router', 'dist', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} does not exist: build first (npm run build)`);
  const port = await freePort();
  const args = [main, '--port', String(port), '--bind', '127.0.0.1', '--master', `127.0.0.1:${backendPort}`];
  return launch('router', process.execPath, args, port, null);
}

/** twemproxy with one pool whose only server is `backendPort`. */
async function startTwemproxy(backendPort) {
  const port = await freePort();
  const statsPort = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-nutcracker-'));
  const conf = path.join(dir, 'nutcracker.yml');
  fs.writeFileSync(
    conf,
    [
      'bench:',
      `  listen: 127.0.0.1:${port}`,
      '  hash: fnv1a_64',
      '  distribution: ketama',
      '  redis: true',
      '  auto_eject_hosts: false',
      '  servers:',
      `    - 127.0.0.1:${backendPort}:1`,
      '',
    ].join('\n'),
  );
  const args = ['-c', conf, '-s', String(statsPort), '-a', '127.0.0.1', '-o', path.join(dir, 'nutcracker.log'), '-p', path.join(dir, 'nutcracker.pid')];
  return launch('twemproxy', NUTCRACKER, args, port, dir);
}

/** The bare byte pipe (router-pipe.js) in front of `backendPort`. */
async function startPipe(backendPort) {
  const port = await freePort();
  const args = [path.join(__dirname, 'router-pipe.js'), String(port), String(backendPort)];
  return launch('pipe', process.execPath, args, port, null);
}

function stopTarget(target) {
  if (target.child.exitCode === null) target.child.kill('SIGKILL');
  if (target.dir) fs.rmSync(target.dir, { recursive: true, force: true });
}

module.exports = { startRouter, startTwemproxy, startPipe, stopTarget };
