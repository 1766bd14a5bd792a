/**
 * Every list command handler (lists.ts: pushes, reads, edits; lists-pop.ts: pops, moves, blocking),
 * as one table for the keyspace registry.
 */
import type { Handler } from '../context';
import { listEditHandlers } from './lists';
import { listPopHandlers } from './lists-pop';

export const listHandlers: readonly (readonly [string, Handler])[] = [...listEditHandlers, ...listPopHandlers];
