/*
 * The whole command table of this milestone: the group files concatenated in a fixed order (the
 * order COMMAND, COMMAND INFO and COMMAND LIST reply in). Adding a group means adding its file here.
 */
import type { CommandSpec } from '../types';
import { BITMAP_COMMANDS } from './bitmaps';
import { CONNECTION_COMMANDS } from './connection';
import { GENERIC_COMMANDS } from './generic';
import { HASH_COMMANDS } from './hashes';
import { LIST_COMMANDS } from './lists';
import { PUBSUB_COMMANDS } from './pubsub';
import { SERVER_COMMANDS } from './server';
import { SET_COMMANDS } from './sets';
import { SORTED_SET_COMMANDS } from './sortedsets';
import { STRING_COMMANDS } from './strings';
import { TRANSACTION_COMMANDS } from './transactions';

export const COMMAND_TABLE: readonly CommandSpec[] = [
  ...STRING_COMMANDS,
  ...BITMAP_COMMANDS,
  ...GENERIC_COMMANDS,
  ...SERVER_COMMANDS,
  ...CONNECTION_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...PUBSUB_COMMANDS,
  ...HASH_COMMANDS,
  ...LIST_COMMANDS,
  ...SORTED_SET_COMMANDS,
  ...SET_COMMANDS,
];
