#!/usr/bin/env node
/**
 * `npm start`: the local topology on this machine — a master on 6380 and two replicas on 6381 and
 * 6382 following it (the router and NATS join when they exist). Each process runs in its own
 * directory under .local/ (its dump.rdb lives there), its pino lines go to stdout prefixed with its
 * name, and Ctrl-C (or SIGTERM) stops all of them, each saving as its shutdown rules say.
 *
 * Ports can be moved with RESPLICA_BASE_PORT (master on it, replicas on the next two).
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const readline = require('node:readline');

const root = join(__dirname, '..');
const base = Number(process.env.RESPLICA_BASE_PORT ?? 6380);
const nodes = [
  { name: 'master', main: 'apps/master/dist/main.js', args: ['--port', String(base)] },
  { name: 'replica-1', main: 'apps/replica/dist/main.js', args: ['--port', String(base + 1), '--replicaof', `127.0.0.1 ${base}`] },
  { name: 'replica-2', main: 'apps/replica/dist/main.js', args: ['--port', String(base + 2), '--replicaof', `127.0.0.1 ${base}`] },
];

const children = nodes.map(({ name, main, args }) => {
  const dir = join(root, '.local', name);
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, [join(root, main), '--dir', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${name.padEnd(9)} | ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`${name.padEnd(9)} | exited (${signal ?? code})\n`);
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
  });
  return child;
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });
}
