/*
 * datasetOf / datasetDiff on a real redis-server: the dump covers every type in canonical form,
 * and each kind of difference (a value, a deadline, a key only on one side, DBSIZE) is reported.
 */
import { RunningServer, startRedisServer } from '../processes';
import { RawClient } from '../raw-client';
import { datasetDiff, datasetOf } from './dataset';
import { pipelineCalls } from './pipeline';

describe('datasetOf and datasetDiff', () => {
  let server: RunningServer;
  let client: RawClient;

  beforeAll(async () => {
    server = await startRedisServer();
    client = await RawClient.connect(server.port);
  }, 20000);

  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  beforeEach(async () => {
    await client.call('FLUSHALL');
  });

  it('renders every type canonically, per database', async () => {
    await pipelineCalls(client, [
      ['SELECT', '2'],
      ['SET', Buffer.from([0x6b, 0]), Buffer.from([13, 10, 0xff])],
      ['RPUSH', 'l', 'b', 'a'],
      ['HSET', 'h', 'z', '1', 'a', '2'],
      ['SADD', 's', 'y', 'x'],
      ['ZADD', 'z', '2', 'm', '1.5', 'n'],
      ['PEXPIREAT', 'l', '99999999999999'],
      ['SELECT', '0'],
    ]);
    expect(await datasetOf(server.port, [0, 2])).toEqual([
      { db: 0, size: 0, keys: [] },
      {
        db: 2,
        size: 5,
        keys: [
          { key: 'h', type: 'hash', deadline: -1, contents: '{a=2, z=1}' },
          { key: 'k\\x00', type: 'string', deadline: -1, contents: '\\r\\n\\xff' },
          { key: 'l', type: 'list', deadline: 99999999999999, contents: '[b, a]' },
          { key: 's', type: 'set', deadline: -1, contents: '{x, y}' },
          { key: 'z', type: 'zset', deadline: -1, contents: '[n@1.5, m@2]' },
        ],
      },
    ]);
  });

  it('reports each kind of difference', async () => {
    await pipelineCalls(client, [
      ['SET', 'same', '1'],
      ['SET', 'value', 'a'],
      ['SET', 'ttl', 'x', 'PXAT', '99999999999990'],
      ['SET', 'gone', 'x'],
    ]);
    const before = await datasetOf(server.port, [0]);
    await pipelineCalls(client, [
      ['SET', 'value', 'b'],
      ['PEXPIREAT', 'ttl', '99999999999991'],
      ['DEL', 'gone'],
    ]);
    expect(datasetDiff(before, await datasetOf(server.port, [0]))).toEqual([
      'db0 DBSIZE: expected 4, got 3',
      'db0 gone\n    expected: string no ttl x\n    actual:   (absent)',
      'db0 ttl\n    expected: string deadline 99999999999990 x\n    actual:   string deadline 99999999999991 x',
      'db0 value\n    expected: string no ttl a\n    actual:   string no ttl b',
    ]);
    expect(datasetDiff(before, before)).toEqual([]);
  });
});
