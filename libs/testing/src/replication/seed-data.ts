/*
 * A dataset with every data type in each of its Redis 7.0 encodings, written in several databases
 * before a full sync, so the snapshot a master sends carries each RDB value type and our replica
 * (or a real one) has to load each: strings as int, embstr and raw (binary included); lists as
 * quicklists of one and of many nodes; hashes, sorted sets as listpacks and as hash tables /
 * skip lists; sets as intsets and hash tables; long TTLs on some keys, binary key names. Every key
 * is built by growth only, so a loaded copy has the same OBJECT ENCODING as the original.
 */
import { Arg } from '../resp-frame';
import { RawClient } from '../raw-client';
import { pipelineCalls } from './pipeline';

/** The commands writing the sample keys of one database; `tag` keeps values apart between dbs. */
function sampleCommands(tag: string): Arg[][] {
  const range = (n: number): number[] => Array.from({ length: n }, (_v, i) => i);
  const binaryKey = Buffer.concat([Buffer.from(`bin:${tag}:`), Buffer.from([0, 13, 10, 0xfe])]);
  return [
    ['SET', `str:int:${tag}`, '1234567890'],
    ['SET', `str:neg:${tag}`, '-42'],
    ['SET', `str:embstr:${tag}`, `short ${tag}`],
    ['SET', `str:raw:${tag}`, `raw-${tag}-`.repeat(20)],
    ['SET', binaryKey, Buffer.from([0, 1, 2, 13, 10, 0xff, 0x80])],
    ['SET', `str:ttl:${tag}`, 'expires in an hour', 'EX', '3600'],
    ['SET', `str:big:${tag}`, 'x'.repeat(20000)],
    ['RPUSH', `list:small:${tag}`, 'a', 'b', '3', Buffer.from([0, 10])],
    ['RPUSH', `list:big:${tag}`, ...range(3000).map((i) => `element-${i}-${tag}`)],
    ['RPUSH', `list:ttl:${tag}`, 'x', 'y'],
    ['PEXPIRE', `list:ttl:${tag}`, '7200000'],
    ['HSET', `hash:listpack:${tag}`, 'f1', 'v1', 'f2', '2', 'f3', Buffer.from([0xff, 0])],
    ['HSET', `hash:table:${tag}`, ...range(300).flatMap((i) => [`field${i}`, `value${i}`])],
    ['HSET', `hash:longvalue:${tag}`, 'f', 'v'.repeat(100)],
    ['SADD', `set:intset:${tag}`, '1', '2', '3', '-100', '9223372036854775807'],
    ['SADD', `set:bigintset:${tag}`, ...range(400).map((i) => String(i * 7))],
    ['SADD', `set:table:${tag}`, 'apple', 'banana', 'cherry'],
    ['SADD', `set:bigtable:${tag}`, ...range(600).map((i) => String(i))],
    ['ZADD', `zset:listpack:${tag}`, '1', 'one', '2.5', 'two-and-a-half', '-3', 'minus', 'inf', 'top'],
    ['ZADD', `zset:skiplist:${tag}`, ...range(200).flatMap((i) => [String(i / 2), `member${i}`])],
    ['ZADD', `zset:ttl:${tag}`, '0', 'a', '0', 'b'],
    ['EXPIRE', `zset:ttl:${tag}`, '5000'],
  ];
}

/** Keys sampleCommands writes per database. */
export const SAMPLE_KEYS_PER_DB = 20;

/** Writes the sample keys into each of `dbs` (leaves the client in the last of them). */
export async function writeEncodingSamples(client: RawClient, dbs: readonly number[]): Promise<void> {
  for (const db of dbs) {
    const replies = await pipelineCalls(client, [['SELECT', String(db)], ...sampleCommands(`db${db}`)]);
    const failed = replies.find((reply) => reply[0] === 0x2d);
    if (failed) throw new Error(`writing samples in db ${db}: ${failed.toString('latin1')}`);
  }
}
