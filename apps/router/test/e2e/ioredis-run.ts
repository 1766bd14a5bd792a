/*
 * Runs the same-replies script with ioredis (RESP2 or RESP3) and returns a transcript: each
 * command with the reply ioredis gave (or its error message), then the two-client scenarios — a
 * WATCH conflict and blocking pops woken by another client; pub/sub is a transcript of its own.
 * The test compares the transcript through a router with the one from the master directly.
 */
import Redis from 'ioredis';
import { waitFor } from '@resplica/testing';
import { GROUPS, MESSAGE_WAIT_MS, type RunContext } from './script';

export type Transcript = [string, unknown][];

/** A reply that takes longer is recorded as an error (longer than the 5 s blocking pops). */
const COMMAND_TIMEOUT_MS = 8000;

function errorText(err: unknown): string {
  return `error: ${(err as Error).message}`;
}

/** Calls as ioredis resolves them; an error becomes its message, so it is part of the transcript. */
function settle(reply: Promise<unknown>): Promise<unknown> {
  return reply.then((value) => value, errorText);
}

/** Two connected clients `a` and `b` for `run`, disconnected when it ends. */
async function withClients(ctx: RunContext, protocol: 2 | 3, run: (a: Redis, b: Redis) => Promise<Transcript>): Promise<Transcript> {
  const opened: Redis[] = [];
  const open = async (): Promise<Redis> => {
    const client = new Redis({ port: ctx.port, host: '127.0.0.1', protocol, lazyConnect: true, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS });
    opened.push(client);
    await client.connect();
    return client;
  };
  try {
    return await run(await open(), await open());
  } finally {
    for (const client of opened) client.disconnect();
  }
}

/** The script, the WATCH conflict and the blocking pops. */
export function ioredisTranscript(ctx: RunContext, protocol: 2 | 3): Promise<Transcript> {
  return withClients(ctx, protocol, async (a, b) => {
    const t: Transcript = [];
    for (const group of GROUPS) {
      for (const line of group) {
        const [name, ...args] = line.split(' ');
        t.push([line, await settle(a.call(name, ...args))]);
      }
      await ctx.barrier();
    }

    // WATCH conflict: b changes the watched key between a's WATCH and EXEC.
    t.push(['a: WATCH w:k', await settle(a.watch('w:k'))]);
    t.push(['b: SET w:k theirs', await settle(b.set('w:k', 'theirs'))]);
    t.push(['a: MULTI SET w:k mine EXEC', await settle(a.multi().set('w:k', 'mine').exec())]);
    await ctx.barrier();
    t.push(['b: GET w:k', await settle(b.get('w:k'))]);

    // Blocking pops woken by the other client's push.
    const pops: [string, () => Promise<unknown>, string, () => Promise<unknown>][] = [
      ['BLPOP q:1 5', () => a.blpop('q:1', 5), 'RPUSH q:1 x y', () => b.rpush('q:1', 'x', 'y')],
      ['BLMOVE q:2 q:3 LEFT RIGHT 5', () => a.blmove('q:2', 'q:3', 'LEFT', 'RIGHT', 5), 'LPUSH q:2 m', () => b.lpush('q:2', 'm')],
      ['BZPOPMIN z:q 5', () => a.bzpopmin('z:q', 5), 'ZADD z:q 1 m', () => b.zadd('z:q', 1, 'm')],
    ];
    for (const [popLine, pop, pushLine, push] of pops) {
      const popped = settle(pop());
      await ctx.blockedOnMaster();
      t.push([`b: ${pushLine}`, await settle(push())]);
      t.push([`a: ${popLine}`, await popped]);
    }
    await ctx.barrier();
    t.push(['b: LRANGE q:1 0 -1', await settle(b.lrange('q:1', 0, -1))]);
    t.push(['b: LRANGE q:3 0 -1', await settle(b.lrange('q:3', 0, -1))]);
    return t;
  });
}

/** Pub/sub: `a` subscribes to a channel and a pattern, `b` publishes. */
export function ioredisPubSubTranscript(ctx: RunContext, protocol: 2 | 3): Promise<Transcript> {
  return withClients(ctx, protocol, async (a, b) => {
    const t: Transcript = [];
    const received: string[] = [];
    a.on('message', (channel: string, message: string) => received.push(`message ${channel} ${message}`));
    a.on('pmessage', (pattern: string, channel: string, message: string) => received.push(`pmessage ${pattern} ${channel} ${message}`));
    t.push(['a: SUBSCRIBE ps:ch', await settle(a.subscribe('ps:ch'))]);
    t.push(['a: PSUBSCRIBE ps:*', await settle(a.psubscribe('ps:*'))]);
    t.push(['b: PUBLISH ps:ch hello', await settle(b.publish('ps:ch', 'hello'))]);
    await waitFor(() => received.length >= 2, { timeoutMs: MESSAGE_WAIT_MS }).catch(() => undefined);
    t.push(['a: messages', received.sort()]);
    t.push(['a: UNSUBSCRIBE ps:ch', await settle(a.unsubscribe('ps:ch'))]);
    t.push(['a: PUNSUBSCRIBE ps:*', await settle(a.punsubscribe('ps:*'))]);
    t.push(['a: PING', await settle(a.ping())]);
    return t;
  });
}
