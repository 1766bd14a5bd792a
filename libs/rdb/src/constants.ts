/** Opcodes and value type ids of the RDB format (../shared/spec/replication.md §8.2, §8.6). */

/** The version 7.0 writes and the highest it reads. */
export const RDB_VERSION = 10;

export const OPCODE = {
  function2: 0xf5,
  functionRc: 0xf6,
  moduleAux: 0xf7,
  idle: 0xf8,
  freq: 0xf9,
  aux: 0xfa,
  resizeDb: 0xfb,
  expireTimeMs: 0xfc,
  expireTime: 0xfd,
  selectDb: 0xfe,
  eof: 0xff,
} as const;

export const TYPE = {
  string: 0,
  list: 1,
  set: 2,
  zset: 3,
  hash: 4,
  zset2: 5,
  module: 6,
  module2: 7,
  hashZipmap: 9,
  listZiplist: 10,
  setIntset: 11,
  zsetZiplist: 12,
  hashZiplist: 13,
  listQuicklist: 14,
  streamListpacks: 15,
  hashListpack: 16,
  zsetListpack: 17,
  listQuicklist2: 18,
  streamListpacks2: 19,
} as const;

/** QUICKLIST_2 node containers. */
export const QUICKLIST_NODE = { plain: 1, packed: 2 } as const;
