import { argView } from './arg-view';
import { RequestParser } from './request-parser';

describe('argView', () => {
  const chunk = Buffer.from('xxSADD myset memberyy', 'latin1').subarray(2, 19);

  it('is a Buffer over the chunk memory it was cut from', () => {
    const v = argView(chunk.buffer, chunk.byteOffset + 5, 5);
    expect(Buffer.isBuffer(v)).toBe(true);
    expect(v instanceof Buffer).toBe(true);
    expect(v.toString('latin1')).toBe('myset');
    expect(v.equals(Buffer.from('myset'))).toBe(true);
    expect(v.buffer).toBe(chunk.buffer);
    expect(v.byteOffset).toBe(chunk.byteOffset + 5);
    expect(Buffer.concat([v, Buffer.from('!')]).toString()).toBe('myset!');
    expect(Buffer.from(v)).not.toBe(v);
  });

  it('sees later writes to the chunk (a view, not a copy)', () => {
    const bytes = Buffer.from('abc');
    const v = argView(bytes.buffer, bytes.byteOffset + 1, 2);
    bytes[2] = 0x5a;
    expect(v.toString('latin1')).toBe('bZ');
  });

  it("is what the parser's fast path returns for every argument", () => {
    const p = new RequestParser();
    p.feed(Buffer.from('*3\r\n$4\r\nSADD\r\n$5\r\nmyset\r\n$6\r\nmember\r\n'));
    const argv = p.next()!;
    expect(argv.map((a) => a.toString('latin1'))).toEqual(['SADD', 'myset', 'member']);
    for (const a of argv) expect(Buffer.isBuffer(a)).toBe(true);
  });
});
