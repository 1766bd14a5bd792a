/**
 * One health probe of a node or router: connect, optionally AUTH, PING, expect `+PONG` — what
 * `redis-cli ping` proves, without needing redis-cli in the image. A container health check runs it
 * every few seconds, so it opens one connection, sends both commands in one write and never
 * retries: the orchestrator already repeats the check and counts failures. It always settles by
 * the deadline (respExchange).
 */
import { ExchangeTimeoutError, replyText, respExchange } from '../shared/resp-exchange';

export interface ProbeOptions {
  readonly host: string;
  readonly port: number;
  /** Sent with AUTH before PING; '' sends no AUTH. */
  readonly password: string;
  readonly timeoutMs: number;
}

export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const where = `${options.host}:${options.port}`;
  const auth = options.password === '' ? [] : [['AUTH', options.password]];
  let replies: string[];
  try {
    replies = (await respExchange(options.host, options.port, [...auth, ['PING']], options.timeoutMs)).map(replyText);
  } catch (err) {
    if (err instanceof ExchangeTimeoutError) return { ok: false, reason: `no PONG from ${where} within ${options.timeoutMs} ms` };
    return { ok: false, reason: `${where}: ${(err as Error).message}` };
  }
  const authReply = auth.length === 1 ? replies[0] : '+OK';
  const pingReply = replies[replies.length - 1];
  if (authReply !== '+OK') return { ok: false, reason: `AUTH refused by ${where}: ${authReply}` };
  if (pingReply !== '+PONG') return { ok: false, reason: `PING to ${where} answered ${pingReply}` };
  return { ok: true };
}
