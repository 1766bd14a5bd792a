/**
 * Where applications reach this router, as its RouterView announces it: `replica-announce-ip` when
 * set (the address others must use, as behind NAT or in containers), else the first `bind` address
 * that names one interface, else 127.0.0.1; the port is the one the proxy listens on.
 *
 * Not supported: `replica-announce-port` here; a router's RouterView names its listening port.
 */
import type { ConfigStore } from '@resplica/config';

/** Bind addresses that name every interface (or any): nothing another host could dial. */
const EVERY_INTERFACE = new Set(['*', '0.0.0.0', '::', '::*']);

export interface RouterAddress {
  readonly host: string;
  readonly port: number;
}

export function routerAddress(config: ConfigStore, listeningPort: number): RouterAddress {
  const announced = config.str('replica-announce-ip');
  if (announced !== '') return { host: announced, port: listeningPort };
  // A leading '-' marks a bind address as optional (Redis syntax); the address is what follows.
  const specific = config
    .str('bind')
    .split(/\s+/)
    .map((word) => (word.startsWith('-') ? word.slice(1) : word))
    .find((address) => address !== '' && !EVERY_INTERFACE.has(address));
  return { host: specific ?? '127.0.0.1', port: listeningPort };
}
