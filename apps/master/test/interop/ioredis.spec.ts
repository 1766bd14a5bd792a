/*
 * Interop: ioredis, the most used Node client, against our master in RESP2 and RESP3 with its
 * default ready check (which sends INFO). Covers plain commands, binary values, pipelines,
 * MULTI/EXEC and pub/sub.
 */
import Redis from 'ioredis';
import { RunningServer, waitFor } from '@resplica/testing';
import { startUnderTest } from '../server-under-test';

describe.each([2, 3] as const)('ioredis with protocol %i', (protocol) => {
  let server: RunningServer;
  let client: Redis;
  beforeAll(async () => {
    server = await startUnderTest();
    client = new Redis({ port: server.port, host: '127.0.0.1', protocol, lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
  }, 30000);
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.flushall();
  });

  it('SET GET MGET INCR with text and binary values', async () => {
    expect(await client.set('a', '1')).toBe('OK');
    expect(await client.get('a')).toBe('1');
    expect(await client.get('missing')).toBeNull();
    const binary = Buffer.from([0, 13, 10, 0xff]);
    expect(await client.set('bin', binary)).toBe('OK');
    expect(await client.getBuffer('bin')).toEqual(binary);
    expect(await client.mget('a', 'missing', 'bin')).toEqual(['1', null, binary.toString()]);
    expect(await client.incr('a')).toBe(2);
    expect(await client.incrby('a', -10)).toBe(-8);
    await expect(client.incr('bin')).rejects.toThrow('ERR value is not an integer or out of range');
  });

  it('pipelines several commands in one write', async () => {
    const results = await client.pipeline().set('p', 'x').append('p', 'y').get('p').del('p').exists('p').exec();
    expect(results).toEqual([
      [null, 'OK'],
      [null, 2],
      [null, 'xy'],
      [null, 1],
      [null, 0],
    ]);
  });

  it('runs MULTI/EXEC atomically and reports queued errors', async () => {
    expect(await client.multi().set('m', '5').incr('m').get('m').exec()).toEqual([
      [null, 'OK'],
      [null, 6],
      [null, '6'],
    ]);
    const results = await client.multi().set('s', 'text').incr('s').exec();
    expect(results?.[0]).toEqual([null, 'OK']);
    expect(String(results?.[1][0])).toContain('ERR value is not an integer or out of range');
  });

  it('delivers pub/sub messages and pattern messages', async () => {
    const subscriber = client.duplicate();
    try {
      const received: string[] = [];
      subscriber.on('message', (channel: string, message: string) => received.push(`${channel}:${message}`));
      subscriber.on('pmessage', (pattern: string, channel: string, message: string) =>
        received.push(`${pattern}|${channel}:${message}`),
      );
      await subscriber.subscribe('news');
      await subscriber.psubscribe('n*');
      expect(await client.publish('news', 'hello')).toBe(2);
      await waitFor(() => received.length === 2, { what: 'two pub/sub deliveries' });
      expect(received.sort()).toEqual(['n*|news:hello', 'news:hello']);
    } finally {
      subscriber.disconnect();
    }
  });
});
