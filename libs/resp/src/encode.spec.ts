/**
 * encodeCommand writes the exact multibulk frame into a buffer of exactly its size, at every
 * boundary where a length gains a digit, for empty, binary and multi-byte UTF-8 arguments.
 */
import { encodeCommand } from './encode';

function frame(args: (Buffer | string)[]): string {
  const parts = args.map((a) => (typeof a === 'string' ? Buffer.from(a, 'utf8') : a).toString('latin1'));
  return `*${args.length}\r\n` + parts.map((p) => `$${p.length}\r\n${p}\r\n`).join('');
}

describe('encodeCommand', () => {
  it.each([0, 1, 9, 10, 99, 100, 999, 1000, 65_536])('an argument of %i bytes', (len) => {
    const args = ['SET', 'k', Buffer.alloc(len, 0x61)];
    const out = encodeCommand(args);
    expect(out.toString('latin1')).toBe(frame(args));
    expect(out.length).toBe(Buffer.byteLength(frame(args), 'latin1'));
  });

  it('counts arguments past one digit, and UTF-8 and binary bytes by their byte length', () => {
    const args: (Buffer | string)[] = Array.from({ length: 12 }, (_, i) => `a${i}`);
    args.push('é€😀', Buffer.from([0xff, 0x00, 0x0d, 0x0a]), '');
    const out = encodeCommand(args);
    expect(out.toString('latin1')).toBe(frame(args));
    expect(out.length).toBe(Buffer.byteLength(frame(args), 'latin1'));
  });

  it('encodes an empty command as *0', () => {
    expect(encodeCommand([]).toString('latin1')).toBe('*0\r\n');
  });
});
