/**
 * The pseudo-client that executes our master's replication stream on a replica (Redis's
 * server.master, flag M in CLIENT LIST). It is a real Client, so SELECT, MULTI/EXEC and every handler
 * behave exactly as for a connection, but its "socket" is a sink: the link (ReplicaLink) reads the
 * real socket itself, to count offsets, and the master must never get a reply (spec §3.6, P8).
 *
 * Invariant: the client is authenticated, its replies are muted, and destroying its socket (CLIENT
 * KILL TYPE master) emits 'close' like a real one, which the node turns into a reconnect.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { Client } from '../client';
import type { Node } from '../node';

/** A Duplex that never produces input and discards what is written, with the master's address. */
function sinkSocket(host: string, port: number): Socket {
  const sink = new Duplex({
    read: () => undefined,
    write: (_chunk, _encoding, done) => done(),
  });
  Object.assign(sink, { remoteAddress: host, remotePort: port, localAddress: '', localPort: 0 });
  return sink as unknown as Socket;
}

export function createMasterClient(node: Node, host: string, port: number): Client {
  const client = new Client(node.allocateClientId(), sinkSocket(host, port), node, node.keyspace, Date.now(), true, node.log);
  client.replRole = 'master';
  client.replyMode = 'off';
  return client;
}
