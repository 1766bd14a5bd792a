export type { Reply, DeferredLength } from './reply';
export type { CommandSpec, CommandFlag } from './types';
export * from './errors';
export { stringMatch } from './glob';
export { addLongLong, parseLongLong, parseInt64, parseSafeInteger, parseDouble, ArgCursor, argIs } from './args';
export type { KeySpec, KeySpecFlag, KeySpecBegin, KeySpecFind, AclCategory } from './types';
export type { CommandEntry } from './table/entry';
export { FLAG_ORDER, ACL_ORDER } from './table/entry';
export { COMMAND_TABLE } from './table';
export {
  lookupCommand,
  lookupSubcommand,
  lookupCommandByFullName,
  allCommands,
  hasFlag,
  getKeys,
} from './lookup';
export { commandCommand, writeCommandInfo, writeHelp, arityAccepts } from './command-command';
