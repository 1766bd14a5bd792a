/*
 * `npm start` on a machine without nats-server: the launcher says the router falls back to polling
 * the nodes it started, starts everything else, and the router still serves reads and writes.
 */
import { redisCli, startLauncher, waitForAllGone, type Launcher } from './launcher';

let launcher: Launcher;

afterAll(async () => {
  await launcher?.cleanup();
});

it('runs without NATS, says so, and routes through the static backend lists', async () => {
  launcher = await startLauncher(['--nats-server', '/nonexistent']);
  await launcher.waitForOutput(/^Ctrl-C stops everything\.$/m);
  const out = launcher.stdout();
  expect(out).toContain('\nnats-server not found: the router polls the nodes it started with INFO\n');
  expect(out).toContain('\n  nats      nats-server not found: the router polls the nodes it started with INFO\n');
  expect([...launcher.pids().keys()]).toEqual(['master', 'replica-1', 'replica-2', 'router']);

  expect(await redisCli(launcher.routerPort, 'SET', 'a', '1')).toBe('OK');
  expect(await redisCli(launcher.routerPort, 'GET', 'a')).toBe('1');

  launcher.process.kill('SIGINT');
  expect(await launcher.exited).toEqual({ code: 0, signal: null });
  await waitForAllGone([...launcher.pids().values()], 5000);
}, 30000);
