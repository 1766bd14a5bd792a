/**
 * The server-family commands the engine owns: TIME, SHUTDOWN and COMMAND (the table introspection
 * itself lives in @resplica/commands). INFO, CONFIG, CLIENT, MONITOR, pub/sub and SAVE/BGSAVE are
 * other files.
 *
 * SHUTDOWN saves as 7.0's finishShutdown does (persistence/persistence.ts: `finalSave`). NOW has
 * nothing to skip yet (no replicas to wait for), so it is accepted and changes nothing.
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

const ERR_SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.';

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. No reply on success: the connection closes. When
 * the final save fails (and FORCE was not given) the node keeps running and the client gets an
 * error.
 */
function shutdown(node: Node, client: Client, argv: Buffer[]): void {
  let save = false;
  let nosave = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < argv.length; i++) {
    const opt = argv[i].toString().toLowerCase();
    if (opt === 'save') save = true;
    else if (opt === 'nosave') nosave = true;
    else if (opt === 'now') now = true;
    else if (opt === 'force') force = true;
    else if (opt === 'abort') abort = true;
    else {
      client.reply.error(ERR_SYNTAX);
      return;
    }
  }
  if ((abort && (save || nosave || now || force)) || (save && nosave)) {
    client.reply.error(ERR_SYNTAX);
    return;
  }
  if (abort) {
    client.reply.error('ERR No shutdown in progress.');
    return;
  }
  if (!node.shutdownWithSave(`SHUTDOWN by client ${client.id}`, { save, nosave, force })) client.reply.error(ERR_SHUTDOWN_FAILED);
}

function command(_node: Node, client: Client, argv: Buffer[]): void {
  commandCommand(client.reply, argv);
}

export const serverHandlers = new Map([
  ['time', time],
  ['shutdown', shutdown],
  ['command', command],
]);
