/*
 * The status CLI's options: defaults, the RESPLICA_* variables the nodes read, flags over both,
 * and the messages for a bad command line.
 */
import { parseStatusArgs } from '../../src/status/args';

describe('parseStatusArgs', () => {
  it('defaults to the local NATS, the config default cluster and a 3 s health timeout', () => {
    expect(parseStatusArgs([], {})).toEqual({
      natsUrl: 'nats://127.0.0.1:4222',
      natsUser: '',
      natsPassword: '',
      natsToken: '',
      cluster: 'resplica',
      healthTimeoutMs: 3000,
      intervalMs: 1000,
      once: false,
      json: false,
      help: false,
    });
  });

  it('takes the RESPLICA_* variables, and flags over them', () => {
    const env = { RESPLICA_NATS: 'nats://n1:4222,nats://n2:4222', RESPLICA_NATS_USER: 'ops', RESPLICA_NATS_PASSWORD: 'pw', RESPLICA_NATS_TOKEN: 'tok', RESPLICA_CLUSTER: 'local' };
    expect(parseStatusArgs([], env)).toMatchObject({ natsUrl: 'nats://n1:4222,nats://n2:4222', natsUser: 'ops', natsPassword: 'pw', natsToken: 'tok', cluster: 'local' });
    const argv = ['--nats', 'nats://x:1', '--nats-user', 'u', '--nats-password', 'p', '--nats-token', 't', '--cluster', 'c', '--health-timeout-ms', '1000', '--interval-ms', '100', '--once', '--json', '--help'];
    expect(parseStatusArgs(argv, env)).toEqual({
      natsUrl: 'nats://x:1',
      natsUser: 'u',
      natsPassword: 'p',
      natsToken: 't',
      cluster: 'c',
      healthTimeoutMs: 1000,
      intervalMs: 100,
      once: true,
      json: true,
      help: true,
    });
  });

  it('ignores empty variables', () => {
    expect(parseStatusArgs([], { RESPLICA_NATS: '', RESPLICA_CLUSTER: '' })).toMatchObject({ natsUrl: 'nats://127.0.0.1:4222', cluster: 'resplica' });
  });

  it('refuses unknown flags, positionals and bad durations', () => {
    expect(parseStatusArgs(['--verbose'], {})).toMatch(/^Unknown option '--verbose'/);
    expect(parseStatusArgs(['extra'], {})).toMatch(/Unexpected argument 'extra'/);
    expect(parseStatusArgs(['--health-timeout-ms', '0'], {})).toBe("--health-timeout-ms must be a positive integer of milliseconds, got '0'");
    expect(parseStatusArgs(['--interval-ms', '1.5'], {})).toBe("--interval-ms must be a positive integer of milliseconds, got '1.5'");
    expect(parseStatusArgs(['--nats'], {})).toMatch(/--nats <value>' argument missing/);
  });
});
