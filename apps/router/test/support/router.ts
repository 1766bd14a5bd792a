/**
 * Starting the proxy in-process for a test: a ProxyServer on a free port of 127.0.0.1 with the
 * given flags (as the router app takes them) and routing table, logging nothing.
 */
import pino from 'pino';
import { loadConfig } from '@resplica/config';
import { freePort } from '@resplica/testing';
import { ProxyServer, type ProxyLimits } from '../../src/proxy';
import type { RouterCounters, RoutingTable } from '../../src/routing/types';

export interface TestRouter {
  readonly port: number;
  readonly proxy: ProxyServer;
  close(): Promise<void>;
}

export async function startRouter(
  routing: RoutingTable,
  args: readonly string[] = [],
  options: { limits?: Partial<ProxyLimits>; counters?: RouterCounters; routerInfo?: () => string } = {},
): Promise<TestRouter> {
  const port = await freePort();
  const { config, errors } = loadConfig({ argv: ['--port', String(port), '--bind', '127.0.0.1', ...args], env: {} });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const proxy = new ProxyServer({ config, routing, log: pino({ level: process.env.ROUTER_TEST_LOG ?? 'silent' }), ...options });
  await proxy.start();
  return { port, proxy, close: () => proxy.close() };
}
