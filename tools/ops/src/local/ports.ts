/**
 * Port choice for the local topology: each process gets the port asked for when it is free on
 * 127.0.0.1 (every process the launcher starts binds there), a free one instead when a default is
 * taken, and an error when a port given on the command line is taken.
 *
 * Invariant: no two processes get the same port. A port checked free here may still be taken by
 * someone else before the child binds it; the child then fails to start and the launcher says so.
 */
import { createServer } from 'node:net';
import type { PortRequest } from './options';

export const LOOPBACK = '127.0.0.1';

/** Ports the launcher never hands out when it picks one itself: the developer's own Redis and NATS. */
const RESERVED = new Set([6379, 4222]);

/** Binds `port` (0: any) on the loopback address and releases it; resolves the bound port, or null when taken. */
function tryBind(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(null);
      else reject(err);
    });
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
}

/** One port the topology needs: who uses it (for messages) and what was asked for. */
export interface PortNeed {
  readonly label: string;
  /** The flag that sets it, named in the error when an explicit port is taken. */
  readonly flag: string | null;
  readonly request: PortRequest;
}

/**
 * Resolves every need, in order, to a distinct port. `notice` hears about each default replaced by
 * a free port. Throws PortInUseError for an explicit port that is taken or asked for twice.
 */
export async function allocatePorts(needs: readonly PortNeed[], notice: (text: string) => void): Promise<number[]> {
  const chosen = new Set<number>();
  const ports: number[] = [];
  for (const need of needs) {
    const wanted = need.request.port;
    if (wanted !== null && !chosen.has(wanted) && (await tryBind(wanted)) !== null) {
      chosen.add(wanted);
      ports.push(wanted);
      continue;
    }
    if (wanted !== null && need.request.explicit) {
      const why = chosen.has(wanted) ? 'is given to another process of this topology' : 'is already in use on 127.0.0.1';
      throw new PortInUseError(`port ${wanted} (${need.flag} for the ${need.label}) ${why}`);
    }
    const port = await anyFreePort(chosen);
    if (wanted !== null) notice(`${need.label}: default port ${wanted} is taken; using ${port} instead`);
    chosen.add(port);
    ports.push(port);
  }
  return ports;
}

/** A port the OS reports free, not reserved and not already chosen. */
async function anyFreePort(chosen: ReadonlySet<number>): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tryBind(0);
    if (port !== null && port > 0 && !chosen.has(port) && !RESERVED.has(port)) return port;
  }
  throw new PortInUseError('the OS found no free port on 127.0.0.1 in 20 attempts');
}
