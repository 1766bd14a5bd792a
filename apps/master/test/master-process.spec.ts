/*
 * The built master process (apps/master/dist/main.js; the test target depends on build): it logs
 * "ready to accept connections" with the port it bound (port 0 picks a free one), serves, and
 * exits 0 on SIGTERM; invalid configuration prints every error and exits 1.
 */
import { spawn } from 'node:child_process';
import { masterBinary, RawClient, waitFor } from '@resplica/testing';

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('master process', () => {
  it('starts on port 0, logs the port, serves, and exits 0 on SIGTERM', async () => {
    // No save rules: the SIGTERM below must not write a snapshot into the working directory.
    const child = spawn(process.execPath, [masterBinary(), '--port', '0', '--bind', '127.0.0.1', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = exitOf(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const line = await waitFor(() => out.split('\n').find((l) => l.includes('ready to accept connections')), {
        timeoutMs: 10000,
        what: 'the ready line',
      });
      const ready = JSON.parse(line) as { port: number; msg: string; component: string };
      expect(ready.port).toBeGreaterThan(0);
      expect(ready.component).toBe('master');
      const c = await RawClient.connect(ready.port);
      c.send('PING\r\n');
      expect((await c.readBytes(7)).toString()).toBe('+PONG\r\n');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await c.closed;
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('prints every configuration error and exits 1', async () => {
    const child = spawn(process.execPath, [masterBinary(), '--port', 'notanumber', '--maxclients', '-5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exitOf(child)).toBe(1);
    expect(err.split('\n').filter((l) => l.startsWith('config error:')).length).toBe(2);
  });
});
