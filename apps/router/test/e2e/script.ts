/*
 * The command script the same-replies test sends to the master directly and through a router, with
 * ioredis and with redis-cli: every data type we serve (strings, lists, hashes, sets, sorted sets,
 * bitmaps, generic key commands), other databases, transactions and error replies.
 *
 * The script is a list of groups, each sent in order on one connection. Reads through the router
 * go to replicas, which apply writes a moment after the master, so the runner waits for the
 * replicas to catch up after every group; within a group no read may follow a write (checked when
 * this module loads), except inside MULTI…EXEC, which runs on the master. Every reply is
 * deterministic: no random members, no relative TTLs (EXPIREAT/EXPIRETIME with a fixed future
 * time), set members read back only where their order is fixed (integer sets).
 *
 * Arguments are single tokens without spaces or quotes, so a line is both the argv (split on
 * spaces) and a redis-cli input line.
 */
import { lookupCommand } from '@resplica/commands';

const FAR_FUTURE = '4102444800'; // 2100-01-01, an absolute time both runs see the same

export const GROUPS: readonly (readonly string[])[] = [
  // strings
  [
    'SET s:a hello',
    'APPEND s:a -world',
    'SETRANGE s:a 0 J',
    'SETNX s:a other',
    'SET s:n 10',
    'INCR s:n',
    'INCRBY s:n 5',
    'DECRBY s:n 2',
    'INCRBYFLOAT s:f 1.5',
    'MSET s:m1 one s:m2 two',
    'MSETNX s:m1 x s:new y',
    'GETSET s:m2 deux',
    `SET s:ttl v EXAT ${FAR_FUTURE}`,
    'SET s:del gone',
    'GETDEL s:del',
  ],
  [
    'GET s:a',
    'STRLEN s:a',
    'GETRANGE s:a 0 4',
    'MGET s:m1 s:m2 s:missing s:del',
    'GET s:n',
    'GET s:f',
    'EXPIRETIME s:ttl',
    'TTL s:a',
    'EXISTS s:a s:m1 s:missing',
    'TYPE s:a',
    'LCS s:a s:m2',
  ],
  // lists
  [
    'RPUSH l:a a b c d',
    'LPUSH l:a z',
    'LINSERT l:a BEFORE c bb',
    'LSET l:a 0 zz',
    'LREM l:a 1 b',
    'RPOPLPUSH l:a l:b',
    'LMOVE l:a l:b LEFT RIGHT',
    'RPUSH l:c 1 2 3 4 5',
    'LTRIM l:c 1 3',
    'LPOP l:c',
    'RPOP l:c 1',
    'LPUSHX l:none x',
  ],
  ['LRANGE l:a 0 -1', 'LRANGE l:b 0 -1', 'LLEN l:a', 'LINDEX l:a 1', 'LPOS l:a c', 'LRANGE l:c 0 -1', 'TYPE l:a', 'EXISTS l:none'],
  // hashes
  ['HSET h:a f1 v1 f2 v2 f3 3', 'HSETNX h:a f1 x', 'HINCRBY h:a f3 4', 'HINCRBYFLOAT h:a f4 2.5', 'HDEL h:a f2 nofield', 'HMSET h:b x 1'],
  ['HGET h:a f1', 'HMGET h:a f1 f2 f3', 'HGETALL h:a', 'HLEN h:a', 'HEXISTS h:a f2', 'HKEYS h:a', 'HVALS h:a', 'HSTRLEN h:a f1', 'TYPE h:a'],
  // sets: integer members only where members are listed (their order is then fixed)
  ['SADD st:a 1 2 3 4 5', 'SADD st:b 4 5 6', 'SREM st:a 1', 'SMOVE st:a st:b 2', 'SINTERSTORE st:i st:a st:b', 'SADD st:s x y z'],
  [
    'SMEMBERS st:a',
    'SMEMBERS st:b',
    'SINTER st:a st:b',
    'SDIFF st:b st:a',
    'SMEMBERS st:i',
    'SCARD st:s',
    'SISMEMBER st:s y',
    'SMISMEMBER st:s x q',
    'SINTERCARD 2 st:a st:b',
    'TYPE st:s',
  ],
  // sorted sets
  ['ZADD z:a 1 a 2 b 3 c', 'ZINCRBY z:a 5 a', 'ZADD z:b 1 b 2 d', 'ZUNIONSTORE z:u 2 z:a z:b', 'ZREM z:a c', 'ZPOPMIN z:b'],
  [
    'ZRANGE z:a 0 -1 WITHSCORES',
    'ZSCORE z:a a',
    'ZRANK z:a b',
    'ZREVRANGE z:u 0 -1 WITHSCORES',
    'ZRANGEBYSCORE z:u 2 +inf',
    'ZCOUNT z:u -inf +inf',
    'ZCARD z:b',
    'ZMSCORE z:a a b nope',
    'TYPE z:a',
  ],
  // bitmaps
  ['SETBIT b:a 7 1', 'SETBIT b:a 100 1', 'SET b:x foobar', 'BITOP OR b:or b:x b:a', 'BITFIELD b:f SET u8 0 200 INCRBY u8 0 100'],
  ['GETBIT b:a 7', 'GETBIT b:a 8', 'BITCOUNT b:a', 'BITCOUNT b:x 1 1', 'BITPOS b:a 1', 'STRLEN b:or', 'BITCOUNT b:or'],
  // generic key commands
  ['COPY s:a k:copy', 'RENAME s:m1 k:renamed', 'RENAMENX s:m2 k:renamed', 'DEL s:m2 s:missing', `EXPIREAT k:copy ${FAR_FUTURE}`, 'UNLINK s:new'],
  ['EXISTS k:copy k:renamed s:m1', 'EXPIRETIME k:copy', 'TYPE k:renamed', 'KEYS k:re*', 'DBSIZE'],
  // another database
  ['SELECT 2', 'SET d:x in-db-2', 'SELECT 0'],
  ['SELECT 2', 'GET d:x', 'DBSIZE', 'SELECT 0', 'GET d:x'],
  // transactions on one connection (WATCH conflicts take two clients: see the runners)
  [
    'MULTI',
    'SET t:a 1',
    'INCR t:a',
    'GET t:a',
    'EXEC',
    'MULTI',
    'INCR t:a',
    'DISCARD',
    'WATCH t:a',
    'MULTI',
    'INCRBY t:a 10',
    'EXEC',
    'MULTI',
    'SET t:b x',
    'NOSUCHCOMMAND',
    'EXEC',
    'EXEC',
  ],
  ['GET t:a', 'EXISTS t:b'],
  // error replies, from the master and from a replica
  ['INCR s:a', 'LPUSH s:a x', 'SET onlykey', 'NOSUCHCOMMAND x y'],
  ['GET l:a', 'HGET h:a', 'LRANGE l:a x y'],
];

