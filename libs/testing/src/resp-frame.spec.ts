/* Tests of the test helpers' own RESP frame finder: whole, byte by byte, split everywhere. */
import { encodeCommand, findReplyEnd, RespFrameError } from './resp-frame';

const REPLIES: string[] = [
  '+OK\r\n',
  '-ERR wrong\r\n',
  ':-42\r\n',
  '$-1\r\n',
  '$0\r\n\r\n',
  '$4\r\na\r\nb\r\n',
  '*-1\r\n',
  '*0\r\n',
  '*2\r\n$1\r\na\r\n*1\r\n:1\r\n',
  '_\r\n',
  ',3.14\r\n',
  '#t\r\n',
  '(12345678901234567890\r\n',
  '!3\r\nerr\r\n',
  '=7\r\ntxt:abc\r\n',
  '%1\r\n+k\r\n$1\r\nv\r\n',
  '~2\r\n:1\r\n:2\r\n',
  '>3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n',
  '|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n',
];

describe('findReplyEnd', () => {
  it.each(REPLIES)('finds the end of %j whole, and -1 for every strict prefix', (text) => {
    const buf = Buffer.from(text, 'latin1');
    expect(findReplyEnd(buf)).toBe(buf.length);
    for (let cut = 0; cut < buf.length; cut++) expect(findReplyEnd(buf.subarray(0, cut))).toBe(-1);
  });

  it('stops at the first reply of a pipelined stream, at every split of two replies', () => {
    for (const a of REPLIES) {
      const buf = Buffer.from(a + '+PONG\r\n', 'latin1');
      expect(findReplyEnd(buf)).toBe(a.length);
      expect(findReplyEnd(buf, a.length)).toBe(buf.length);
    }
  });

  it('rejects an unknown type byte', () => {
    expect(() => findReplyEnd(Buffer.from('?x\r\n'))).toThrow(RespFrameError);
  });
});

describe('encodeCommand', () => {
  it('encodes strings and binary buffers as a multibulk', () => {
    expect(encodeCommand(['SET', 'k', Buffer.from([0, 13, 10])]).toString('latin1')).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\x00\r\n\r\n',
    );
    expect(encodeCommand(['é']).toString('latin1')).toBe('*1\r\n$2\r\n\xc3\xa9\r\n');
  });
});
