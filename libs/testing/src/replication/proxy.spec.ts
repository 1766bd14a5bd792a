/*
 * TcpProxy against a small echo server: bytes pass unchanged in both directions, cutAll closes
 * both sides, `refuse` closes new connections at once, and `hold` delivers what was sent once the
 * mode returns to `pass`.
 */
import { createServer, Server } from 'node:net';
import { RawClient } from '../raw-client';
import { waitFor } from '../wait-for';
import { TcpProxy } from './proxy';

describe('TcpProxy', () => {
  let echo: Server;
  let echoPort = 0;
  let proxy: TcpProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    echoPort = await new Promise<number>((resolve) =>
      echo.listen(0, '127.0.0.1', () => resolve((echo.address() as { port: number }).port)),
    );
    proxy = await TcpProxy.start(echoPort);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  afterEach(() => proxy.setMode('pass'));

  it('forwards bytes unchanged both ways', async () => {
    const client = await RawClient.connect(proxy.port);
    const bytes = Buffer.from([0, 13, 10, 0xff, 0x24, 0x2a]);
    client.send(bytes);
    expect(await client.readBytes(bytes.length)).toEqual(bytes);
    client.destroy();
  });

  it('cutAll closes open connections on both sides', async () => {
    const client = await RawClient.connect(proxy.port);
    client.send('x');
    await client.readBytes(1);
    await waitFor(() => proxy.openSockets === 2);
    proxy.cutAll();
    await client.readUntilClosed();
    expect(client.isClosedNow).toBe(true);
    await waitFor(() => proxy.openSockets === 0);
  });

  it('refuse closes new connections at once', async () => {
    proxy.setMode('refuse');
    const client = await RawClient.connect(proxy.port);
    client.send('lost');
    expect(await client.readUntilClosed()).toEqual(Buffer.alloc(0));
  });

  it('hold keeps new connections silent, then connects them through', async () => {
    proxy.setMode('hold');
    const client = await RawClient.connect(proxy.port);
    client.send('held');
    await expect(client.readBytes(1, 200)).rejects.toThrow('timed out');
    proxy.setMode('pass');
    expect((await client.readBytes(4)).toString()).toBe('held');
    client.destroy();
  });
});
