/*
 * Free TCP ports for test servers. Ports 6379 (Redis) and 4222 (NATS) are the developers' own
 * services and are never handed out.
 */
import { createServer } from 'node:net';

const RESERVED = new Set([6379, 4222]);

function bindZero(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A port the OS just reported free on 127.0.0.1 (racy by nature: use it at once). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 10; i++) {
    const port = await bindZero();
    if (port > 0 && !RESERVED.has(port)) return port;
  }
  throw new Error('freePort: the OS kept handing out reserved ports');
}
