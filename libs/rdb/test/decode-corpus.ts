/**
 * Test helper: a few valid files that together hold every opcode, type id and inner encoding the
 * decoder reads — the seeds that fuzz tests mutate and truncate.
 */
import { TYPE } from '../src/constants';
import {
  cat,
  int16,
  int32,
  int8,
  intset,
  len,
  listpack,
  lp,
  lzfLiterals,
  lzfStr,
  op,
  rdbFile,
  record,
  str,
  ziplist,
  zipmap,
  zl,
} from './decode-fixtures';

function f64(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
}

/** A stream id: ms and seq as u64 big-endian. */
const STREAM_ID = Buffer.from('0000018bcfe568000000000000000001', 'hex');

/** Stream body (type 19): one node, one group, one pending entry, one consumer. */
const STREAM = cat(
  len(1), str(STREAM_ID),
  str(listpack([lp.uint7(1), lp.uint7(0), lp.uint7(1), lp.str6('f'), lp.uint7(0), lp.uint7(2), lp.uint7(0), lp.uint7(0), lp.str6('v'), lp.uint7(4)])),
  len(1), len(1700000000000), len(0), len(1700000000000), len(0), len(0), len(0), len(1),
  len(1), str('g'), len(1700000000000), len(0), len(1),
  len(1), STREAM_ID, Buffer.alloc(8), len(1),
  len(1), str('c'), Buffer.alloc(8), len(1), STREAM_ID,
);

export function corpus(): Buffer[] {
  const lpBlob = listpack([lp.str6('field'), lp.int16(1000), lp.str12('x'.repeat(70)), lp.int64(2n ** 40n)]);
  const zsetBlob = listpack([lp.str6('m'), lp.str6('2.5'), lp.str6('n'), lp.uint7(3)]);
  return [
    rdbFile([
      op.aux(str('redis-ver'), str('7.0.15')),
      op.aux(str('redis-bits'), int8(64)),
      op.selectDb(0),
      op.resizeDb(4, 1),
      record(TYPE.string, 'plain', str('value')),
      op.expireMs(1700000000000),
      record(TYPE.string, 'int', int32(-123456)),
      record(TYPE.string, 'lzf', lzfStr([0x01, 0x61, 0x61, 0xe0, 0x11, 0x00, 0x01, 0x61, 0x61], 30)),
      record(TYPE.list, 'oldlist', cat(len(2), str('a'), int16(300))),
      record(TYPE.set, 'set', cat(len(2), str('m1'), str('m2'))),
      record(TYPE.zset, 'oldzset', cat(len(2), str('a'), [3], '1.5', str('b'), [254])),
      record(TYPE.hash, 'hash', cat(len(1), str('f'), str('v'))),
      record(TYPE.zset2, 'zset', cat(len(2), str('a'), f64(1), str('b'), f64(-Infinity))),
    ]),
    rdbFile([
      op.selectDb(3),
      record(TYPE.hashListpack, 'hlp', str(lpBlob)),
      record(TYPE.zsetListpack, 'zlp', lzfStr(lzfLiterals(zsetBlob), zsetBlob.length)),
      record(TYPE.listQuicklist2, 'ql', cat(len(2), len(2), str(listpack([lp.uint7(1), lp.str6('two')])), len(1), str('plain node'))),
      record(TYPE.setIntset, 'is', str(intset(4, [-70000, 5, 70000]))),
      op.freq(5),
      op.idle(100),
      record(TYPE.hashZipmap, 'zm', str(zipmap([['f', 'v'], ['g', 'w']], { free: 1 }))),
      record(TYPE.listZiplist, 'zll', str(ziplist([zl.str6('a'), zl.int24(-5), zl.imm(7), zl.str14('y'.repeat(260)), zl.int8(1)]))),
      record(TYPE.zsetZiplist, 'zlz', str(ziplist([zl.str6('a'), zl.str6('1.25'), zl.str6('b'), zl.int32(9)]))),
      record(TYPE.hashZiplist, 'zlh', str(ziplist([zl.str6('f'), zl.int64(-(2n ** 50n))]))),
      record(TYPE.listQuicklist, 'ql1', cat(len(1), str(ziplist([zl.str6('node')])))),
      record(TYPE.streamListpacks2, 'stream', STREAM),
      cat([0xf5], str('#!lua name=lib\nreturn 1')),
      op.expireSeconds(1700000000),
      record(TYPE.module2, 'mod', cat(len(1234567), len(2), len(7), len(5), str('s'), len(4), f64(2), len(0))),
    ]),
    rdbFile([record(TYPE.string, 'old', str('v')), op.expireSeconds(1)], { version: 3 }),
  ];
}
