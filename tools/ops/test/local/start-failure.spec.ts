/*
 * A process that fails to start: the launcher prints why and that process's last log lines, stops
 * what it had already started, and exits 1.
 *
 * The failure is real: a stand-in nats-server (a small node script, ready as soon as it listens
 * on its -p port) also holds the master's port, as a program grabbing the port between the
 * launcher's check and the master's start would, so the master cannot listen.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshPorts, startLauncher, waitForAllGone, type Launcher } from './launcher';

const STAND_IN = `#!/usr/bin/env node
// Listens on its -p port and on FAKE_NATS_HOLD_PORT; SIGINT (the launcher's stop for nats-server) ends it.
const { createServer } = require('node:net');
const port = Number(process.argv[process.argv.indexOf('-p') + 1]);
for (const p of [port, Number(process.env.FAKE_NATS_HOLD_PORT)]) createServer().listen(p, '127.0.0.1');
process.on('SIGINT', () => process.exit(0));
`;

let launcher: Launcher;

afterAll(async () => {
  await launcher?.cleanup();
});

it('reports a master that cannot listen with its last log lines, stops the rest and exits 1', async () => {
  const ports = await freshPorts();
  const standIn = join(ports.dir, 'fake-nats-server.js');
  writeFileSync(standIn, STAND_IN);
  chmodSync(standIn, 0o755);
  launcher = await startLauncher(['--nats-server', standIn], ports, { FAKE_NATS_HOLD_PORT: String(ports.masterPort) });
  expect(await launcher.exited).toEqual({ code: 1, signal: null });
  const out = launcher.stdout();
  expect(out).toMatch(/^nats-server +ready in \d+ ms \(accepts connections\)$/m);
  expect(out).toMatch(/^master +failed to start: exited before it was ready \(code 1\)$/m);
  expect(out).toContain(`\nmaster       its last 1 log line(s), from ${join(ports.dir, 'master', 'master.log')}:\n`);
  const refused = `"err":"listen EADDRINUSE: address already in use 127.0.0.1:${ports.masterPort}","msg":"could not start"}`;
  // Once as it happened (an error is notable), once in the failure report.
  expect(out.split('\n').filter((line) => line.startsWith('master      | {"level":50,') && line.endsWith(refused))).toHaveLength(2);
  expect(out).toMatch(/^nats-server +stopped \(code 0\)$/m);
  expect(out).not.toContain('replica-1');
  await waitForAllGone([...launcher.pids().values()], 5000);
}, 30000);
