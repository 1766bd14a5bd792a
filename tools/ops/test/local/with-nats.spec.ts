/*
 * `npm start` end to end with a nats-server: the whole topology comes up, redis-cli through the
 * router writes to the master and reads from a replica, a replica killed behind the launcher's
 * back is reported and routed around, and Ctrl-C stops everything in order, leaving no process.
 */
import { waitFor } from '@resplica/testing';
import { isGone, redisCli, routerBackends, startedPort, startLauncher, waitForAllGone, type Launcher } from './launcher';

let launcher: Launcher;

afterAll(async () => {
  await launcher?.cleanup();
});

it('starts, routes reads to replicas, survives a dead replica and stops cleanly on SIGINT', async () => {
  launcher = await startLauncher();
  const { routerPort, masterPort, natsPort } = launcher;
  await launcher.waitForOutput(/^Ctrl-C stops everything\.$/m);
  const out = launcher.stdout();

  const order = [...out.matchAll(/^(\S+) +ready in \d+ ms/gm)].map((m) => m[1]);
  expect(order).toEqual(['nats-server', 'master', 'replica-1', 'replica-2', 'router']);
  const pids = launcher.pids();
  expect([...pids.keys()]).toEqual(order);
  const replicaPorts = [startedPort(out, 'replica-1'), startedPort(out, 'replica-2')];
  expect(out).toContain(`\n  connect   127.0.0.1:${routerPort}  →  redis-cli -p ${routerPort}\n`);
  expect(out).toContain(`\n  master    127.0.0.1:${masterPort}\n`);
  expect(out).toContain(`\n  replicas  127.0.0.1:${replicaPorts[0]}, 127.0.0.1:${replicaPorts[1]}\n`);
  expect(out).toContain(`\n  nats      nats://127.0.0.1:${natsPort}  (cluster local)\n`);
  expect(out).toContain(`\n  status    npm run status -- --nats nats://127.0.0.1:${natsPort} --cluster local\n`);
  expect(out).toContain(`\n  pids      ${[...pids].map(([name, pid]) => `${name} ${pid}`).join(', ')}\n`);

  expect(await redisCli(routerPort, 'SET', 'a', '1')).toBe('OK');
  expect(await redisCli(routerPort, 'GET', 'a')).toBe('1');
  const backends = await routerBackends(routerPort);
  expect(backends.get(`127.0.0.1:${masterPort}`)?.get('reads')).toBe('0');
  expect(backends.get(`127.0.0.1:${masterPort}`)?.get('writes')).toBe('1');
  const replicaReads = replicaPorts.map((p) => Number(backends.get(`127.0.0.1:${p}`)?.get('reads')));
  expect(replicaReads.reduce((a, b) => a + b, 0)).toBe(1);

  process.kill(pids.get('replica-1')!, 'SIGKILL');
  await launcher.waitForOutput(/^replica-1 +exited unexpectedly \(signal SIGKILL\)$/m, 5000);
  const dead = `127.0.0.1:${replicaPorts[0]}`;
  const alive = `127.0.0.1:${replicaPorts[1]}`;
  await waitFor(async () => (await routerBackends(routerPort)).get(dead)?.get('serving') === '0', { timeoutMs: 8000, what: `the router to drop ${dead}` });
  const readsBefore = Number((await routerBackends(routerPort)).get(alive)?.get('reads'));
  for (let i = 0; i < 4; i++) expect(await redisCli(routerPort, 'GET', 'a')).toBe('1');
  expect(Number((await routerBackends(routerPort)).get(alive)?.get('reads'))).toBe(readsBefore + 4);

  launcher.process.kill('SIGINT');
  expect(await launcher.exited).toEqual({ code: 0, signal: null });
  const stops = [...launcher.stdout().matchAll(/^(\S+) +stopped \((.*)\)$/gm)].map((m) => `${m[1]} ${m[2]}`);
  expect(stops).toEqual(['router code 0', 'replica-2 code 0', 'master code 0', 'nats-server code 0']);
  await waitForAllGone([...pids.values()], 5000);
  expect([...pids.values()].filter((pid) => !isGone(pid))).toEqual([]);
}, 40000);
