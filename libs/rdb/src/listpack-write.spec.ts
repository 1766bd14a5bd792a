/**
 * ListpackBuilder against bytes computed by hand from spec §8.7: every integer width at its
 * boundaries, the three string length forms, backlen at every size boundary, the header, and the
 * listpack of the spec's worked example (`RPUSH L 1 2 hello` as a real 7.0 saved it).
 */
import { ListpackBuilder, writeBacklen } from './listpack-write';

const hex = (s: string) => s.replace(/\s+/g, '');

/** The entry bytes (encoding, data, backlen) `append` produces for one element. */
function entryOf(value: string | Buffer): string {
  const lp = new ListpackBuilder(16);
  lp.begin();
  lp.append(value);
  const end = lp.end();
  return lp.buf.subarray(6, end - 1).toString('hex');
}

describe('ListpackBuilder entries', () => {
  it.each([
    ['0', '00 01'],
    ['1', '01 01'],
    ['127', '7f 01'],
    ['128', 'c0 80 02'],
    ['-1', 'df ff 02'],
    ['4095', 'cf ff 02'],
    ['-4096', 'd0 00 02'],
    ['4096', 'f1 00 10 03'],
    ['-4097', 'f1 ff ef 03'],
    ['32767', 'f1 ff 7f 03'],
    ['-32768', 'f1 00 80 03'],
    ['32768', 'f2 00 80 00 04'],
    ['8388607', 'f2 ff ff 7f 04'],
    ['-8388608', 'f2 00 00 80 04'],
    ['8388608', 'f3 00 00 80 00 05'],
    ['2147483647', 'f3 ff ff ff 7f 05'],
    ['-2147483648', 'f3 00 00 00 80 05'],
    ['2147483648', 'f4 00 00 00 80 00 00 00 00 09'],
    ['-2147483649', 'f4 ff ff ff 7f ff ff ff ff 09'],
    ['1099511627776', 'f4 00 00 00 00 00 01 00 00 09'],
    ['9007199254740993', 'f4 01 00 00 00 00 00 20 00 09'],
    ['9223372036854775807', 'f4 ff ff ff ff ff ff ff 7f 09'],
    ['-9223372036854775808', 'f4 00 00 00 00 00 00 00 80 09'],
  ])('integer %s', (text, bytes) => {
    expect(entryOf(text)).toBe(hex(bytes));
    expect(entryOf(Buffer.from(text))).toBe(hex(bytes));
  });

  it.each([
    ['', '80 01'],
    ['hello', '85 68656c6c6f 06'],
    ['-0', '82 2d30 03'],
    ['01', '82 3031 03'],
    ['1.5', '83 312e35 04'],
    ['9223372036854775808', '93 39323233333732303336383534373735383038 14'],
  ])('string %j', (text, bytes) => {
    expect(entryOf(text)).toBe(hex(bytes));
    expect(entryOf(Buffer.from(text, 'latin1'))).toBe(hex(bytes));
  });

  it('stores binary bytes as they are', () => {
    expect(entryOf(Buffer.from([0, 0xff, 0x0d, 0x0a]))).toBe(hex('84 00ff0d0a 05'));
    expect(entryOf('\x00\xff\r\n')).toBe(hex('84 00ff0d0a 05'));
  });

  it.each([
    // [string length, header hex, backlen hex]
    [63, 'bf', '40'],
    [64, 'e0 40', '42'],
    [125, 'e0 7d', '7f'],
    [126, 'e0 7e', '01 80'],
    [4095, 'ef ff', '20 81'],
    [4096, 'f0 00100000', '20 85'],
    [16377, 'f0 f93f0000', '7f fe'],
    [16378, 'f0 fa3f0000', '00 ff ff'],
  ])('a string of %d bytes has header %s and backlen %s', (length, header, backlen) => {
    const text = 'x'.repeat(length);
    const entry = entryOf(text);
    const headerHex = hex(header);
    expect(entry.slice(0, headerHex.length)).toBe(headerHex);
    expect(entry.slice(headerHex.length, headerHex.length + 2 * length)).toBe('78'.repeat(length));
    expect(entry.slice(headerHex.length + 2 * length)).toBe(hex(backlen));
    expect(entryOf(Buffer.from(text))).toBe(entry);
  });

  it('appendString never turns digits into an integer entry', () => {
    const lp = new ListpackBuilder();
    lp.begin();
    lp.appendString('12');
    expect(lp.buf.subarray(6, lp.end() - 1).toString('hex')).toBe(hex('82 3132 03'));
  });
});

describe('writeBacklen', () => {
  it.each([
    [0, '00'],
    [127, '7f'],
    [128, '01 80'],
    [16382, '7f fe'],
    [16383, '00 ff ff'],
    [2097150, '7f ff fe'],
    [2097151, '00 ff ff ff'],
    [268435454, '7f ff ff fe'],
    [268435455, '00 ff ff ff ff'],
    [4294967295, '0f ff ff ff ff'],
  ])('%d → %s', (size, bytes) => {
    const buf = Buffer.alloc(8);
    const end = writeBacklen(buf, 1, size);
    expect(buf.subarray(1, end).toString('hex')).toBe(hex(bytes));
  });
});

describe('ListpackBuilder listpacks', () => {
  it('builds the listpack of the spec worked example (RPUSH L 1 2 hello)', () => {
    const lp = new ListpackBuilder();
    expect(lp.begin()).toBe(0);
    for (const item of ['1', '2', 'hello']) lp.append(item);
    expect(lp.bytes).toBe(18);
    const end = lp.end();
    expect(lp.buf.subarray(0, end).toString('hex')).toBe(hex('12000000 0300 0101 0201 8568656c6c6f06 ff'));
  });

  it('builds an empty listpack as lpNew does', () => {
    const lp = new ListpackBuilder();
    lp.begin();
    expect(lp.buf.subarray(0, lp.end()).toString('hex')).toBe(hex('07000000 0000 ff'));
  });

  it('builds listpacks one after another in the same buffer, growing it', () => {
    const lp = new ListpackBuilder(8);
    lp.begin();
    lp.append('a');
    const first = lp.end();
    expect(lp.begin()).toBe(first);
    lp.append('x'.repeat(100));
    const second = lp.end();
    expect(lp.buf.subarray(0, first).toString('hex')).toBe(hex('0a000000 0100 8161 02 ff'));
    expect(lp.buf.readUInt32LE(first)).toBe(second - first);
    expect(lp.buf.readUInt16LE(first + 4)).toBe(1);
    expect(lp.buf[second - 1]).toBe(0xff);
  });

  it('writes 65535 ("unknown") as the count of a listpack with 65535 or more elements', () => {
    const lp = new ListpackBuilder();
    for (const n of [65534, 65535, 70000]) {
      lp.reset(1 << 20);
      lp.begin();
      for (let i = 0; i < n; i++) lp.append('5');
      const end = lp.end();
      expect(lp.buf.readUInt16LE(4)).toBe(Math.min(n, 65535));
      expect(lp.buf.readUInt32LE(0)).toBe(end);
    }
  });
});
