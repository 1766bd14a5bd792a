/**
 * Where the node listens and whom it lets in before a Client exists: `bind` addresses, protected
 * mode, `maxclients`. The accept-time refusals write Redis's exact error line and close.
 *
 * Bind semantics, as redis.conf: a list of addresses; `*` is every IPv4 address, `::*` every IPv6
 * address, and a leading `-` makes an address optional (skipped when it cannot be bound, e.g. no
 * IPv6 on the host). With port 0 the first address picks a free port and the others reuse it.
 */
import { createServer, type Server, type Socket } from 'node:net';

export const DEFAULT_BIND = '* -::*';

export const ERR_MAX_CLIENTS = '-ERR max number of clients reached\r\n';

export const DENIED_PROTECTED_MODE =
  '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
  'In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
  "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. " +
  "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
  "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
  '4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n';

export interface BindAddress {
  readonly host: string;
  readonly optional: boolean;
  readonly ipv6Only: boolean;
}

/** `* -::*` → [{0.0.0.0}, {:: optional, v6 only}]. */
export function parseBind(value: string): BindAddress[] {
  const out: BindAddress[] = [];
  for (const word of value.trim().split(/\s+/)) {
    if (word === '') continue;
    const optional = word.startsWith('-');
    const addr = optional ? word.slice(1) : word;
    if (addr === '*') out.push({ host: '0.0.0.0', optional, ipv6Only: false });
    else if (addr === '::*') out.push({ host: '::', optional, ipv6Only: true });
    else out.push({ host: addr, optional, ipv6Only: addr.includes(':') });
  }
  return out;
}

/** Loopback peers are always let in by protected mode. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return true;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * Protected mode refuses non-loopback peers only when it is on, no password is set, and `bind`
 * was left at its default (an explicit bind means the operator chose the exposure).
 */
export function protectedModeRefuses(protectedMode: boolean, bind: string, requirePass: string, peer: string | undefined): boolean {
  return protectedMode && requirePass === '' && bind.trim() === DEFAULT_BIND && !isLoopback(peer);
}

function listenOne(server: Server, addr: BindAddress, port: number, backlog: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host: addr.host, port, ipv6Only: addr.ipv6Only, backlog }, () => {
      server.off('error', onError);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
    });
  });
}

/**
 * Listens on every address; returns the servers and the port actually bound. A failure on a
 * mandatory address closes what was opened and rejects.
 */
export async function listenAll(
  addresses: readonly BindAddress[],
  port: number,
  backlog: number,
  onConnection: (socket: Socket) => void,
): Promise<{ servers: Server[]; port: number }> {
  const servers: Server[] = [];
  let actual = port;
  try {
    for (const addr of addresses) {
      const server = createServer({ noDelay: true }, onConnection);
      try {
        actual = await listenOne(server, addr, actual, backlog);
        servers.push(server);
      } catch (err) {
        server.close();
        if (!addr.optional) throw err;
      }
    }
  } catch (err) {
    for (const s of servers) s.close();
    throw err;
  }
  if (servers.length === 0) throw new Error('no bind address could be listened on');
  return { servers, port: actual };
}
