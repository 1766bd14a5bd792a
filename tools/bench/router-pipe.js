#!/usr/bin/env node
/**
 * The "bare Node byte pipe" of the router benchmark: the floor cost of putting any Node process
 * between a client and Redis. Each accepted client gets one backend socket of its own and bytes
 * are copied both ways unchanged; nothing is parsed, nothing is multiplexed. A proxy that parses
 * RESP and shares backend connections (our router) has this cost plus its own work.
 *
 *   node tools/bench/router-pipe.js <listen port> <backend port>
 *
 * Prints `listening <port>` once it accepts connections; runs until killed.
 */
const net = require('node:net');

const [listenPort, backendPort] = process.argv.slice(2).map(Number);
if (!Number.isInteger(listenPort) || !Number.isInteger(backendPort)) {
  console.error('usage: router-pipe.js <listen port> <backend port>');
  process.exit(2);
}

const server = net.createServer((client) => {
  const backend = net.connect({ port: backendPort, host: '127.0.0.1' });
  client.setNoDelay(true);
  backend.setNoDelay(true);
  // pipe() handles backpressure in both directions; a close on one side ends the other.
  client.pipe(backend);
  backend.pipe(client);
  client.on('error', () => backend.destroy());
  backend.on('error', () => client.destroy());
  client.once('close', () => backend.destroy());
  backend.once('close', () => client.destroy());
});

server.listen(listenPort, '127.0.0.1', () => console.log(`listening ${listenPort}`));
