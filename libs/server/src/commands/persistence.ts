/**
 * SAVE, BGSAVE [SCHEDULE] and LASTSAVE, with Redis 7.0's replies. The work itself is the node's
 * Persistence (persistence/persistence.ts); these handlers only check arguments and pick replies.
 *
 * We never fork, so "another child process" never exists: BGSAVE is scheduled only when it runs
 * inside EXEC (7.0 then schedules it too, so a snapshot never shows half a transaction).
 */
import { ERR_SYNTAX } from '@resplica/commands';
import type { Client } from '../client';
import type { Node } from '../node';

const ERR_BGSAVE_IN_PROGRESS = 'ERR Background save already in progress';
/** 7.0's shared.err: a bare ERR (the reason is in the log). */
const ERR_BARE = 'ERR';

/** SAVE: the whole snapshot is written before the reply, blocking every client meanwhile (as 7.0). */
function save(node: Node, client: Client): void {
  if (node.persistence.bgsaveInProgress) {
    client.reply.error(ERR_BGSAVE_IN_PROGRESS);
    return;
  }
  if (node.persistence.saveCommand()) client.reply.ok();
  else client.reply.error(ERR_BARE);
}

/** BGSAVE [SCHEDULE] */
function bgsave(node: Node, client: Client, argv: Buffer[]): void {
  if (argv.length > 1 && !(argv.length === 2 && argv[1].toString().toLowerCase() === 'schedule')) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  switch (node.persistence.bgsaveCommand(node.insideExec)) {
    case 'in-progress':
      client.reply.error(ERR_BGSAVE_IN_PROGRESS);
      return;
    case 'scheduled':
      client.reply.status('Background saving scheduled');
      return;
    case 'started':
      client.reply.status('Background saving started');
      return;
  }
}

/** LASTSAVE: unix time of the last successful save (the start time until the first). */
function lastsave(node: Node, client: Client): void {
  client.reply.integer(node.persistence.lastSaveSec);
}

export const persistenceHandlers = new Map([
  ['save', save],
  ['bgsave', bgsave],
  ['lastsave', lastsave],
]);
