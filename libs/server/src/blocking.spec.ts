/**
 * The blocking engine end to end: an in-process node on a free port, raw sockets, exact reply
 * bytes (as redis-server 7.0.15 sends them for the same sequences). Covers FIFO wake-up, service
 * from the key that became ready, pushes inside MULTI served after EXEC, decimal timeouts,
 * CLIENT UNBLOCK, disconnects, pipelined commands held while blocked, CLIENT LIST / INFO, and the
 * propagated (non-blocking) forms.
 */
import { ConfigStoreImpl } from '@resplica/config';
import { RawClient, waitFor } from '@resplica/testing';
import { Node } from './node';
import type { PropagationSink } from './propagation';

const NULL_ARRAY = '*-1\r\n';

function bulks(...items: string[]): string {
  return `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('');
}

/** Records propagated bytes as text. */
class RecordingSink implements PropagationSink {
  text = '';
  feed(bytes: Buffer): void {
    this.text += bytes.toString('latin1');
  }
}

describe('blocking commands', () => {
  let node: Node;
  let port: number;
  let sink: RecordingSink;
  const open: RawClient[] = [];

  async function connect(): Promise<RawClient> {
    const c = await RawClient.connect(port);
    open.push(c);
    return c;
  }

  async function text(c: RawClient, ...argv: string[]): Promise<string> {
    return (await c.call(...argv)).toString('latin1');
  }

  /** Waits until the node has `n` blocked clients (the BLPOP reached the server). */
  async function blockedCount(n: number): Promise<void> {
    await waitFor(() => node.blocking.blockedCount === n, { timeoutMs: 2000, what: `${n} blocked clients` });
  }

  beforeEach(async () => {
    const config = new ConfigStoreImpl(null);
    config.set([
      ['port', '0'],
      ['bind', '127.0.0.1'],
    ]);
    sink = new RecordingSink();
    node = new Node({ config, propagationSink: sink });
    port = await node.start();
  });

  afterEach(async () => {
    for (const c of open.splice(0)) c.destroy();
    await node.shutdown('test');
  });

  it('serves waiting clients in FIFO order, one element each, and propagates LPOP', async () => {
    const [a, b, p] = [await connect(), await connect(), await connect()];
    a.sendCommand(['BLPOP', 'q', '0']);
    await blockedCount(1);
    b.sendCommand(['BLPOP', 'q', '0']);
    await blockedCount(2);
    expect(await text(p, 'RPUSH', 'q', 'x')).toBe(':1\r\n');
    expect((await a.readReply()).toString()).toBe(bulks('q', 'x'));
    expect(node.blocking.blockedCount).toBe(1);
    expect(await text(p, 'RPUSH', 'q', 'y', 'z')).toBe(':2\r\n');
    expect((await b.readReply()).toString()).toBe(bulks('q', 'y'));
    expect(await text(p, 'LRANGE', 'q', '0', '-1')).toBe(bulks('z'));
    expect(sink.text).toContain('*2\r\n$4\r\nLPOP\r\n$1\r\nq\r\n');
    expect(sink.text).not.toContain('BLPOP');
  });

  it('serves from the key that became ready first, after EXEC, for every kind of blocking pop', async () => {
    const [a, b, c, p] = [await connect(), await connect(), await connect(), await connect()];
    a.sendCommand(['BLPOP', 'w1', 'w2', '0']);
    b.sendCommand(['BLMPOP', '0', '1', 'w3', 'RIGHT', 'COUNT', '3']);
    c.sendCommand(['BLMOVE', 'w4', 'd', 'RIGHT', 'LEFT', '0']);
    await blockedCount(3);
    expect(await text(p, 'MULTI')).toBe('+OK\r\n');
    for (const cmd of [['RPUSH', 'w2', 'x'], ['RPUSH', 'w1', 'y'], ['RPUSH', 'w3', '1', '2'], ['RPUSH', 'w4', 'q']]) {
      expect(await text(p, ...cmd)).toBe('+QUEUED\r\n');
    }
    expect(await text(p, 'EXEC')).toBe('*4\r\n:1\r\n:1\r\n:2\r\n:1\r\n');
    expect((await a.readReply()).toString()).toBe(bulks('w2', 'x'));
    expect((await b.readReply()).toString()).toBe('*2\r\n$2\r\nw3\r\n' + bulks('2', '1'));
    expect((await c.readReply()).toString()).toBe('$1\r\nq\r\n');
    expect(await text(p, 'EXISTS', 'w3', 'w4')).toBe(':0\r\n');
    expect(await text(p, 'LRANGE', 'd', '0', '-1')).toBe(bulks('q'));
    expect(sink.text).toContain('*3\r\n$4\r\nRPOP\r\n$2\r\nw3\r\n$1\r\n2\r\n');
    expect(sink.text).toContain('*5\r\n$5\r\nLMOVE\r\n$2\r\nw4\r\n$1\r\nd\r\n$5\r\nright\r\n$4\r\nleft\r\n');
  });

  it('a client waiting on a key that becomes another type stays blocked', async () => {
    const [a, p] = [await connect(), await connect()];
    a.sendCommand(['BLPOP', 'k', '0']);
    await blockedCount(1);
    expect(await text(p, 'SET', 'k', 'v')).toBe('+OK\r\n');
    expect(node.blocking.blockedCount).toBe(1);
    expect(await text(p, 'DEL', 'k')).toBe(':1\r\n');
    expect(await text(p, 'LPUSH', 'k', 'e')).toBe(':1\r\n');
    expect((await a.readReply()).toString()).toBe(bulks('k', 'e'));
  });

  it('times out with decimals: null array for BLPOP and BRPOPLPUSH alike (7.0), RESP3 null', async () => {
    const [a, b] = [await connect(), await connect()];
    const started = Date.now();
    expect(await text(a, 'BLPOP', 'none', '0.05')).toBe(NULL_ARRAY);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await text(a, 'BRPOPLPUSH', 'none', 'd', '0.01')).toBe(NULL_ARRAY);
    await text(b, 'HELLO', '3');
    expect(await text(b, 'BLMPOP', '0.01', '1', 'none', 'LEFT')).toBe('_\r\n');
    expect(node.blocking.blockedCount).toBe(0);
  });

  it('inside MULTI a blocking command answers at once as timed out', async () => {
    const a = await connect();
    await text(a, 'MULTI');
    await text(a, 'BLPOP', 'none', '0');
    await text(a, 'BLMOVE', 'none', 'd', 'LEFT', 'LEFT', '0');
    expect(await text(a, 'EXEC')).toBe('*2\r\n*-1\r\n$-1\r\n');
    expect(node.blocking.blockedCount).toBe(0);
  });

  it('holds pipelined commands until the client is served', async () => {
    const [a, p] = [await connect(), await connect()];
    a.send('*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n');
    await blockedCount(1);
    expect(a.buffered.length).toBe(0);
    await text(p, 'RPUSH', 'q', 'v');
    expect((await a.readReply()).toString()).toBe(bulks('q', 'v'));
    expect((await a.readReply()).toString()).toBe('+PONG\r\n');
  });

  it('CLIENT UNBLOCK ends a wait as a timeout or as an error; flag b and blocked_clients tell', async () => {
    const [a, p] = [await connect(), await connect()];
    const id = (await text(a, 'CLIENT', 'ID')).slice(1, -2);
    a.sendCommand(['BLPOP', 'q', '0']);
    await blockedCount(1);
    expect(await text(p, 'CLIENT', 'LIST', 'ID', id)).toMatch(/ flags=b .* cmd=blpop /);
    expect(await text(p, 'INFO', 'clients')).toContain('blocked_clients:1\r\n');
    expect(await text(p, 'CLIENT', 'UNBLOCK', id)).toBe(':1\r\n');
    expect((await a.readReply()).toString()).toBe(NULL_ARRAY);
    expect(await text(p, 'CLIENT', 'UNBLOCK', id)).toBe(':0\r\n');
    a.sendCommand(['BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0']);
    await blockedCount(1);
    expect(await text(p, 'CLIENT', 'UNBLOCK', id, 'ERROR')).toBe(':1\r\n');
    expect((await a.readReply()).toString()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    expect(await text(p, 'CLIENT', 'UNBLOCK', id, 'FOO')).toBe('-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n');
    expect(await text(p, 'INFO', 'clients')).toContain('blocked_clients:0\r\n');
  });

  it('forgets a blocked client that disconnects; the next waiter gets the element', async () => {
    const [a, b, p] = [await connect(), await connect(), await connect()];
    a.sendCommand(['BRPOP', 'q', '0']);
    await blockedCount(1);
    b.sendCommand(['BRPOP', 'q', '0']);
    await blockedCount(2);
    a.destroy();
    await blockedCount(1);
    await text(p, 'RPUSH', 'q', 'v');
    expect((await b.readReply()).toString()).toBe(bulks('q', 'v'));
    expect(node.keyspace.databases[0].blockingKeys.size).toBe(0);
  });

  it('a key moved in by SWAPDB or created by BLMOVE serves its waiters', async () => {
    const [a, b, p] = [await connect(), await connect(), await connect()];
    a.sendCommand(['BLPOP', 'dst', '0']);
    await blockedCount(1);
    b.sendCommand(['BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0']);
    await blockedCount(2);
    await text(p, 'RPUSH', 'src', 'v');
    expect((await b.readReply()).toString()).toBe('$1\r\nv\r\n');
    expect((await a.readReply()).toString()).toBe(bulks('dst', 'v'));
    a.sendCommand(['BLPOP', 'k', '0']);
    await blockedCount(1);
    await text(p, 'SELECT', '1');
    await text(p, 'RPUSH', 'k', 'from1');
    expect(await text(p, 'SWAPDB', '0', '1')).toBe('+OK\r\n');
    expect((await a.readReply()).toString()).toBe(bulks('k', 'from1'));
  });
});
