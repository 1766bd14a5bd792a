import { Keyspace, KeyspaceLoader } from '@resplica/keyspace';
import { EXAMPLE_EXPIRE_MS, EXAMPLE_RDB } from '../../test/replica/sample-rdb';
import { ReplicaLinkError } from './errors';
import { PayloadReader, parsePayloadHeader, type PayloadHeader } from './payload-reader';

const MARK = '0123456789abcdef0123456789abcdef01234567';
const STREAM = Buffer.from('*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n', 'latin1');

/** Feeds `pieces` in order; returns the loaded keyspace and the bytes the reader did not take. */
function read(header: PayloadHeader, pieces: Buffer[]): { keyspace: Keyspace; rest: Buffer; reader: PayloadReader } {
  const keyspace = new Keyspace({ databases: 16 });
  const reader = new PayloadReader(header, new KeyspaceLoader(keyspace, { now: 0, dropExpired: false }));
  const rest: Buffer[] = [];
  for (const piece of pieces) {
    const used = reader.push(piece);
    rest.push(piece.subarray(used));
  }
  return { keyspace, rest: Buffer.concat(rest), reader };
}

function expectExample(keyspace: Keyspace): void {
  const db = keyspace.databases[0];
  expect(db.size()).toBe(2);
  expect(db.lookupRead('foo', 0)).toEqual(Buffer.from('bar'));
  expect(db.lookupRead('temp', 0)).toEqual(Buffer.from('hello'));
  expect(db.getExpire('temp')).toBe(EXAMPLE_EXPIRE_MS);
}

/** The ways to cut `bytes`: whole, byte by byte, and in two at every boundary. */
function cuts(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

describe('parsePayloadHeader (spec §2.2)', () => {
  it('reads both framings', () => {
    expect(parsePayloadHeader('$85')).toEqual({ framing: 'length', length: 85 });
    expect(parsePayloadHeader('$0')).toEqual({ framing: 'length', length: 0 });
    expect(parsePayloadHeader(`$EOF:${MARK}`)).toEqual({ framing: 'eof', mark: Buffer.from(MARK) });
  });

  it('takes the first 40 chars after $EOF: as the mark', () => {
    expect(parsePayloadHeader(`$EOF:${MARK}zz`)).toEqual({ framing: 'eof', mark: Buffer.from(MARK) });
  });

  it.each(['$', '$-1', '$12a', `$EOF:${MARK.slice(1)}`, '$ 12'])('refuses %j', (line) => {
    expect(() => parsePayloadHeader(line)).toThrow(ReplicaLinkError);
  });
});

describe('PayloadReader', () => {
  const lengthForm = Buffer.concat([EXAMPLE_RDB, STREAM]);
  const eofForm = Buffer.concat([EXAMPLE_RDB, Buffer.from(MARK), STREAM]);

  it.each(cuts(lengthForm).map((c, i) => [i, c] as const))(
    'loads a $len payload cut #%i and leaves the stream bytes',
    (_i, pieces) => {
      const { keyspace, rest, reader } = read({ framing: 'length', length: EXAMPLE_RDB.length }, pieces);
      expect(reader.done).toBe(true);
      expect(reader.readBytes).toBe(85);
      expect(reader.totalBytes).toBe(85);
      expect(rest).toEqual(STREAM);
      expectExample(keyspace);
    },
  );

  it.each(cuts(eofForm).map((c, i) => [i, c] as const))(
    'loads an EOF-marked payload cut #%i and leaves the stream bytes',
    (_i, pieces) => {
      const { keyspace, rest, reader } = read({ framing: 'eof', mark: Buffer.from(MARK) }, pieces);
      expect(reader.done).toBe(true);
      expect(reader.readBytes).toBe(125);
      expect(reader.totalBytes).toBe(0);
      expect(rest).toEqual(STREAM);
      expectExample(keyspace);
    },
  );

  it('is not done before the last byte of the mark', () => {
    const { reader } = read({ framing: 'eof', mark: Buffer.from(MARK) }, [eofForm.subarray(0, 124)]);
    expect(reader.done).toBe(false);
    expect(reader.readBytes).toBe(124);
  });

  it('refuses a wrong mark, even one wrong last byte', () => {
    const bad = Buffer.concat([EXAMPLE_RDB, Buffer.from(MARK.slice(0, 39) + 'x')]);
    expect(() => read({ framing: 'eof', mark: Buffer.from(MARK) }, [bad])).toThrow(
      'the bytes after the RDB are not the EOF mark',
    );
  });

  it('refuses a length that ends inside the RDB', () => {
    expect(() => read({ framing: 'length', length: 84 }, [EXAMPLE_RDB])).toThrow(/ended after 84 bytes/);
  });

  it('refuses an empty $0 payload at the first push', () => {
    expect(() => read({ framing: 'length', length: 0 }, [Buffer.alloc(0)])).toThrow(/inside the RDB header/);
  });

  it('refuses a corrupt RDB (checksum)', () => {
    const corrupt = Buffer.from(EXAMPLE_RDB);
    corrupt[0x34] ^= 1; // a byte of the value "bar"
    expect(() => read({ framing: 'length', length: 85 }, [corrupt])).toThrow(/checksum|CRC/i);
  });
});
