/*
 * The launcher's flags: defaults, every flag, and the usage errors main.ts turns into exit 2.
 */
import { parseCommandLine, UsageError, type LaunchOptions } from '../../src/local/options';

const ROOT = '/repo';
const CWD = '/home/dev/work';

function options(argv: string[]): LaunchOptions {
  const parsed = parseCommandLine(argv, ROOT, CWD);
  if (parsed.help) throw new Error('unexpected --help');
  return parsed.options;
}

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv, ROOT, CWD);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

it('defaults: router 6379, master 6380, two replicas, any NATS port, .local in the repository', () => {
  expect(options([])).toEqual({
    routerPort: { port: 6379, explicit: false },
    masterPort: { port: 6380, explicit: false },
    natsPort: { port: null, explicit: false },
    replicas: 2,
    natsServer: null,
    dir: '/repo/.local',
    cluster: 'local',
    verbose: false,
  });
});

it('takes every flag, as `--name value` or `--name=value`; a relative --dir is from the working directory', () => {
  expect(
    options([
      '--router-port', '7100', '--master-port=7000', '--nats-port', '4300', '--replicas', '3',
      '--nats-server', '/opt/nats', '--dir', 'tmp/x', '--cluster=dev_1', '--verbose',
    ]),
  ).toEqual({
    routerPort: { port: 7100, explicit: true },
    masterPort: { port: 7000, explicit: true },
    natsPort: { port: 4300, explicit: true },
    replicas: 3,
    natsServer: '/opt/nats',
    dir: '/home/dev/work/tmp/x',
    cluster: 'dev_1',
    verbose: true,
  });
});

it('--help wins over everything else', () => {
  expect(parseCommandLine(['--replicas', '1', '--help'], ROOT, CWD)).toEqual({ help: true });
});

it.each([
  [['--bogus'], 'unknown flag --bogus'],
  [['replicas'], "unexpected argument 'replicas' (flags start with --)"],
  [['--router-port'], '--router-port needs a value'],
  [['--router-port', '0'], "--router-port must be an integer from 1 to 65535, got '0'"],
  [['--master-port', '70000'], "--master-port must be an integer from 1 to 65535, got '70000'"],
  [['--nats-port', '42x'], "--nats-port must be an integer from 1 to 65535, got '42x'"],
  [['--replicas', '33'], "--replicas must be an integer from 0 to 32, got '33'"],
  [['--replicas', '1', '--replicas', '2'], '--replicas given twice'],
  [['--verbose=yes'], '--verbose takes no value'],
  [['--cluster', 'a.b'], "--cluster must be letters, digits, '-' or '_' (it is part of NATS subjects), got 'a.b'"],
])('rejects %j: %s', (argv, message) => {
  expect(usageError(argv)).toBe(message);
});
