/**
 * The keyspace's handlers by lower-case command name, for the server's dispatcher. Container
 * commands (OBJECT, MEMORY) are registered once and switch on their subcommand themselves.
 */
import type { Handler } from '../context';
import { copyCommand, dbsizeCommand, delCommand, existsCommand, flushallCommand, flushdbCommand, keysCommand, moveCommand, randomkeyCommand, renameCommand, renamenxCommand, scanCommand, swapdbCommand, touchCommand, typeCommand } from './keys';
import { dumpCommand, restoreCommand } from './dump';
import { expireCommand, expireatCommand, expiretimeCommand, persistCommand, pexpireCommand, pexpireatCommand, pexpiretimeCommand, pttlCommand, ttlCommand } from './expire';
import { bitmapHandlers } from './bitmaps';
import { hashHandlers } from './hashes';
import { lcsHandlers } from './lcs';
import { listHandlers } from './lists-handlers';
import { setHandlers } from './sets';
import { sortHandlers } from './sort';
import { memoryCommand, objectCommand } from './object';
import { getCommand, getdelCommand, getexCommand, getsetCommand, mgetCommand, msetCommand, msetnxCommand, psetexCommand, setCommand, setexCommand, setnxCommand } from './strings';
import { decrCommand, decrbyCommand, incrCommand, incrbyCommand, incrbyfloatCommand } from './strings-counters';
import { appendCommand, getrangeCommand, setrangeCommand, strlenCommand } from './strings-ranges';
import { zsetHandlers } from './zsets';
import { zsetBlockingHandlers } from './zsets-blocking';
import { zsetSetopHandlers } from './zsets-setops';

const entries: (readonly [string, Handler])[] = [
  ...bitmapHandlers,
  ...lcsHandlers,
  ...sortHandlers,
  ...hashHandlers,
  ...zsetHandlers,
  ...zsetSetopHandlers,
  ...zsetBlockingHandlers,
  ...listHandlers,
  ...setHandlers,
  ['get', getCommand],
  ['set', setCommand],
  ['setnx', setnxCommand],
  ['setex', setexCommand],
  ['psetex', psetexCommand],
  ['mget', mgetCommand],
  ['mset', msetCommand],
  ['msetnx', msetnxCommand],
  ['getset', getsetCommand],
  ['getdel', getdelCommand],
  ['getex', getexCommand],
  ['append', appendCommand],
  ['strlen', strlenCommand],
  ['incr', incrCommand],
  ['decr', decrCommand],
  ['incrby', incrbyCommand],
  ['decrby', decrbyCommand],
  ['incrbyfloat', incrbyfloatCommand],
  ['getrange', getrangeCommand],
  ['substr', getrangeCommand],
  ['setrange', setrangeCommand],
  ['del', delCommand],
  ['unlink', delCommand],
  ['exists', existsCommand],
  ['touch', touchCommand],
  ['type', typeCommand],
  ['rename', renameCommand],
  ['renamenx', renamenxCommand],
  ['keys', keysCommand],
  ['scan', scanCommand],
  ['randomkey', randomkeyCommand],
  ['dbsize', dbsizeCommand],
  ['flushdb', flushdbCommand],
  ['flushall', flushallCommand],
  ['swapdb', swapdbCommand],
  ['move', moveCommand],
  ['copy', copyCommand],
  ['dump', dumpCommand],
  ['restore', restoreCommand],
  ['object', objectCommand],
  ['memory', memoryCommand],
  ['expire', expireCommand],
  ['pexpire', pexpireCommand],
  ['expireat', expireatCommand],
  ['pexpireat', pexpireatCommand],
  ['ttl', ttlCommand],
  ['pttl', pttlCommand],
  ['expiretime', expiretimeCommand],
  ['pexpiretime', pexpiretimeCommand],
  ['persist', persistCommand],
];

export const keyspaceHandlers: ReadonlyMap<string, Handler> = new Map(entries);
