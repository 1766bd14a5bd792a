/**
 * The container health check against real masters (the built apps/master on free ports), a port
 * nobody listens on and a server that never answers; then the built CLI as docker-compose.yml runs
 * it, judged by its exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, RawClient, startMaster, type RunningServer } from '@resplica/testing';
import { healthcheckTarget, PROBE_TIMEOUT_MS, runHealthcheck, USAGE } from '../../src/healthcheck/cli';
import { probe } from '../../src/healthcheck/probe';
import { ROOT } from './repo';

const PASSWORD = 'pass with "quotes" and spaces';
const CLI = join(ROOT, 'tools', 'ops', 'dist', 'healthcheck', 'main.js');

let open: RunningServer;
let protectedMaster: RunningServer;
let closedPort: number;

beforeAll(async () => {
  open = await startMaster();
  // startMaster waits for a PING without AUTH, so the password is set once the master serves.
  protectedMaster = await startMaster();
  const client = await RawClient.connect(protectedMaster.port);
  try {
    expect((await client.call('CONFIG', 'SET', 'requirepass', PASSWORD)).toString()).toBe('+OK\r\n');
  } finally {
    client.destroy();
  }
  closedPort = await freePort();
});

afterAll(async () => {
  await Promise.all([open?.stop(), protectedMaster?.stop()]);
});

const at = (port: number, password = '') => ({ host: '127.0.0.1', port, password, timeoutMs: 2000 });

describe('probe', () => {
  it('is healthy when the node answers PONG', async () => {
    await expect(probe(at(open.port))).resolves.toEqual({ ok: true });
  });

  it('authenticates first when given the password', async () => {
    await expect(probe(at(protectedMaster.port, PASSWORD))).resolves.toEqual({ ok: true });
  });

  it('is unhealthy without the password a node requires, or with a wrong one', async () => {
    await expect(probe(at(protectedMaster.port))).resolves.toEqual({ ok: false, reason: expect.stringMatching(/answered -NOAUTH/) });
    await expect(probe(at(protectedMaster.port, 'wrong'))).resolves.toEqual({ ok: false, reason: expect.stringMatching(/AUTH refused .*: -WRONGPASS/) });
  });

  it('is unhealthy when nothing listens on the port', async () => {
    await expect(probe(at(closedPort))).resolves.toEqual({ ok: false, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('gives up at the deadline when the server never answers', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      await expect(probe({ ...at(port), timeoutMs: 200 })).resolves.toEqual({ ok: false, reason: expect.stringMatching(/no PONG .* within 200 ms/) });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((done) => silent.close(done));
    }
  });
});

describe('runHealthcheck', () => {
  it('reads the port and password from RESPLICA_* variables, as the node does', async () => {
    const env = { RESPLICA_PORT: String(protectedMaster.port), RESPLICA_REQUIREPASS: PASSWORD };
    await expect(runHealthcheck(['master'], env)).resolves.toEqual({ ok: true });
  });

  it('reads them from a redis.conf given as the first argument after the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resplica-healthcheck-'));
    try {
      const conf = join(dir, 'redis.conf');
      writeFileSync(conf, `port ${protectedMaster.port}\nrequirepass "${PASSWORD.replace(/"/g, '\\"')}"\n`);
      await expect(runHealthcheck(['replica', conf], {})).resolves.toEqual({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("probes the app's own default port on loopback when none is configured, and flags win", () => {
    const target = (argv: string[]) => healthcheckTarget(argv, {});
    expect(target(['master'])).toEqual({ host: '127.0.0.1', port: 6380, password: '', timeoutMs: PROBE_TIMEOUT_MS });
    expect(target(['replica'])).toMatchObject({ port: 6381 });
    expect(target(['router'])).toMatchObject({ port: 6379 });
    expect(healthcheckTarget(['router', '--port', '7000'], { RESPLICA_PORT: '7001' })).toMatchObject({ port: 7000 });
  });

  it('refuses an unknown app and an invalid configuration', async () => {
    await expect(runHealthcheck([], {})).resolves.toEqual({ ok: false, reason: USAGE });
    await expect(runHealthcheck(['sentinel'], {})).resolves.toEqual({ ok: false, reason: USAGE });
    await expect(runHealthcheck(['master'], { RESPLICA_PORT: 'six' })).resolves.toEqual({ ok: false, reason: expect.stringMatching(/^config error: .*RESPLICA_PORT/) });
  });
});

describe('the built CLI (tools/ops/dist/healthcheck/main.js)', () => {
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 10000 });

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: build it first (nx run ops:build)`);
  });

  it('exits 0 when the node answers', () => {
    const result = run(['master'], { RESPLICA_PORT: String(open.port) });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('exits 1 with the reason on stderr when it does not', () => {
    const result = run(['master'], { RESPLICA_PORT: String(closedPort) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ECONNREFUSED/);
  });
});
