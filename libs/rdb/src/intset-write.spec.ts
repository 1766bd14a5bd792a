/**
 * IntsetBuilder against hand-computed blobs (spec §8.7): the narrowest width for the members,
 * ascending order whatever the input order, int64 members beyond 2^53, and the inputs that are
 * programming errors.
 */
import { IntsetBuilder } from './intset-write';

const hex = (s: string) => s.replace(/\s+/g, '');

function blobOf(members: (string | Buffer)[]): string {
  const builder = new IntsetBuilder();
  const length = builder.build(members, members.length);
  return builder.buf.subarray(0, length).toString('hex');
}

describe('IntsetBuilder', () => {
  it('uses 16-bit members when all fit, sorted ascending', () => {
    expect(blobOf(['3', '-2', '32767', '-32768'])).toBe(hex('02000000 04000000 0080 feff 0300 ff7f'));
  });

  it('widens to 32 bits for one member outside int16', () => {
    expect(blobOf(['1', '32768'])).toBe(hex('04000000 02000000 01000000 00800000'));
    expect(blobOf(['-32769', '0'])).toBe(hex('04000000 02000000 ff7fffff 00000000'));
  });

  it('widens to 64 bits for one member outside int32', () => {
    expect(blobOf(['2147483648', '-1'])).toBe(hex('08000000 02000000 ffffffffffffffff 0000008000000000'));
  });

  it('sorts members beyond 2^53 exactly', () => {
    expect(blobOf([Buffer.from('9223372036854775807'), '9007199254740993', '-9223372036854775808', '9007199254740992'])).toBe(
      hex(
        '08000000 04000000 0000000000000080 0000000000002000 0100000000002000 ffffffffffffff7f',
      ),
    );
  });

  it('reuses its buffer across builds', () => {
    const builder = new IntsetBuilder();
    builder.build(Array.from({ length: 100 }, (_, i) => String(i * 100000)), 100);
    const length = builder.build(['5'], 1);
    expect(builder.buf.subarray(0, length).toString('hex')).toBe(hex('02000000 01000000 0500'));
  });

  it('refuses non-integers, duplicates, a wrong count and an empty set', () => {
    const builder = new IntsetBuilder();
    expect(() => builder.build(['1', 'x'], 2)).toThrow(/not a canonical int64/);
    expect(() => builder.build(['01'], 1)).toThrow(/not a canonical int64/);
    expect(() => builder.build(['1', '1'], 2)).toThrow(/appears twice/);
    expect(() => builder.build(['9007199254740993', '9007199254740993'], 2)).toThrow(/appears twice/);
    expect(() => builder.build(['1', '2'], 1)).toThrow(/more than the 1 members/);
    expect(() => builder.build(['1'], 2)).toThrow(/1 members, 2 announced/);
    expect(() => builder.build([], 0)).toThrow(/cannot be empty/);
  });
});
