/**
 * pingBackend over real TCP: the exact request bytes, with and without AUTH, and false for every
 * way a backend can fail to be alive and serving.
 */
import { freePort } from '@resplica/testing';
import { pingBackend } from '../../src/routing/ping';
import { startPingServer, type PingServer } from './ping-server';

const NO_AUTH = { user: '', password: '' };
let server: PingServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ref = (port: number) => ({ id: `127.0.0.1:${port}`, host: '127.0.0.1', port });

it('sends PING alone and accepts exactly +PONG', async () => {
  server = await startPingServer('pong');
  expect(await pingBackend(ref(server.port), NO_AUTH)).toBe(true);
  expect(server.received).toEqual(['*1\r\n$4\r\nPING\r\n']);
});

it('sends AUTH with masterauth first, with masteruser when set', async () => {
  server = await startPingServer('auth');
  expect(await pingBackend(ref(server.port), { user: '', password: 'sésame' })).toBe(true);
  expect(await pingBackend(ref(server.port), { user: 'router', password: 'pw' })).toBe(true);
  expect(server.received).toEqual([
    '*2\r\n$4\r\nAUTH\r\n$7\r\ns\u00c3\u00a9same\r\n*1\r\n$4\r\nPING\r\n',
    '*3\r\n$4\r\nAUTH\r\n$6\r\nrouter\r\n$2\r\npw\r\n*1\r\n$4\r\nPING\r\n',
  ]);
});

it('an error reply (-LOADING) is not alive', async () => {
  server = await startPingServer('loading');
  expect(await pingBackend(ref(server.port), NO_AUTH)).toBe(false);
});

it('+PONG without the +OK AUTH needs is not alive', async () => {
  server = await startPingServer('pong');
  expect(await pingBackend(ref(server.port), { user: '', password: 'x' })).toBe(false);
});

it('a silent backend times out', async () => {
  server = await startPingServer('silent');
  const started = Date.now();
  expect(await pingBackend(ref(server.port), NO_AUTH, 150)).toBe(false);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

it('a refused connection is not alive', async () => {
  expect(await pingBackend(ref(await freePort()), NO_AUTH)).toBe(false);
});
