/**
 * Sends a finished snapshot file to one replica after its `$<len>` header (7.0's sendBulkToSlave):
 * 64 KiB reads, each written as soon as it is read, waiting for the socket to drain whenever
 * write() reports it above its high-water mark, so memory stays bounded for a slow replica.
 *
 * While it waits for a drain the replica is marked stalled (`stalledSinceMs`), so the cron can
 * drop a replica that stopped reading (repl-timeout).
 */
import { open } from 'node:fs/promises';
import type { ReplicaRecord } from './replica-record';

const CHUNK_BYTES = 64 * 1024;

/**
 * Writes bytes [0, length) of `path` to the replica. Resolves true once the last byte was handed
 * to the socket, false when the connection closed or `stopped()` turned true first; rejects when
 * the file cannot be read in full.
 */
export async function sendFile(path: string, length: number, r: ReplicaRecord, stopped: () => boolean): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    let pos = 0;
    while (pos < length) {
      if (r.conn.closed || stopped()) return false;
      const n = Math.min(CHUNK_BYTES, length - pos);
      // A fresh buffer per chunk: the socket keeps it until it is sent.
      const chunk = Buffer.allocUnsafe(n);
      const { bytesRead } = await file.read(chunk, 0, n, pos);
      if (bytesRead !== n) throw new Error(`short read of ${path} at ${pos}: ${bytesRead} of ${n} bytes`);
      pos += n;
      if (r.conn.closed || stopped()) return false;
      if (!r.conn.write(chunk)) {
        r.stalledSinceMs = Date.now();
        await r.conn.whenDrained();
        r.stalledSinceMs = 0;
      }
    }
    return !r.conn.closed && !stopped();
  } finally {
    await file.close();
  }
}
