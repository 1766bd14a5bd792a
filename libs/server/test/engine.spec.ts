/*
 * The TCP engine end to end, in process, asserting exact reply bytes (each expected string was read
 * from redis-server 7.0.15 with the same input): pipelining, partial frames, protocol errors that
 * close one connection only, the 2 GB declared bulk, unknown commands, arity, handler failures.
 */
import { RawClient } from '@resplica/testing';
import { exchange, startNode, type TestNode } from './start-node';

describe('engine: reading and replying', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers every command of a pipelined chunk, in order', async () => {
    const c = await t.connect();
    const send = 'PING\r\n*2\r\n$4\r\nECHO\r\n$1\r\na\r\nPING x\r\n*1\r\n$4\r\nPING\r\n';
    const want = '+PONG\r\n$1\r\na\r\n$1\r\nx\r\n+PONG\r\n';
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('assembles a command sent one byte at a time', async () => {
    const c = await t.connect();
    const frame = '*2\r\n$4\r\nECHO\r\n$5\r\nhello\r\n';
    for (const ch of frame) {
      c.send(ch);
      await new Promise((r) => setImmediate(r));
    }
    expect((await c.readBytes(11)).toString()).toBe('$5\r\nhello\r\n');
  });

  it('answers a protocol error then closes that connection only', async () => {
    const bad = await t.connect();
    const good = await t.connect();
    bad.send('*1\r\n$2000000000\r\n');
    expect((await bad.readUntilClosed()).toString()).toBe('-ERR Protocol error: invalid bulk length\r\n');
    expect(await exchange(good, 'PING\r\n', '+PONG\r\n')).toBe('+PONG\r\n');
  });

  it('refuses an unbalanced quote in an inline command and closes', async () => {
    const c = await t.connect();
    c.send('ECHO "abc\r\n');
    expect((await c.readUntilClosed()).toString()).toBe('-ERR Protocol error: unbalanced quotes in request\r\n');
  });

  it('answers unknown commands, unknown subcommands and wrong arity', async () => {
    const c = await t.connect();
    const send = 'FOO a b\r\nCONFIG FOO\r\nCONFIG GET\r\nCONFIG\r\nECHO\r\nSELECT 99\r\nSELECT x\r\n';
    const want =
      "-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n" +
      "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n" +
      "-ERR wrong number of arguments for 'config|get' command\r\n" +
      "-ERR wrong number of arguments for 'config' command\r\n" +
      "-ERR wrong number of arguments for 'echo' command\r\n" +
      '-ERR DB index is out of range\r\n' +
      '-ERR value is not an integer or out of range\r\n';
    expect(await exchange(c, send, want)).toBe(want);
    expect(t.node.stats.errors.get('ERR')).toBeGreaterThanOrEqual(7);
    expect(t.node.stats.commands.get('config|get')?.rejected).toBe(1);
  });

  it('turns a handler exception into an ERR reply and keeps serving', async () => {
    const echo = t.node.routes.get('echo')!;
    t.node.routes.set('echo', {
      ...echo,
      server: () => {
        throw new Error('kaput');
      },
    });
    try {
      const c = await t.connect();
      const want = "-ERR internal error while running 'echo'\r\n+PONG\r\n";
      expect(await exchange(c, 'ECHO x\r\nPING\r\n', want)).toBe(want);
      expect(t.node.stats.commands.get('echo')?.failed).toBe(1);
    } finally {
      t.node.routes.set('echo', echo);
    }
  });

  it('honours CLIENT REPLY SKIP and OFF', async () => {
    const c = await t.connect();
    const want = '+PONG\r\n+OK\r\n$1\r\nx\r\n';
    const send = 'CLIENT REPLY SKIP\r\nPING\r\nPING\r\nCLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nECHO x\r\n';
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('restricts a RESP2 subscriber to the pub/sub commands, PING, QUIT and RESET', async () => {
    const c = await t.connect();
    const want =
      '*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n' +
      "-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
      '*2\r\n$4\r\npong\r\n$0\r\n\r\n' +
      '+RESET\r\n+PONG\r\n';
    expect(await exchange(c, 'SUBSCRIBE a\r\nMULTI\r\nPING\r\nRESET\r\nPING\r\n', want)).toBe(want);
  });

  it('QUIT answers +OK and closes', async () => {
    const c = await t.connect();
    c.send('QUIT\r\nPING\r\n');
    expect((await c.readUntilClosed()).toString()).toBe('+OK\r\n');
  });

  it('counts commands, input and output bytes', async () => {
    const before = t.node.stats.totalCommandsProcessed;
    const c: RawClient = await t.connect();
    await exchange(c, 'PING\r\n', '+PONG\r\n');
    expect(t.node.stats.totalCommandsProcessed).toBe(before + 1);
    expect(t.node.stats.netInputBytes).toBeGreaterThan(0);
    expect(t.node.stats.netOutputBytes).toBeGreaterThan(0);
  });
});

describe('SHUTDOWN', () => {
  it('validates its options, then closes every client and the listener', async () => {
    const t = await startNode();
    const c = await t.connect();
    const other = await t.connect();
    const want = '-ERR syntax error\r\n-ERR syntax error\r\n-ERR No shutdown in progress.\r\n';
    expect(await exchange(c, 'SHUTDOWN FOO\r\nSHUTDOWN NOSAVE SAVE\r\nSHUTDOWN ABORT\r\n', want)).toBe(want);
    c.send('SHUTDOWN NOSAVE\r\n');
    expect((await c.readUntilClosed()).length).toBe(0);
    await other.closed;
    await expect(RawClient.connect(t.port)).rejects.toThrow();
    await t.stop();
  });
});
