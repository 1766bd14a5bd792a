/**
 * The server-family commands the engine owns: TIME, SHUTDOWN and COMMAND (the table introspection
 * itself lives in @resplica/commands). INFO, CONFIG, CLIENT, MONITOR and pub/sub are other files.
 *
 * Scope: SHUTDOWN's SAVE/NOSAVE are accepted and validated; persistence does not exist yet, so both
 * shut down without writing anything.
 */
import { commandCommand, ERR_SYNTAX } from '@resplica/commands';
import type { Client } from '../client';
import type { Node } from '../node';

/** TIME: seconds and microseconds as two bulk strings. */
function time(_node: Node, client: Client): void {
  const micros = BigInt(Math.round(performance.timeOrigin * 1000 + performance.now() * 1000));
  client.reply.arrayHeader(2);
  client.reply.bulk((micros / 1000000n).toString());
  client.reply.bulk((micros % 1000000n).toString());
}

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. No reply on success: the connection closes. */
function shutdown(node: Node, client: Client, argv: Buffer[]): void {
  let save = false;
  let nosave = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i].toString().toLowerCase();
    if (opt === 'save') save = true;
    else if (opt === 'nosave') nosave = true;
    else if (opt === 'abort') abort = true;
    else if (opt !== 'now' && opt !== 'force') {
      client.reply.error(ERR_SYNTAX);
      return;
    }
  }
  if ((save && nosave) || (abort && argv.length > 2)) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  if (abort) {
    client.reply.error('ERR No shutdown in progress.');
    return;
  }
  void node.shutdown(`SHUTDOWN by client ${client.id}`);
}

function command(_node: Node, client: Client, argv: Buffer[]): void {
  commandCommand(client.reply, argv);
}

export const serverHandlers = new Map([
  ['time', time],
  ['shutdown', shutdown],
  ['command', command],
]);
