/*
 * A steady read load through the routers, as applications would put on them: ioredis clients,
 * each with exactly one GET in flight at a time, reading keys seeded by seedKeys and checking every
 * value. A failed GET (an error reply, a lost connection, a wrong value) is recorded with the
 * moment it was sent, so a test can tell commands in flight at an event from later ones.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';

const SEEDED_KEYS = 100;
/** After a failure a client pauses this long: a dead connection rejects at once, and a loop of
 *  rejections alone would never yield to timers. */
const PAUSE_AFTER_FAILURE_MS = 10;

export interface ReadFailure {
  /** Date.now() when the GET was sent. */
  readonly sentAt: number;
  readonly message: string;
}

/** The SEEDED_KEYS keys the loop reads, written through `port` (a router). */
export async function seedKeys(port: number): Promise<void> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    await client.mset(Object.fromEntries(Array.from({ length: SEEDED_KEYS }, (_, i) => [`loop:${i}`, `value:${i}`])));
  } finally {
    client.disconnect();
  }
}

export class ReadLoop {
  readonly failures: ReadFailure[] = [];
  /** GETs answered with the right value. */
  succeeded = 0;
  private running = true;
  private readonly loops: Promise<void>[];

  private constructor(private readonly clients: Redis[]) {
    this.loops = clients.map((client, i) => this.run(client, i));
  }

  /** Connects `perRouter` clients to each router port and starts reading at once. */
  static async start(routerPorts: readonly number[], perRouter = 4): Promise<ReadLoop> {
    const clients = routerPorts.flatMap((port) =>
      Array.from({ length: perRouter }, () => new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 })),
    );
    await Promise.all(clients.map((c) => c.connect()));
    return new ReadLoop(clients);
  }

  /** Reads stop after the GETs in flight; the clients disconnect. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    for (const c of this.clients) c.disconnect();
  }

  private async run(client: Redis, offset: number): Promise<void> {
    for (let n = offset; this.running; n++) {
      const key = n % SEEDED_KEYS;
      const sentAt = Date.now();
      try {
        const value = await client.get(`loop:${key}`);
        if (value === `value:${key}`) this.succeeded++;
        else this.failures.push({ sentAt, message: `GET loop:${key} answered ${JSON.stringify(value)}` });
      } catch (err) {
        this.failures.push({ sentAt, message: (err as Error).message });
        await sleep(PAUSE_AFTER_FAILURE_MS);
      }
    }
  }
}
