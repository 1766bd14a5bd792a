/*
 * loadConfig: file syntax, includes, env and flags precedence, every error listed at once.
 */
import { loadConfig } from './load';

const files: Record<string, string> = {
  '/etc/r.conf': [
    '# a comment',
    'port 7000',
    'requirepass "p w\\x41"',
    "masterauth 'it\\'s'",
    'save 900 1',
    'save 300 10',
    'bind 127.0.0.1 ::1',
    'bind 10.0.0.1',
    'maxmemory 1gb',
    'include /etc/inc.conf',
    'replicaof 10.0.0.2 6390',
  ].join('\n'),
  '/etc/inc.conf': 'hz 20\nloglevel WARNING\n',
  '/etc/bad.conf': ['port abc', 'nosuch 1', 'appendonly maybe', 'requirepass a b', 'dir "unterminated', 'databases 0'].join('\n'),
};
const readFile = (p: string): string => {
  if (!(p in files)) throw new Error('ENOENT');
  return files[p];
};

describe('loadConfig', () => {
  it('starts from the defaults with no sources', () => {
    const { config, errors } = loadConfig({ argv: [], env: {} });
    expect(errors).toEqual([]);
    expect(config.configFile).toBeNull();
    expect(config.num('port')).toBe(6379);
    expect(config.get('save')).toBe('3600 1 300 100 60 10000');
    expect(config.get('dir')).toBe(process.cwd());
    expect(config.bool('replica-read-only')).toBe(true);
  });

  it('applies app defaults beneath every source', () => {
    const own = loadConfig({ argv: [], env: {}, defaults: { port: '6380' } });
    expect(own.errors).toEqual([]);
    expect(own.config.num('port')).toBe(6380);
    const flagged = loadConfig({ argv: ['--port', '7001'], env: { RESPLICA_PORT: '7000' }, defaults: { port: '6380' } });
    expect(flagged.config.num('port')).toBe(7001);
    const env = loadConfig({ argv: [], env: { RESPLICA_PORT: '7000' }, defaults: { port: '6380' } });
    expect(env.config.num('port')).toBe(7000);
  });

  it('reads quoted words, repeated save lines, last bind line, units and includes', () => {
    const { config, errors } = loadConfig({ argv: ['/etc/r.conf'], env: {}, readFile });
    expect(errors).toEqual([]);
    expect(config.configFile).toBe('/etc/r.conf');
    expect(config.num('port')).toBe(7000);
    expect(config.str('requirepass')).toBe('p wA');
    expect(config.str('masterauth')).toBe("it's");
    expect(config.get('save')).toBe('900 1 300 10');
    expect(config.get('bind')).toBe('10.0.0.1');
    expect(config.num('maxmemory')).toBe(1073741824);
    expect(config.num('hz')).toBe(20);
    expect(config.get('loglevel')).toBe('warning');
    expect(config.get('replicaof')).toBe('10.0.0.2 6390');
    expect(config.get('slaveof')).toBe('10.0.0.2 6390');
  });

  it('applies file < env < flags', () => {
    const { config, errors } = loadConfig({
      argv: ['/etc/r.conf', '--port', '7002', '--save', '--replicaof', '127.0.0.1', '6380'],
      env: { RESPLICA_PORT: '7001', RESPLICA_REPL_BACKLOG_SIZE: '2mb', RESPLICA_REQUIREPASS: 'env', OTHER: 'x' },
      readFile,
    });
    expect(errors).toEqual([]);
    expect(config.num('port')).toBe(7002);
    expect(config.num('repl-backlog-size')).toBe(2 * 1024 * 1024);
    expect(config.str('requirepass')).toBe('env');
    expect(config.get('save')).toBe('');
    expect(config.get('replicaof')).toBe('127.0.0.1 6380');
  });

  it('lists every error with its origin', () => {
    const { errors } = loadConfig({
      argv: ['/etc/bad.conf', '--hz', 'x', '--maxmemory', '1.5gb', 'stray'],
      env: { RESPLICA_TIMEOUT: '-1' },
      readFile,
    });
    expect(errors).toEqual([
      '/etc/bad.conf:5: >>> \'dir "unterminated\' - Unbalanced quotes in configuration line',
      `/etc/bad.conf:1: >>> 'port "abc"' - argument couldn't be parsed into an integer`,
      `/etc/bad.conf:2: >>> 'nosuch "1"' - Bad directive or wrong number of arguments`,
      `/etc/bad.conf:3: >>> 'appendonly "maybe"' - argument must be 'yes' or 'no'`,
      `/etc/bad.conf:4: >>> 'requirepass "a" "b"' - Bad directive or wrong number of arguments`,
      `/etc/bad.conf:6: >>> 'databases "0"' - argument must be between 1 and 2147483647 inclusive`,
      `environment RESPLICA_TIMEOUT: >>> 'timeout "-1"' - argument must be between 0 and 2147483647 inclusive`,
      `command line: >>> 'hz "x"' - argument couldn't be parsed into an integer`,
      `command line: >>> 'maxmemory "1.5gb" "stray"' - Bad directive or wrong number of arguments`,
    ]);
  });

  it('reports a missing config file', () => {
    const { errors } = loadConfig({ argv: ['/nope.conf'], env: {}, readFile });
    expect(errors).toEqual(["Fatal error, can't open config file '/nope.conf': ENOENT"]);
  });
});
