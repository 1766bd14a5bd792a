/**
 * A client that sent PSYNC or SYNC, seen by the master side of replication (ReplicaConnection).
 * Stream bytes go through the client's reply writer, like replies: the propagated commands of a
 * whole event-loop turn leave in one socket write (Redis writes replica buffers once per loop, in
 * beforeSleep), instead of one write per command. Snapshot chunks, which are large, flush what is
 * queued and go to the socket at once, so the snapshot job sees the socket's backpressure directly.
 * The node's `client-output-buffer-limit replica` rules judge how much may wait.
 *
 * From here on the client's own replies are muted: a replica only sends REPLCONF ACK and newlines,
 * which get no reply, and any reply would land inside its replication stream.
 */
import type { ReplicaConnection } from '@resplica/replication';
import type { Client } from '../client';
import type { Node } from '../node';
import { outputLimitExceeded } from '../output-limits';

/** Writes at least this large skip the per-turn batching (snapshot chunks, backlog slices). */
const DIRECT_WRITE_BYTES = 16 * 1024;

export function replicaConnection(node: Node, client: Client): ReplicaConnection {
  const socket = client.socket;
  /** Bytes queued in the writer plus those the socket holds. */
  const pending = (): number => client.writer.pendingBytes + socket.writableLength;
  return {
    id: client.id,
    peerIp: socket.remoteAddress ?? '?',
    write(bytes: Buffer): boolean {
      if (client.closing) return true;
      node.stats.netReplOutputBytes += bytes.length;
      if (bytes.length >= DIRECT_WRITE_BYTES) {
        if (client.writer.pendingBytes > 0) client.flush();
        node.stats.netOutputBytes += bytes.length;
        return socket.write(bytes);
      }
      client.writer.raw(bytes);
      client.scheduleFlush();
      return pending() < socket.writableHighWaterMark;
    },
    get pendingBytes(): number {
      return pending();
    },
    whenDrained(): Promise<void> {
      if (client.closing) return Promise.resolve();
      if (client.writer.pendingBytes > 0) client.flush();
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
      const over = outputLimitExceeded(limit, extraBytes + pending(), client, nowMs);
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
