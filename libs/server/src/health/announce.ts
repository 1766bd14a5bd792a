/**
 * The address a node announces in its health events — where routers and replicas should reach it —
 * and the node id derived from it. As in containers, the address a node listens on is often not
 * the one others must use, so `replica-announce-ip` / `replica-announce-port` (also
 * RESPLICA_ANNOUNCE_IP / RESPLICA_ANNOUNCE_PORT) win when set.
 *
 * Without replica-announce-ip: the first `bind` address that names one interface, else (bound to
 * every interface: `*`, `0.0.0.0`, `::`) the host name, which resolves on a container network.
 */
import { hostname } from 'node:os';
import type { ConfigStore } from '@resplica/config';
import { parseBind } from '../listener';

export interface Announced {
  readonly host: string;
  readonly port: number;
}

const EVERY_INTERFACE = new Set(['0.0.0.0', '::']);

export function announcedAddress(config: ConfigStore, listeningPort: number): Announced {
  const ip = config.str('replica-announce-ip');
  const specific = parseBind(config.str('bind')).find((b) => !EVERY_INTERFACE.has(b.host));
  return {
    host: ip !== '' ? ip : (specific?.host ?? hostname()),
    port: config.num('replica-announce-port') || listeningPort,
  };
}

/** `node-id` when configured, else the announced `host:port`. */
export function nodeIdOf(config: ConfigStore, address: Announced): string {
  return config.str('node-id') || `${address.host}:${address.port}`;
}
