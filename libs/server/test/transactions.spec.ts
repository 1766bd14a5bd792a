/*
 * MULTI/EXEC/DISCARD/WATCH over the wire, exact bytes as redis-server 7.0.15 answers the same input.
 */
import { waitFor } from '@resplica/testing';
import { exchange, startNode, type TestNode } from './start-node';

describe('transactions', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('queues and runs commands at EXEC', async () => {
    const c = await t.connect();
    const want = '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+PONG\r\n$1\r\nx\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nECHO x\r\nEXEC\r\n', want)).toBe(want);
  });

  it('refuses nesting and WATCH inside MULTI, and aborts after a queueing error', async () => {
    const c = await t.connect();
    const want =
      '+OK\r\n-ERR MULTI calls can not be nested\r\n-ERR WATCH inside MULTI is not allowed\r\n+QUEUED\r\n' +
      "-ERR wrong number of arguments for 'echo' command\r\n+QUEUED\r\n" +
      '-EXECABORT Transaction discarded because of previous errors.\r\n';
    expect(await exchange(c, 'MULTI\r\nMULTI\r\nWATCH a\r\nPING\r\nECHO\r\nPING\r\nEXEC\r\n', want)).toBe(want);
  });

  it('aborts after an unknown command and leaves MULTI', async () => {
    const c = await t.connect();
    const want =
      "+OK\r\n-ERR unknown command 'FOO', with args beginning with: \r\n" +
      '-EXECABORT Transaction discarded because of previous errors.\r\n-ERR EXEC without MULTI\r\n-ERR DISCARD without MULTI\r\n';
    expect(await exchange(c, 'MULTI\r\nFOO\r\nEXEC\r\nEXEC\r\nDISCARD\r\n', want)).toBe(want);
  });

  it('a wrong-arity EXEC ends the transaction with EXECABORT', async () => {
    const c = await t.connect();
    const want =
      "+OK\r\n+QUEUED\r\n-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n" +
      '-ERR EXEC without MULTI\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC x\r\nEXEC\r\n', want)).toBe(want);
  });

  it('DISCARD drops the queue', async () => {
    const c = await t.connect();
    const want = '+OK\r\n+QUEUED\r\n+OK\r\n+PONG\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nDISCARD\r\nPING\r\n', want)).toBe(want);
  });

  it('EXEC answers a null array when a WATCHed key was modified', async () => {
    const c = await t.connect();
    expect(await exchange(c, 'WATCH k\r\n', '+OK\r\n')).toBe('+OK\r\n');
    // Another client's write to k, as the keyspace signals it.
    t.node.keyspace.databases[0].signalModified('k');
    const want = '+OK\r\n+QUEUED\r\n*-1\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC\r\n', want)).toBe(want);
    // The failed EXEC unwatched everything: the next transaction runs.
    const again = '+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC\r\n', again)).toBe(again);
  });

  it('UNWATCH forgets the keys, so a later write does not abort', async () => {
    const c = await t.connect();
    expect(await exchange(c, 'WATCH k\r\nUNWATCH\r\n', '+OK\r\n+OK\r\n')).toBe('+OK\r\n+OK\r\n');
    t.node.keyspace.databases[0].signalModified('k');
    const want = '+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC\r\n', want)).toBe(want);
  });

  it('a WATCH on another db is not touched by a write to db 0', async () => {
    const c = await t.connect();
    expect(await exchange(c, 'SELECT 1\r\nWATCH k\r\n', '+OK\r\n+OK\r\n')).toBe('+OK\r\n+OK\r\n');
    t.node.keyspace.databases[0].signalModified('k');
    const want = '+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC\r\n', want)).toBe(want);
  });

  it('EXEC fails when another client wrote a WATCHed key', async () => {
    const a = await t.connect();
    const b = await t.connect();
    await exchange(a, 'WATCH w\r\n', '+OK\r\n');
    await exchange(b, 'SET w 1\r\n', '+OK\r\n');
    const want = '+OK\r\n+QUEUED\r\n*-1\r\n';
    expect(await exchange(a, 'MULTI\r\nPING\r\nEXEC\r\n', want)).toBe(want);
  });

  it('EXEC fails when a WATCHed key expired meanwhile, though nobody touched it', async () => {
    const c = await t.connect();
    await exchange(c, 'SET e v PX 50\r\nWATCH e\r\n', '+OK\r\n+OK\r\n');
    const db = t.node.keyspace.databases[0];
    // The active expire cycle may delete the key before this looks: gone counts as expired too.
    await waitFor(() => !db.has('e') || db.isExpired('e', Date.now()), { what: 'e to pass its deadline' });
    const want = '+OK\r\n+QUEUED\r\n*-1\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nEXEC\r\n', want)).toBe(want);
  });

  it('RESET leaves MULTI', async () => {
    const c = await t.connect();
    const want = '+OK\r\n+QUEUED\r\n+RESET\r\n-ERR EXEC without MULTI\r\n';
    expect(await exchange(c, 'MULTI\r\nPING\r\nRESET\r\nEXEC\r\n', want)).toBe(want);
  });
});
