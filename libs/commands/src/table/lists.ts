/*
 * The list commands (Redis group `list`), blocking ones included. Written from the documented
 * semantics and checked against a real redis-server 7.0 by test/conformance.spec.ts (arity, flags,
 * legacy key positions, ACL categories, key specs). Every entry names @list itself: the group map in
 * entry.ts has no list category.
 */
import type { AclCategory, CommandSpec, KeySpec } from '../types';
import { keyNumKeys, rangeKeys } from './keyspec';

const G = 'list';
const LIST: readonly AclCategory[] = ['list'];
const POP_KEY = rangeKeys(['RW', 'access', 'delete']);
/** LMOVE-like: the source is popped, the destination pushed. */
const MOVE_KEYS: readonly KeySpec[] = [POP_KEY, rangeKeys(['RW', 'insert'], 2)];

export const LIST_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Prepends elements to a list, creating it if needed.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Appends elements to a list, creating it if needed.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Prepends elements to a list only when the list exists.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Appends elements to a list only when the list exists.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'lpop', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Removes and returns the first element(s) of a list.',
    aclCategories: LIST, keySpecs: [POP_KEY],
  },
  {
    name: 'rpop', arity: -2, flags: ['write', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Removes and returns the last element(s) of a list.',
    aclCategories: LIST, keySpecs: [POP_KEY],
  },
  {
    name: 'llen', arity: 2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the number of elements of a list.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RO'])],
  },
  {
    name: 'lrange', arity: 4, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns a range of elements of a list by index.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'lindex', arity: 3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Returns the element of a list at an index.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'lset', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Replaces the element of a list at an index.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'update'])],
  },
  {
    name: 'lrem', arity: 4, flags: ['write'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Removes occurrences of an element from a list.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'ltrim', arity: 4, flags: ['write'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '1.0.0', summary: 'Keeps only a range of elements of a list.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'delete'])],
  },
  {
    name: 'linsert', arity: 5, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '2.2.0', summary: 'Inserts an element before or after a pivot element of a list.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'insert'])],
  },
  {
    name: 'lpos', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: G, since: '6.0.6', summary: 'Returns the indexes of matching elements of a list.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RO', 'access'])],
  },
  {
    name: 'lmove', arity: 5, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '6.2.0', summary: 'Pops an element from one end of a list and pushes it onto an end of another.',
    aclCategories: LIST, keySpecs: MOVE_KEYS,
  },
  {
    name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '1.2.0', summary: 'Pops the last element of a list and prepends it to another (deprecated: LMOVE).',
    aclCategories: LIST, keySpecs: MOVE_KEYS,
  },
  {
    name: 'lmpop', arity: -4, flags: ['write', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'Pops elements from the first non-empty of several lists.',
    aclCategories: LIST, keySpecs: [keyNumKeys(['RW', 'access', 'delete'], 1)],
  },
  {
    name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], firstKey: 1, lastKey: -2, step: 1,
    group: G, since: '2.0.0', summary: 'Pops the first element of the first non-empty list, waiting for one if none.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'access', 'delete'], 1, -2)],
  },
  {
    name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], firstKey: 1, lastKey: -2, step: 1,
    group: G, since: '2.0.0', summary: 'Pops the last element of the first non-empty list, waiting for one if none.',
    aclCategories: LIST, keySpecs: [rangeKeys(['RW', 'access', 'delete'], 1, -2)],
  },
  {
    name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '6.2.0', summary: 'As LMOVE, waiting until the source has an element if it has none.',
    aclCategories: LIST, keySpecs: MOVE_KEYS,
  },
  {
    name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], firstKey: 1, lastKey: 2, step: 1,
    group: G, since: '2.2.0', summary: 'As RPOPLPUSH, waiting until the source has an element (deprecated: BLMOVE).',
    aclCategories: LIST, keySpecs: MOVE_KEYS,
  },
  {
    name: 'blmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0,
    group: G, since: '7.0.0', summary: 'As LMPOP, waiting until one of the lists has an element if none has.',
    aclCategories: LIST, keySpecs: [keyNumKeys(['RW', 'access', 'delete'], 2)],
  },
];
