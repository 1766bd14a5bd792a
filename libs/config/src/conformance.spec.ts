/*
 * Conformance: CONFIG GET * of a real redis-server 7.0 (started on a free port by libs/testing)
 * against our table — the same names (canonical and aliases) and the same default values.
 */
import { RawClient, startRedisServer } from '@resplica/testing';
import type { RunningServer } from '@resplica/testing';
import { ConfigStoreImpl } from './store';

/** Parameters whose value differs by nature between that server and our defaults. */
const DIFFERS_BY_NATURE: Record<string, string> = {
  port: 'the test server listens on a free port; ours defaults to 6379',
  bind: 'startRedisServer binds 127.0.0.1',
  save: "startRedisServer passes --save ''",
  dir: 'the test server runs in its own temp dir; ours defaults to the working directory',
};

/** Parses a flat RESP2 array of bulk strings. */
function bulkArray(reply: Buffer): string[] {
  const text = reply.toString('latin1');
  const out: string[] = [];
  let at = text.indexOf('\r\n') + 2;
  while (at < text.length) {
    const end = text.indexOf('\r\n', at);
    const len = Number(text.slice(at + 1, end));
    out.push(text.slice(end + 2, end + 2 + len));
    at = end + 2 + len + 2;
  }
  return out;
}

describe('CONFIG GET * against redis-server 7.0', () => {
  let server: RunningServer;
  let real: Map<string, string>;

  beforeAll(async () => {
    server = await startRedisServer();
    const client = await RawClient.connect(server.port);
    try {
      client.sendCommand(['CONFIG', 'GET', '*']);
      const flat = bulkArray(await client.readReply());
      real = new Map();
      for (let k = 0; k + 1 < flat.length; k += 2) real.set(flat[k], flat[k + 1]);
    } finally {
      client.destroy();
    }
  });
  afterAll(async () => server?.stop());

  it('knows every parameter the server lists, and lists no other Redis one', () => {
    const ours = new ConfigStoreImpl(null);
    const redisOnes = ours.allNames().filter((n) => ours.lookup(n)!.origin === 'redis');
    expect([...redisOnes].sort()).toEqual([...real.keys()].sort());
  });

  it('has the same defaults', () => {
    const ours = new ConfigStoreImpl(null);
    const mismatches: string[] = [];
    for (const [name, value] of real) {
      if (name in DIFFERS_BY_NATURE) continue;
      if (ours.get(name) !== value) mismatches.push(`${name}: redis ${JSON.stringify(value)} ours ${JSON.stringify(ours.get(name))}`);
    }
    expect(mismatches).toEqual([]);
  });
});
