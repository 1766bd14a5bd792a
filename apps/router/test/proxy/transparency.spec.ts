/**
 * The proxy is transparent: a script over every data type gives, through the router (writes to a
 * master, reads from its replica), exactly the reply bytes a standalone node of the same engine
 * gives directly — in RESP2 and in RESP3 — and a pipeline of mixed reads and writes comes back
 * complete and in order. Run with redis-server nodes and with ours.
 */
import {
  RawClient,
  type Arg,
  startMasterOf,
  startRedisReplica,
  startReplica,
  stopAll,
  waitForLinkUp,
  waitForOffsetsEqual,
  type Engine,
  type ReplNode,
} from '@resplica/testing';
import { RecordingCounters } from '../support/counters';
import { compareScript, pipelineBytes, type Script } from '../support/replies';
import { startRouter, type TestRouter } from '../support/router';
import { StaticRouting } from '../support/static-routing';

const BIG = 'v'.repeat(100 * 1024);
const BINARY = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x24, 0x2a]);

const WRITES: Script = [
  ['SET', 's1', 'hello'],
  ['SET', 's2', ''],
  ['SET', BINARY, BINARY],
  ['APPEND', 's1', ' world'],
  ['INCR', 'n'],
  ['INCRBY', 'n', '41'],
  ['INCRBYFLOAT', 'f', '1.5'],
  ['SETRANGE', 's3', '5', 'abc'],
  ['MSET', 'a', '1', 'b', '2', 'c', '3'],
  ['SET', 'big', BIG],
  ['GETSET', 's2', 'x'],
  ['SETNX', 's1', 'no'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'],
  ['LPUSH', 'l', 'z'],
  ['LINSERT', 'l', 'BEFORE', 'c', 'cc'],
  ['LSET', 'l', '0', 'zz'],
  ['LREM', 'l', '1', 'd'],
  ['RPOP', 'l'],
  ['HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'f3', '3'],
  ['HINCRBY', 'h', 'f3', '7'],
  ['HINCRBYFLOAT', 'h', 'f4', '2.25'],
  ['HDEL', 'h', 'f2'],
  // Integer members: an intset's order is its own, a hashtable's differs between two processes.
  ['SADD', 'st', '1', '2', '3', '4'],
  ['SREM', 'st', '4'],
  ['SADD', 'st2', '3', '4', '5'],
  ['ZADD', 'z', '1', 'one', '2', 'two', '3.5', 'three'],
  ['ZINCRBY', 'z', '2', 'one'],
  ['ZADD', 'z', '10', 'ten'],
  ['ZREM', 'z', 'ten'],
  ['SETBIT', 'bits', '7', '1'],
  ['SETBIT', 'bits', '100', '1'],
  ['SET', 'tmp', 'x'],
  ['EXPIRE', 'tmp', '1000'],
  ['PERSIST', 'tmp'],
  ['DEL', 'a'],
  ['UNLINK', 'b'],
  ['RENAME', 'c', 'c2'],
  ['NOSUCHCOMMAND', 'x'],
  ['SET', 'onlykey'],
  ['LPUSH', 's1', 'x'],
  ['ZADD', 'z', 'NX', 'XX', '1', 'm'],
];

const READS: Script = [
  ['GET', 's1'],
  ['GET', 's2'],
  ['GET', BINARY],
  ['GET', 'n'],
  ['GET', 'f'],
  ['GET', 's3'],
  ['MGET', 'a', 'b', 'c', 'c2', 'nokey'],
  ['GET', 'big'],
  ['STRLEN', 'big'],
  ['GETRANGE', 's1', '0', '3'],
  ['EXISTS', 's1', 'nokey', 's2'],
  ['TYPE', 'l'],
  ['TYPE', 'h'],
  ['TYPE', 'z'],
  ['TYPE', 'nokey'],
  ['LRANGE', 'l', '0', '-1'],
  ['LLEN', 'l'],
  ['LINDEX', 'l', '2'],
  ['LPOS', 'l', 'cc'],
  ['HGET', 'h', 'f1'],
  ['HGETALL', 'h'],
  ['HMGET', 'h', 'f1', 'nope', 'f3'],
  ['HLEN', 'h'],
  ['HEXISTS', 'h', 'f2'],
  ['HKEYS', 'h'],
  ['HVALS', 'h'],
  ['SMEMBERS', 'st'],
  ['SISMEMBER', 'st', '1'],
  ['SCARD', 'st'],
  ['SINTER', 'st', 'st2'],
  ['SUNION', 'st', 'st2'],
  ['SDIFF', 'st', 'st2'],
  ['SMISMEMBER', 'st', '1', '9'],
  ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  ['ZSCORE', 'z', 'one'],
  ['ZSCORE', 'z', 'nope'],
  ['ZRANK', 'z', 'three'],
  ['ZCARD', 'z'],
  ['ZRANGEBYSCORE', 'z', '2', '+inf', 'WITHSCORES'],
  ['ZREVRANGE', 'z', '0', '1'],
  ['ZMSCORE', 'z', 'one', 'nope'],
  ['ZCOUNT', 'z', '-inf', '+inf'],
  ['GETBIT', 'bits', '7'],
  ['BITCOUNT', 'bits'],
  ['BITPOS', 'bits', '1'],
  ['TTL', 'tmp'],
  ['PTTL', 'nokey'],
  ['DBSIZE'],
  ['GET', 'l'],
  ['LLEN', 's1'],
  ['OBJECT', 'ENCODING', 'l'],
  ['OBJECT', 'ENCODING', 'nokey'],
  ['SORT_RO', 'l', 'ALPHA'],
  ['ECHO', 'hi'],
  ['PING'],
  ['PING', 'msg'],
  ['GET'],
];

for (const engine of ['redis', 'ours'] as Engine[]) {
  describe(`the router is transparent (${engine} master + replica behind it, compared with a standalone ${engine} node)`, () => {
    let reference: ReplNode;
    let master: ReplNode;
    let replica: ReplNode;
    let router: TestRouter;
    const counters = new RecordingCounters();

    beforeAll(async () => {
      [reference, master] = await Promise.all([startMasterOf(engine), startMasterOf(engine)]);
      replica = engine === 'redis' ? await startRedisReplica(master.port) : await startReplica(master.port);
      await waitForLinkUp(replica.port);
      router = await startRouter(new StaticRouting(master.port, [replica.port]), [], { counters });
    });

    afterAll(async () => {
      await router?.close();
      await stopAll([reference, master, replica]);
    });

    for (const protocol of [2, 3] as const) {
      it(`gives the reference's exact reply bytes for every data type in RESP${protocol}`, async () => {
        const viaRouter = await RawClient.connect(router.port);
        const direct = await RawClient.connect(reference.port);
        try {
          expect((await viaRouter.call('FLUSHALL')).toString()).toBe('+OK\r\n');
          expect((await direct.call('FLUSHALL')).toString()).toBe('+OK\r\n');
          if (protocol === 3) {
            expect((await viaRouter.call('HELLO', '3'))[0]).toBe(0x25);
            expect((await direct.call('HELLO', '3'))[0]).toBe(0x25);
          }
          expect(await compareScript(viaRouter, direct, WRITES)).toEqual([]);
          await waitForOffsetsEqual(master.port, [replica.port]);
          const readsBefore = counters.count(replica.port, 'read');
          expect(await compareScript(viaRouter, direct, READS)).toEqual([]);
          // Every read in the script went to the replica (PING and ECHO are the router's own).
          const forwarded = READS.filter((cmd) => cmd[0] !== 'PING' && cmd[0] !== 'ECHO').length;
          expect(counters.count(replica.port, 'read') - readsBefore).toBe(forwarded);
        } finally {
          viaRouter.destroy();
          direct.destroy();
        }
      });
    }

    it('keeps the order of a pipeline of mixed reads and writes', async () => {
      const setup = await RawClient.connect(router.port);
      const direct = await RawClient.connect(reference.port);
      try {
        const seed: Script = [['FLUSHALL'], ...Array.from({ length: 50 }, (_, i) => ['SET', `r${i}`, `value-${i}`])];
        await pipelineBytes(setup, seed);
        await pipelineBytes(direct, seed);
        await waitForOffsetsEqual(master.port, [replica.port]);
        // Reads of seeded keys interleaved with writes of others: every reply is distinct and
        // deterministic, so a reordering anywhere shows.
        const script: Arg[][] = [];
        for (let i = 0; i < 500; i++) {
          script.push(['GET', `r${i % 50}`]);
          script.push(['INCR', `w${i % 7}`]);
          if (i % 5 === 0) script.push(['HSET', `h${i % 3}`, `f${i}`, `${i}`]);
          if (i % 9 === 0) script.push(['MGET', `r${i % 50}`, 'missing', `r${(i + 1) % 50}`]);
          if (i % 11 === 0) script.push(['PING', `p${i}`]);
        }
        const [ours, theirs] = await Promise.all([pipelineBytes(setup, script), pipelineBytes(direct, script)]);
        expect(Buffer.concat(ours).toString('latin1')).toBe(Buffer.concat(theirs).toString('latin1'));
      } finally {
        setup.destroy();
        direct.destroy();
      }
    });
  });
}
