/*
 * AUTH, HELLO and RESET with and without requirepass; exact bytes as redis-server 7.0.15.
 */
import { exchange, startNode, type TestNode } from './start-node';

function helloMap(proto: 2 | 3, id: number): string {
  const head = proto === 3 ? '%7\r\n' : '*14\r\n';
  return (
    head +
    '$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n' +
    `$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:${id}\r\n` +
    '$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n'
  );
}

describe('without requirepass', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('AUTH <pw> explains that no password is set; AUTH default <any> succeeds', async () => {
    const c = await t.connect();
    const want =
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n' +
      '+OK\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n-ERR syntax error\r\n';
    expect(await exchange(c, 'AUTH x\r\nAUTH default x\r\nAUTH a b\r\nAUTH a b c\r\n', want)).toBe(want);
  });

  it('HELLO negotiates RESP3 and back, with the server map', async () => {
    const c = await t.connect();
    const id = Math.max(...t.node.clients.keys());
    const want = helloMap(3, id) + helloMap(2, id);
    expect(await exchange(c, 'HELLO 3\r\nHELLO 2\r\n', want)).toBe(want);
  });

  it('HELLO rejects bad versions and options', async () => {
    const c = await t.connect();
    const want =
      '-ERR Protocol version is not an integer or out of range\r\n-NOPROTO unsupported protocol version\r\n' +
      "-ERR Syntax error in HELLO option 'FOO'\r\n-ERR Syntax error in HELLO option 'AUTH'\r\n" +
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n';
    expect(await exchange(c, 'HELLO x\r\nHELLO 1\r\nHELLO 3 FOO\r\nHELLO 3 AUTH a\r\nHELLO 2 SETNAME "a b"\r\n', want)).toBe(want);
  });

  it('RESET goes back to RESP2 and db 0', async () => {
    const c = await t.connect();
    const id = Math.max(...t.node.clients.keys());
    c.send('HELLO 3\r\nSELECT 2\r\nRESET\r\n');
    await c.readBytes(helloMap(3, id).length + 5 + 8);
    expect(t.node.clients.get(id)!.dbIndex).toBe(0);
    expect(await exchange(c, 'HELLO\r\n', helloMap(2, id))).toBe(helloMap(2, id));
  });
});

describe('with requirepass', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode(['--requirepass', 'sec']);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('requires AUTH, accepts both AUTH forms, and RESET deauthenticates', async () => {
    const c = await t.connect();
    const want =
      '-NOAUTH Authentication required.\r\n' +
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n' +
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n' +
      '+OK\r\n+PONG\r\n+RESET\r\n-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n';
    const send = 'PING\r\nHELLO 3\r\nHELLO 2 AUTH default bad\r\nAUTH bad\r\nAUTH default sec\r\nPING\r\nRESET\r\nPING\r\nAUTH sec\r\nPING\r\n';
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('HELLO AUTH authenticates and sets the name', async () => {
    const c = await t.connect();
    const id = Math.max(...t.node.clients.keys());
    const want = helloMap(2, id) + '$2\r\nnm\r\n';
    expect(await exchange(c, 'HELLO 2 AUTH default sec SETNAME nm\r\nCLIENT GETNAME\r\n', want)).toBe(want);
  });

  it('MULTI before AUTH is refused with NOAUTH', async () => {
    const c = await t.connect();
    const want = '-NOAUTH Authentication required.\r\n+OK\r\n-ERR EXEC without MULTI\r\n';
    expect(await exchange(c, 'MULTI\r\nAUTH sec\r\nEXEC\r\n', want)).toBe(want);
  });

  it('applies the pre-auth bulk limit', async () => {
    const c = await t.connect();
    c.send('*2\r\n$4\r\nECHO\r\n$100000\r\n');
    expect((await c.readUntilClosed()).toString()).toBe('-ERR Protocol error: unauthenticated bulk length\r\n');
  });
});
