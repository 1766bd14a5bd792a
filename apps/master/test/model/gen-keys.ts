/*
 * Generators for the string family and the generic key commands (DEL, RENAME, COPY, MOVE, SELECT,
 * SWAPDB, the EXPIRE family, SORT). Relative TTLs are far (about a day) so nothing expires during
 * a run; GT/LT are only combined with absolute deadlines, whose comparison cannot depend on the
 * millisecond at which each server ran the command.
 */
import fc from 'fast-check';
import type { Arg } from '@resplica/testing';
import { Command, APPROX_MS, APPROX_S, checked, cmd, optional, options, SHAPE, UNORDERED } from './steps';
import {
  count,
  DBS,
  FAR_MS,
  FAR_S,
  FAR_TTL_MS,
  FAR_TTL_S,
  floatIncrement,
  increment,
  index,
  key,
  keys,
  value,
} from './vocabulary';

const db = fc.constantFrom(...DBS);
const nxXx = fc.constantFrom(['NX'], ['XX']);
const setExpiry = fc.constantFrom(['EX', FAR_TTL_S], ['PX', FAR_TTL_MS], ['EXAT', FAR_S], ['PXAT', FAR_MS], ['KEEPTTL'], ['EX', '0']);

export const stringCommands: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: cmd('SET', key, value, options(nxXx, fc.constant(['GET']), setExpiry)) },
  { weight: 4, arbitrary: cmd('GET', key) },
  cmd('SETNX', key, value),
  cmd('GETSET', key, value),
  cmd('MSET', key, value, optional(key, value)),
  cmd('MSETNX', key, value, optional(key, value)),
  cmd('MGET', keys),
  cmd('APPEND', key, value),
  cmd('STRLEN', key),
  { weight: 2, arbitrary: cmd(fc.constantFrom('INCR', 'DECR'), key) },
  { weight: 2, arbitrary: cmd(fc.constantFrom('INCRBY', 'DECRBY'), key, increment) },
  cmd('INCRBYFLOAT', key, floatIncrement),
  cmd('GETRANGE', key, index, index),
  cmd('SETRANGE', key, fc.constantFrom('0', '1', '5', '20', '-1'), value),
  cmd('GETDEL', key),
  cmd('GETEX', key, optional(fc.constantFrom(['PERSIST'], ['EX', FAR_TTL_S], ['PXAT', FAR_MS], ['EX', '-1']))),
);

/** TTLs for EXPIRE/PEXPIRE: far, zero or negative (which delete at once), or junk. */
const relativeTtl = fc.constantFrom(FAR_TTL_S, '200000', '0', '-5', 'x');
const relativeTtlMs = fc.constantFrom(FAR_TTL_MS, '200000000', '0', '-5');
/** Absolute deadlines: far future (two distinct ones, for GT/LT), the past (deletes), junk. */
const deadlineS = fc.constantFrom(FAR_S, '4102444999', '1', 'x');
const deadlineMs = fc.constantFrom(FAR_MS, '4102444999000', '1');

const sortOptions = options(
  fc.tuple(index, count).map(([offset, n]) => ['LIMIT', offset, n]),
  fc.constantFrom(['ASC'], ['DESC']),
  fc.constant(['ALPHA']),
  fc.constant(['GET', '#']),
);

/**
 * SORT options that always include ALPHA, for sequences that also parse scores. Redis 7.0's numeric
 * SORT tests `errno == ERANGE` after strtod without clearing errno first, so it fails with "One or
 * more scores can't be converted into double" whenever an earlier command left ERANGE behind (a
 * ZADD of 5e-324 or 1e400, a score bound like (1e-310) until some later command happens to reset
 * errno: its reply depends on C library state, not on the data, and cannot be modelled.
 */
const alphaSortOptions = sortOptions.map((opts) => (opts.includes('ALPHA') ? opts : [...opts, 'ALPHA']));

function keyCommandsSorting(sort: fc.Arbitrary<Arg[]>): fc.Arbitrary<Command> {
  return fc.oneof(
    { weight: 3, arbitrary: cmd(fc.constantFrom('DEL', 'UNLINK'), keys) },
    cmd(fc.constantFrom('EXISTS', 'TOUCH'), keys),
    { weight: 2, arbitrary: cmd('TYPE', key) },
    { weight: 2, arbitrary: cmd('OBJECT', 'ENCODING', key) },
    { weight: 2, arbitrary: cmd(fc.constantFrom('RENAME', 'RENAMENX'), key, key) },
    { weight: 2, arbitrary: cmd('COPY', key, key, options(db.map((d): Arg[] => ['DB', d]), fc.constant(['REPLACE']))) },
    cmd('MOVE', key, db),
    cmd('SELECT', db),
    cmd('SWAPDB', db, db),
    cmd('DBSIZE'),
    checked(UNORDERED, 'KEYS', fc.constantFrom('*', 'k*', 'k[1-3]', '?2', 'k\\*')),
    checked(SHAPE, 'RANDOMKEY'),
    { weight: 2, arbitrary: cmd('EXPIRE', key, relativeTtl, optional(nxXx)) },
    cmd('PEXPIRE', key, relativeTtlMs, optional(nxXx)),
    cmd('EXPIREAT', key, deadlineS, optional(fc.constantFrom('NX', 'XX', 'GT', 'LT'))),
    cmd('PEXPIREAT', key, deadlineMs, optional(fc.constantFrom('NX', 'XX', 'GT', 'LT'))),
    cmd('PERSIST', key),
    checked(APPROX_S, fc.constantFrom('TTL', 'EXPIRETIME'), key),
    checked(APPROX_MS, fc.constantFrom('PTTL', 'PEXPIRETIME'), key),
    cmd('SORT', key, sort, optional('STORE', key)),
    cmd('SORT_RO', key, sort),
  );
}

/** The generic key commands, SORT numeric or ALPHA: for sequences that parse no scores. */
export const keyCommands: fc.Arbitrary<Command> = keyCommandsSorting(sortOptions);

/** The generic key commands with SORT always ALPHA: for sequences with sorted-set scores. */
export const keyCommandsAlphaSort: fc.Arbitrary<Command> = keyCommandsSorting(alphaSortOptions);
