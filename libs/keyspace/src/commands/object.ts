/**
 * Introspection: OBJECT ENCODING|REFCOUNT|IDLETIME|FREQ|HELP and MEMORY USAGE|HELP. The server
 * checks the subcommand arity from the table; these handlers get the full argv.
 *
 * Not supported: per-key access clocks. Keeping one would cost memory on every key, so IDLETIME
 * reports 0 and FREQ (with an LFU policy) reports 0. MEMORY USAGE estimates what Redis 7.0 would
 * report for the same key with jemalloc's size classes (dict entry, key sds, object header, value).
 * The HELP texts are our own wording in Redis's layout.
 */
import { ERR_NOT_INTEGER, ERR_SYNTAX, argIs, parseLongLong } from '@resplica/commands';
import type { CommandContext } from '../context';
import { ERR_LFU_OFF, ERR_LFU_ON, unknownSubcommand } from '../errors';
import { encodingOf, isString, keyOf, type Value } from '../values';
import { jemallocSize } from '../types/allocation';

/** Redis shares the integer objects 0..9999, whose refcount reads as INT_MAX. */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;

const OBJECT_HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the internal representation used to store the value of <key>.',
  'FREQ <key>',
  '    Return the access frequency index of <key> (needs an LFU maxmemory-policy).',
  'HELP',
  '    Print this help.',
  'IDLETIME <key>',
  '    Return the idle time of <key>, in seconds.',
  'REFCOUNT <key>',
  '    Return the number of references to the value of <key>.',
];

const MEMORY_HELP = [
  'MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'USAGE <key> [SAMPLES <count>]',
  '    Return the memory used by <key> and its value, in bytes.',
  'HELP',
  '    Print this help.',
];

function help(ctx: CommandContext, lines: readonly string[]): void {
  ctx.reply.arrayHeader(lines.length);
  for (const l of lines) ctx.reply.status(l);
}

export function objectCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sub = argv[1];
  if (argIs(sub, 'help')) return help(ctx, OBJECT_HELP);
  const isEncoding = argIs(sub, 'encoding');
  const isRefcount = argIs(sub, 'refcount');
  const isIdle = argIs(sub, 'idletime');
  const isFreq = argIs(sub, 'freq');
  if (!(isEncoding || isRefcount || isIdle || isFreq) || argv.length !== 3) {
    return ctx.reply.error(unknownSubcommand(sub, 'OBJECT'));
  }
  // Quiet lookup: OBJECT emits no `keymiss` event, as Redis's LOOKUP_NONOTIFY.
  const v = ctx.db.lookupRead(keyOf(argv[2]), ctx.now, true);
  if (v === undefined) return ctx.reply.bulk(null);
  if (isEncoding) return ctx.reply.bulk(encodingOf(v));
  if (isRefcount) return ctx.reply.integer(isSharedInteger(v) ? SHARED_REFCOUNT : 1);
  if (isIdle) return ctx.keyspace.lfuPolicy ? ctx.reply.error(ERR_LFU_ON) : ctx.reply.integer(0);
  return ctx.keyspace.lfuPolicy ? ctx.reply.integer(0) : ctx.reply.error(ERR_LFU_OFF);
}

function isSharedInteger(v: Value): boolean {
  if (!isString(v) || encodingOf(v) !== 'int') return false;
  const n = parseLongLong(v);
  return typeof n === 'number' && n >= 0 && n < SHARED_INTEGERS;
}

/** The sds header size Redis picks for a string of `len` bytes. */
function sdsHeader(len: number): number {
  if (len < 256) return 3;
  if (len < 65536) return 5;
  return len < 4294967296 ? 9 : 17;
}

/** Redis's per-key cost outside the value: its dict entry and the key's sds. */
function keyOverhead(keyLength: number): number {
  const DICT_ENTRY = 24;
  return DICT_ENTRY + jemallocSize(keyLength + 2);
}

/** MEMORY USAGE of a string key as Redis 7.0 computes it (see the file comment). */
export function stringUsage(keyLength: number, v: Buffer): number {
  const ROBJ = 16;
  const encoding = encodingOf(v);
  let valuePart: number;
  if (encoding === 'int') valuePart = ROBJ;
  else if (encoding === 'embstr') valuePart = jemallocSize(ROBJ + 3 + v.length + 1);
  else valuePart = ROBJ + jemallocSize(sdsHeader(v.length) + v.length + 1);
  return keyOverhead(keyLength) + valuePart;
}

export function memoryCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sub = argv[1];
  if (argIs(sub, 'help')) return help(ctx, MEMORY_HELP);
  if (!argIs(sub, 'usage') || argv.length < 3) return ctx.reply.error(unknownSubcommand(sub, 'MEMORY'));
  // Redis samples 5 elements of a collection by default; 0 means all of them.
  let samples = 5;
  for (let i = 3; i < argv.length; i++) {
    if (argIs(argv[i], 'samples') && i + 1 < argv.length) {
      const n = parseLongLong(argv[++i]);
      if (n === null) return ctx.reply.error(ERR_NOT_INTEGER);
      samples = Number(n);
    } else {
      return ctx.reply.error(ERR_SYNTAX);
    }
  }
  const v = ctx.db.lookupRead(keyOf(argv[2]), ctx.now, true);
  if (v === undefined) return ctx.reply.bulk(null);
  ctx.reply.integer(isString(v) ? stringUsage(argv[2].length, v) : keyOverhead(argv[2].length) + v.memoryUsage(samples));
}
