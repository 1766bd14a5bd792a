/*
 * Large bulk replies are queued by reference until the end of the event-loop turn (resp's
 * ReplyWriter, BIG_BULK). A write later in the same pipeline must not change the bytes such a queued
 * reply sends: the in-place editors (SETBIT, BITFIELD, and SET overwriting a string of the same
 * length) copy or replace a string whose memory a pending reply references. Each pipeline is a few dozen bytes, sent in one write, so it is read and dispatched in
 * one turn, before the flush. Expected bytes were read from redis-server 7.0.15 with the same input.
 */
import { SMALLEST_LENT_BYTES } from '@resplica/keyspace';
import { BIG_BULK } from '@resplica/resp';
import { exchange, startNode, type TestNode } from './start-node';

const SIZE = 20000;
const A = 'a'.repeat(SIZE);

function bulk(text: string): string {
  return `$${text.length}\r\n${text}\r\n`;
}

describe('zero-copy bulk replies and in-place edits in one pipeline', () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startNode();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('sends the bytes a GET saw, whatever SETBIT, BITFIELD and SETRANGE do after it', async () => {
    const c = await t.connect();
    await exchange(c, `*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n${bulk(A)}`, '+OK\r\n');
    const send = 'GET big\r\nSETBIT big 0 1\r\nBITFIELD big SET u8 8 0\r\nSETRANGE big 2 zz\r\nGET big\r\n';
    const edited = '\xe1\x00zz' + A.slice(4);
    const want = bulk(A) + ':0\r\n' + '*1\r\n:97\r\n' + `:${SIZE}\r\n` + bulk(edited);
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('sends the bytes a GETRANGE view saw when SETBIT edits the string after it', async () => {
    const c = await t.connect();
    await exchange(c, `*3\r\n$3\r\nSET\r\n$4\r\nbig2\r\n${bulk(A)}`, '+OK\r\n');
    // First edit makes the value a growable, in-place editable string; then read it and edit again.
    await exchange(c, 'SETBIT big2 0 1\r\n', ':0\r\n');
    const before = '\xe1' + A.slice(1);
    const send = `GETRANGE big2 0 ${SIZE - 1}\r\nSETBIT big2 8 1\r\nGET big2\r\n`;
    const want = bulk(before) + ':0\r\n' + bulk('\xe1\xe1' + A.slice(2));
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('sends the bytes a GET saw when a SET of the same length overwrites the value after it', async () => {
    const c = await t.connect();
    const B = 'b'.repeat(SIZE);
    await exchange(c, `*3\r\n$3\r\nSET\r\n$4\r\nbig3\r\n${bulk(A)}`, '+OK\r\n');
    const send = `*2\r\n$3\r\nGET\r\n$4\r\nbig3\r\n*3\r\n$3\r\nSET\r\n$4\r\nbig3\r\n${bulk(B)}*2\r\n$3\r\nGET\r\n$4\r\nbig3\r\n`;
    const want = bulk(A) + '+OK\r\n' + bulk(B);
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('sends the bytes an HGET saw when an HSET of the same length overwrites the field after it', async () => {
    const c = await t.connect();
    const B = 'b'.repeat(SIZE);
    await exchange(c, `*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n${bulk(A)}`, ':1\r\n');
    const send = `*3\r\n$4\r\nHGET\r\n$1\r\nh\r\n$1\r\nf\r\n*4\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n${bulk(B)}*3\r\n$4\r\nHGET\r\n$1\r\nh\r\n$1\r\nf\r\n`;
    const want = bulk(A) + ':0\r\n' + bulk(B);
    expect(await exchange(c, send, want)).toBe(want);
  });

  it('lends nothing shorter than the keyspace assumes (hash values below it are edited in place)', () => {
    expect(BIG_BULK).toBe(SMALLEST_LENT_BYTES);
  });

  it('overwrites a small value in place and keeps OBJECT ENCODING right after APPEND then SET', async () => {
    const c = await t.connect();
    await exchange(c, 'SET small abc\r\nAPPEND small d\r\nOBJECT ENCODING small\r\n', '+OK\r\n:4\r\n$3\r\nraw\r\n');
    const want = '+OK\r\n$4\r\nwxyz\r\n$6\r\nembstr\r\n+OK\r\n$4\r\n1234\r\n$3\r\nint\r\n';
    expect(await exchange(c, 'SET small wxyz\r\nGET small\r\nOBJECT ENCODING small\r\nSET small 1234\r\nGET small\r\nOBJECT ENCODING small\r\n', want)).toBe(want);
  });
});
