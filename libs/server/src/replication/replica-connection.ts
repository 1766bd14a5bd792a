/**
 * A client that sent PSYNC or SYNC, seen by the master side of replication (ReplicaConnection):
 * stream and snapshot bytes go straight to its socket, after whatever replies it already had, and
 * the node's `client-output-buffer-limit replica` rules judge how much may wait for it.
 *
 * From here on the client's own replies are muted: a replica only sends REPLCONF ACK and newlines,
 * which get no reply, and any reply would land inside its replication stream.
 */
import type { ReplicaConnection } from '@resplica/replication';
import type { Client } from '../client';
import type { Node } from '../node';
import { outputLimitExceeded } from '../output-limits';

export function replicaConnection(node: Node, client: Client): ReplicaConnection {
  const socket = client.socket;
  return {
    id: client.id,
    peerIp: socket.remoteAddress ?? '?',
    write(bytes: Buffer): boolean {
      if (client.closing) return true;
      node.stats.netOutputBytes += bytes.length;
      node.stats.netReplOutputBytes += bytes.length;
      return socket.write(bytes);
    },
    get pendingBytes(): number {
      return socket.writableLength;
    },
    whenDrained(): Promise<void> {
      if (!socket.writableNeedDrain || client.closing) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    },
    overOutputLimit(extraBytes: number, nowMs: number): boolean {
      const limit = node.outputLimits.slave;
      if (limit.hardBytes === 0 && limit.softBytes === 0) return false;
      const over = outputLimitExceeded(limit, extraBytes + socket.writableLength, client, nowMs);
      if (over) node.stats.clientOutputBufferLimitDisconnections++;
      return over;
    },
    close(reason: string): void {
      client.closeNow(reason);
    },
    get closed(): boolean {
      return client.closing;
    },
  };
}

/** Turns a client into a replica connection: flag S, the replica limit class, replies muted. */
export function becomeReplicaClient(node: Node, client: Client): ReplicaConnection {
  client.replRole = 'replica';
  client.replyMode = 'off';
  return replicaConnection(node, client);
}
