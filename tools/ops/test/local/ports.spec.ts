/*
 * Taken ports: a port given on the command line that is taken stops the launcher before it starts
 * anything; a default port that is taken (here a replica's, master-port + 1) is replaced by a free
 * one and the launcher says which.
 */
import { createServer, type Server } from 'node:net';
import { readdirSync } from 'node:fs';
import { freePort } from '@resplica/testing';
import { startLauncher, startedPort, waitForAllGone, type Launcher } from './launcher';

let blocker: Server | undefined;
let launcher: Launcher | undefined;

afterEach(async () => {
  await launcher?.cleanup();
  launcher = undefined;
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = undefined;
});

/** Listens on 127.0.0.1:`port`; resolves false when that port is already taken. */
function occupy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => {
      blocker = server;
      resolve(true);
    });
  });
}

it('refuses an explicit --master-port that is taken, exits 1 and starts nothing', async () => {
  const taken = await freePort();
  expect(await occupy(taken)).toBe(true);
  launcher = await startLauncher([], { masterPort: taken });
  expect(await launcher.exited).toEqual({ code: 1, signal: null });
  expect(launcher.stderr()).toBe(`error: port ${taken} (--master-port for the master) is already in use on 127.0.0.1\n`);
  expect(launcher.pids().size).toBe(0);
  expect(readdirSync(launcher.dir)).toEqual([]);
});

it('replaces a taken default port by a free one and says so', async () => {
  let masterPort = 0;
  for (let attempt = 0; attempt < 5 && blocker === undefined; attempt++) {
    masterPort = await freePort();
    await occupy(masterPort + 1);
  }
  expect(blocker).toBeDefined();
  launcher = await startLauncher(['--replicas', '1', '--nats-server', '/nonexistent'], { masterPort });
  await launcher.waitForOutput(/^Ctrl-C stops everything\.$/m);
  const notice = new RegExp(`^replica-1: default port ${masterPort + 1} is taken; using (\\d+) instead$`, 'm').exec(launcher.stdout());
  expect(notice).not.toBeNull();
  expect(startedPort(launcher.stdout(), 'replica-1')).toBe(Number(notice![1]));
  expect(startedPort(launcher.stdout(), 'master')).toBe(masterPort);

  launcher.process.kill('SIGTERM');
  expect(await launcher.exited).toEqual({ code: 0, signal: null });
  await waitForAllGone([...launcher.pids().values()], 5000);
}, 30000);
