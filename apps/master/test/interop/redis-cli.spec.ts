/*
 * Interop: redis-cli against our master, checking its exact printed output in the default
 * (tty-less) mode, --raw, RESP3 (-3) and --pipe mass insertion.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { encodeCommand, RunningServer } from '@resplica/testing';
import { startUnderTest } from '../server-under-test';

const run = promisify(execFile);

describe('redis-cli', () => {
  let server: RunningServer;
  const cli = async (args: string[], input?: string): Promise<string> => {
    const child = run('redis-cli', ['-p', String(server.port), ...args], { timeout: 10000 });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    return (await child).stdout;
  };

  beforeAll(async () => {
    server = await startUnderTest();
  }, 30000);
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    await cli(['FLUSHALL']);
  });

  it('prints replies the way it prints a real server`s', async () => {
    expect(await cli(['SET', 'a', '1'])).toBe('OK\n');
    expect(await cli(['GET', 'a'])).toBe('1\n');
    expect(await cli(['GET', 'missing'])).toBe('\n');
    expect(await cli(['INCR', 'a'])).toBe('2\n');
    expect(await cli(['MGET', 'a', 'missing'])).toBe('2\n\n');
    expect(await cli(['INCR', 'nope', 'x'])).toBe("ERR wrong number of arguments for 'incr' command\n\n");
  });

  it('--raw prints values without quoting', async () => {
    await cli(['SET', 'k', 'two words']);
    expect(await cli(['--raw', 'GET', 'k'])).toBe('two words\n');
    expect(await cli(['--raw', 'EXISTS', 'k', 'k'])).toBe('2\n');
  });

  it('-3 speaks RESP3', async () => {
    await cli(['SET', 'k', 'v']);
    expect(await cli(['-3', 'GET', 'k'])).toBe('v\n');
    expect(await cli(['-3', 'GET', 'missing'])).toBe('\n');
    expect(await cli(['-3', 'HELLO', '3'])).toContain('\nproto 3\n');
  });

  it('--pipe mass-inserts a stream of commands', async () => {
    let input = '';
    for (let i = 0; i < 100; i++) input += encodeCommand(['SET', `key:${i}`, `value ${i}`]).toString('latin1');
    const output = await cli(['--pipe'], input);
    expect(output).toContain('errors: 0, replies: 100');
    expect(await cli(['DBSIZE'])).toBe('100\n');
    expect(await cli(['GET', 'key:42'])).toBe('value 42\n');
  });
});
