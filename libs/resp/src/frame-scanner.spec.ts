/**
 * FrameScanner: requests are scanned exactly as RequestParser parses them (same ends, names, errors);
 * replies end exactly where RespDecoder finishes a value. Incomplete input gives SCAN_INCOMPLETE at
 * every prefix.
 */

import { RequestParser } from './request-parser';
import { RespDecoder } from './decoder';
import { RespProtocolError } from './errors';
import { createCommandFrame, scanCommand, scanReply, SCAN_INCOMPLETE } from './frame-scanner';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('scanCommand', () => {
  it('gives the end, lower-cased name and first argument without copying', () => {
    const buf = b('xx*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$4\r\nport\r\n*1\r\n$4\r\nping\r\n');
    const out = createCommandFrame();
    const end = scanCommand(buf, 2, out);
    expect(end).toBe(2 + 35);
    expect(out).toMatchObject({ name: 'config', argc: 3 });
    expect(out.arg1Buf).toBe(buf);
    expect(buf.toString('latin1', out.arg1Start, out.arg1End)).toBe('GET');
    expect(scanCommand(buf, end, out)).toBe(buf.length);
    expect(out).toMatchObject({ name: 'ping', argc: 1, arg1Buf: null });
  });

  it('scans inline requests and frames Redis skips', () => {
    const out = createCommandFrame();
    const buf = b('CLIENT "list" x\r\n\r\n*0\r\n');
    const end = scanCommand(buf, 0, out);
    expect(end).toBe(17);
    expect(out.name).toBe('client');
    expect(out.argc).toBe(3);
    expect(out.arg1Buf!.toString('latin1', out.arg1Start, out.arg1End)).toBe('list');
    expect(scanCommand(buf, end, out)).toBe(19);
    expect(out).toMatchObject({ name: '', argc: 0 });
    expect(scanCommand(buf, 19, out)).toBe(buf.length);
    expect(out).toMatchObject({ name: '', argc: 0 });
  });

  it('is incomplete at every proper prefix, like the parser', () => {
    const full = b('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n');
    const out = createCommandFrame();
    for (let cut = 0; cut < full.length; cut++) expect(scanCommand(full.subarray(0, cut), 0, out)).toBe(SCAN_INCOMPLETE);
    expect(scanCommand(full, 0, out)).toBe(full.length);
  });

  it.each([
    '*x\r\n',
    '*1\r\nx4\r\nPING\r\n',
    '*1\r\n$-1\r\n',
    '*1\r\n$2147483648\r\n',
    '*1048577\r\n',
    'ECHO "abc\r\n',
    'x'.repeat(65537),
    '*' + '1'.repeat(65536),
  ])('throws what the parser throws for %j', (input) => {
    const parser = new RequestParser();
    parser.feed(b(input));
    let parserError = '';
    try {
      parser.next();
    } catch (err) {
      parserError = (err as Error).message;
    }
    expect(parserError).toMatch(/^Protocol error: /);
    expect(() => scanCommand(b(input), 0, createCommandFrame())).toThrow(new RespProtocolError(parserError));
  });

  it('applies the unauthenticated limits when asked', () => {
    expect(() => scanCommand(b('*11\r\n'), 0, createCommandFrame(), undefined, false)).toThrow('unauthenticated multibulk length');
  });
});

describe('scanReply', () => {
  const replies = [
    '+OK\r\n',
    '$-1\r\n',
    '*-1\r\n',
    '$5\r\nhe\r\no\r\n',
    '*2\r\n*1\r\n:1\r\n%1\r\n+a\r\n~2\r\n_\r\n#t\r\n',
    '|1\r\n+k\r\n+v\r\n>2\r\n,1.5\r\n(12\r\n',
    '=9\r\ntxt:id=1\n\r\n',
    '!3\r\nERR\r\n',
    '*0\r\n',
  ];
  it.each(replies)('%j ends where the decoder finishes it, and is incomplete before', (reply) => {
    const bytes = b(reply + '+NEXT\r\n');
    const d = new RespDecoder();
    d.feed(b(reply));
    expect(d.next()).toBeDefined();
    expect(scanReply(bytes, 0)).toBe(reply.length);
    for (let cut = 0; cut < reply.length; cut++) expect(scanReply(bytes.subarray(0, cut), 0)).toBe(SCAN_INCOMPLETE);
  });

  it.each(['?\r\n', '+a\rb', '$2\r\nabc\r\n', '*-2\r\n'])('throws RespProtocolError on %j', (input) => {
    expect(() => scanReply(b(input), 0)).toThrow(RespProtocolError);
  });

  it('handles any nesting depth without recursion', () => {
    const deep = b('*1\r\n'.repeat(200000) + ':1\r\n');
    expect(scanReply(deep, 0)).toBe(deep.length);
  });
});
