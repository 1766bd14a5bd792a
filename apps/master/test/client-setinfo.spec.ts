/*
 * CLIENT SETINFO against the built master alone: Redis 7.0 has no such subcommand (it answers
 * `ERR unknown subcommand 'SETINFO'`), so there is no reference to compare with. We implement Redis
 * 7.2's behaviour because clients send it at connect; these are the exact replies our handler gives
 * (7.2's wording). Skipped when RESPLICA_DIFF_OURS=redis puts a 7.0 server under test.
 */
import { RawClient, RunningServer, startMaster } from '@resplica/testing';

const NO_SPECIALS = 'cannot contain spaces, newlines or special characters.\r\n';
const underRedis = process.env.RESPLICA_DIFF_OURS === 'redis';

(underRedis ? describe.skip : describe)('CLIENT SETINFO (Redis 7.2 behaviour)', () => {
  let master: RunningServer | undefined;
  let client: RawClient | undefined;

  beforeAll(async () => {
    master = await startMaster();
    client = await RawClient.connect(master.port);
  }, 30000);
  afterAll(async () => {
    client?.destroy();
    await master?.stop();
  });

  async function send(...argv: string[]): Promise<string> {
    if (!client) throw new Error('master did not start');
    client.sendCommand(argv);
    return (await client.readReply()).toString('latin1');
  }

  it.each([
    [['CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis'], '+OK\r\n'],
    [['CLIENT', 'SETINFO', 'lib-ver', '6.0.0'], '+OK\r\n'],
    [['client', 'setinfo', 'Lib-Name', 'x'], '+OK\r\n'],
    [['CLIENT', 'SETINFO', 'foo', 'x'], "-ERR Unrecognized option 'foo'\r\n"],
    [['CLIENT', 'SETINFO', 'LIB-NAME', 'a b'], `-ERR LIB-NAME ${NO_SPECIALS}`],
    [['CLIENT', 'SETINFO', 'lib-ver', 'new\nline'], `-ERR lib-ver ${NO_SPECIALS}`],
    [['CLIENT', 'SETINFO', 'LIB-NAME'], "-ERR wrong number of arguments for 'client|setinfo' command\r\n"],
    [['CLIENT', 'SETINFO', 'LIB-NAME', 'a', 'b'], "-ERR wrong number of arguments for 'client|setinfo' command\r\n"],
  ])('%j → %j', async (argv, expected) => {
    expect(await send(...argv)).toBe(expected);
  });
});
