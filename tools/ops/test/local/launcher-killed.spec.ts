/*
 * A launcher killed with SIGKILL cannot stop its children itself: they must still go, because
 * each runs under `setpriv --pdeathsig SIGTERM`, which has the kernel signal it when the launcher
 * dies.
 */
import { isGone, startLauncher, waitForAllGone, type Launcher } from './launcher';

let launcher: Launcher;

afterAll(async () => {
  await launcher?.cleanup();
});

it('leaves no child behind when the launcher itself is SIGKILLed', async () => {
  launcher = await startLauncher();
  await launcher.waitForOutput(/^Ctrl-C stops everything\.$/m);
  const pids = [...launcher.pids().values()];
  expect(pids).toHaveLength(5);
  expect(pids.filter(isGone)).toEqual([]);

  launcher.process.kill('SIGKILL');
  expect(await launcher.exited).toEqual({ code: null, signal: 'SIGKILL' });
  await waitForAllGone(pids, 10000);
}, 30000);