/** Names that touch no data: they never force a barrier. */
const NEUTRAL = new Set(['select', 'multi', 'exec', 'discard', 'watch']);

/** Throws when a group reads after a write outside MULTI…EXEC (it could see a stale replica). */
function checkGroups(groups: readonly (readonly string[])[]): void {
  for (const group of groups) {
    let wrote = false;
    let inMulti = false;
    for (const line of group) {
      const name = line.split(' ')[0].toLowerCase();
      if (name === 'multi') inMulti = true;
      if (name === 'exec' || name === 'discard') inMulti = false;
      if (inMulti || NEUTRAL.has(name)) continue;
      const readonly = lookupCommand(name)?.isReadonly ?? false;
      if (readonly && wrote) throw new Error(`script: '${line}' reads after a write in its group`);
      if (!readonly) wrote = true;
    }
  }
}

checkGroups(GROUPS);

/** What a script runner is given besides the script: where to connect, and two waits. */
export interface RunContext {
  /** The master's port, or a router's. */
  readonly port: number;
  /** Waits until every replica applied everything the master wrote. */
  barrier(): Promise<void>;
  /** Waits until a client is blocked on the master (a blocking pop has reached it). */
  blockedOnMaster(): Promise<void>;
}

/** How long a runner waits for pub/sub messages before recording what arrived. */
export const MESSAGE_WAIT_MS = 3000;
