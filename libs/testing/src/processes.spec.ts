/* Tests of the process helpers against the real redis-server, and of RawClient and waitFor. */
import { freePort } from './ports';
import { startRedisServer, RunningServer } from './processes';
import { RawClient } from './raw-client';
import { waitFor } from './wait-for';

describe('startRedisServer + RawClient', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('reads exact reply bytes, one reply at a time, from a pipeline', async () => {
    const client = await RawClient.connect(server.port);
    client.send('PING\r\nECHO "a b"\r\n');
    expect((await client.readReply()).toString('latin1')).toBe('+PONG\r\n');
    expect((await client.readReply()).toString('latin1')).toBe('$3\r\na b\r\n');
    expect((await client.call('SET', 'k', Buffer.from('v\r\n'))).toString()).toBe('+OK\r\n');
    expect((await client.call('GET', 'k')).toString('latin1')).toBe('$3\r\nv\r\n\r\n');
    await client.close();
  });

  it('readUntilClosed returns the last bytes after QUIT', async () => {
    const client = await RawClient.connect(server.port);
    client.sendCommand(['QUIT']);
    expect((await client.readUntilClosed()).toString()).toBe('+OK\r\n');
    await client.closed;
  });

  it('stop() ends the process', async () => {
    const other = await startRedisServer();
    await other.stop();
    expect(other.process.exitCode !== null || other.process.signalCode !== null).toBe(true);
    await expect(RawClient.connect(other.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let n = 0;
    await expect(waitFor(() => ++n >= 3 && n, { intervalMs: 1 })).resolves.toBe(3);
  });

  it('names what it waited for when it times out', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5, what: 'the moon' })).rejects.toThrow(
      'waitFor timed out after 30 ms waiting for: the moon',
    );
  });
});

describe('freePort', () => {
  it('never returns a reserved port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect([6379, 4222]).not.toContain(port);
  });
});
