/*
 * Test helper: an in-process Node on 127.0.0.1 with a free port (port 0), configured through the
 * same loader as the app (redis-server style flags), and a RawClient factory for it.
 */
import { loadConfig } from '@resplica/config';
import { RawClient } from '@resplica/testing';
import { Node } from '../src/node';
import type { PropagationSink } from '../src/propagation';

export interface TestNode {
  readonly node: Node;
  readonly port: number;
  connect(): Promise<RawClient>;
  stop(): Promise<void>;
}

/** Starts a node; `flags` are extra `--name value` pairs, as redis-server takes them. */
export async function startNode(flags: string[] = [], propagationSink?: PropagationSink): Promise<TestNode> {
  const { config, errors } = loadConfig({ argv: ['--port', '0', '--bind', '127.0.0.1', ...flags], env: {} });
  if (errors.length > 0) throw new Error(errors.join('\n'));
  const node = new Node({ config, propagationSink });
  const port = await node.start();
  const clients: RawClient[] = [];
  return {
    node,
    port,
    async connect() {
      const c = await RawClient.connect(port);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await node.shutdown('test done');
    },
  };
}

/** Sends bytes (given with literal \r\n) and reads exactly as many bytes as `expected` has. */
export async function exchange(client: RawClient, send: string, expected: string): Promise<string> {
  client.send(Buffer.from(send, 'latin1'));
  return (await client.readBytes(Buffer.byteLength(expected, 'latin1'))).toString('latin1');
}
