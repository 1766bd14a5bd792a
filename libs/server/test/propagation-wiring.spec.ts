/*
 * What the dispatcher hands to the Propagator: a write is propagated only when the keyspace's dirty
 * counter grew, in its rewritten form when the handler rewrote it, with SELECT on db changes, and
 * an EXEC with two or more writes as MULTI … EXEC. The SET route is replaced by a stand-in that
 * only bumps dirty (and rewrites when given a third argument), so this does not depend on the
 * keyspace families.
 */
import type { Handler } from '@resplica/keyspace';
import type { PropagationSink } from '../src/propagation';
import { waitFor } from '@resplica/testing';
import { exchange, startNode, type TestNode } from './start-node';

const fakewrite: Handler = (ctx, argv) => {
  ctx.keyspace.dirty++;
  if (argv.length > 2) ctx.rewrite(['SET', argv[1], 'PXAT', '1000']);
  ctx.reply.ok();
};

describe('propagation through dispatch', () => {
  const chunks: Buffer[] = [];
  const sink: PropagationSink = { feed: (b) => chunks.push(b) };
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode([], sink);
    const echo = t.node.routes.get('echo')!;
    t.node.routes.set('set', { ...echo, name: 'set', arity: -2, server: null, keyspace: fakewrite, stat: null });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(() => {
    chunks.length = 0;
  });
  const stream = (): string => Buffer.concat(chunks).toString('latin1');

  it('propagates writes, not reads, with SELECT on db changes and rewrites applied', async () => {
    const c = await t.connect();
    await exchange(c, 'PING\r\nSELECT 2\r\nSET a\r\nSET b x\r\n', '+PONG\r\n+OK\r\n+OK\r\n+OK\r\n');
    expect(stream()).toBe(
      '*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n' +
        '*2\r\n$3\r\nSET\r\n$1\r\na\r\n' +
        '*4\r\n$3\r\nSET\r\n$1\r\nb\r\n$4\r\nPXAT\r\n$4\r\n1000\r\n',
    );
  });

  it('wraps an EXEC with two writes in MULTI/EXEC and sends a single write bare', async () => {
    const c = await t.connect();
    await exchange(c, 'MULTI\r\nSET a\r\nPING\r\nSET b\r\nEXEC\r\n', '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n+OK\r\n+PONG\r\n+OK\r\n');
    await exchange(c, 'MULTI\r\nSET c\r\nPING\r\nEXEC\r\n', '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+PONG\r\n');
    expect(stream()).toBe(
      '*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n' +
        '*1\r\n$5\r\nMULTI\r\n' +
        '*2\r\n$3\r\nSET\r\n$1\r\na\r\n' +
        '*2\r\n$3\r\nSET\r\n$1\r\nb\r\n' +
        '*1\r\n$4\r\nEXEC\r\n' +
        '*2\r\n$3\r\nSET\r\n$1\r\nc\r\n',
    );
  });
});

describe('expiry propagation', () => {
  const chunks: Buffer[] = [];
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode([], { feed: (b) => chunks.push(b) });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('turns an active-cycle expiry into a bare DEL in the stream', async () => {
    const c = await t.connect();
    await exchange(c, 'PSETEX gone 20 v\r\n', '+OK\r\n');
    await waitFor(() => t.node.stats.expiredKeys === 1, { what: 'the cron to expire the key' });
    const stream = Buffer.concat(chunks).toString('latin1');
    expect(stream.startsWith('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n')).toBe(true);
    expect(stream.endsWith('*2\r\n$3\r\nDEL\r\n$4\r\ngone\r\n')).toBe(true);
    expect(stream).not.toContain('MULTI');
  });
});
