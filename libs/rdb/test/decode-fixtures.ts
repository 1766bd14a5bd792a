/**
 * Test helper: builds RDB bytes by hand, straight from the format description in
 * ../shared/spec/replication.md §8 (never from the encoder under test), so decoder tests can cover
 * every length form, string encoding, type id and inner encoding, including the old ones no 7.0
 * writes. Builders return Buffers; `cat` joins any mix of Buffers, byte arrays and latin1 strings.
 */

export type Part = Buffer | number[] | string;

/** Joins parts; a string is taken as latin1 (one byte per char). */
export function cat(...parts: Part[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}

/* ---- CRC-64/Jones, bit by bit: an oracle independent of the library's table-driven one ---- */

const REVERSED_POLY = 0x95ac9329ac4bc9b5n;

export function crc64Reference(bytes: Buffer): bigint {
  let crc = 0n;
  for (const byte of bytes) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ REVERSED_POLY : crc >> 1n;
  }
  return crc;
}

function u64le(value: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(value);
  return out;
}

/* ---- Lengths (§8.4) and RDB strings (§8.5) ---- */

export type LengthForm = 6 | 14 | 32 | 64;

/** A length in the smallest form, or in `form` (any form may hold any value that fits). */
export function len(value: number | bigint, form?: LengthForm): Buffer {
  const n = BigInt(value);
  const chosen = form ?? (n < 64n ? 6 : n < 16384n ? 14 : n <= 0xffffffffn ? 32 : 64);
  switch (chosen) {
    case 6:
      return Buffer.from([Number(n)]);
    case 14:
      return Buffer.from([0x40 | Number(n >> 8n), Number(n & 0xffn)]);
    case 32: {
      const out = Buffer.alloc(5);
      out[0] = 0x80;
      out.writeUInt32BE(Number(n), 1);
      return out;
    }
    case 64: {
      const out = Buffer.alloc(9);
      out[0] = 0x81;
      out.writeBigUInt64BE(n, 1);
      return out;
    }
  }
}

/** A raw RDB string: length then bytes. */
export function str(bytes: Buffer | string, form?: LengthForm): Buffer {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  return cat(len(b.length, form), b);
}

export const int8 = (v: number): Buffer => Buffer.from([0xc0, v & 0xff]);
export function int16(v: number): Buffer {
  const out = Buffer.alloc(3);
  out[0] = 0xc1;
  out.writeInt16LE(v, 1);
  return out;
}
export function int32(v: number): Buffer {
  const out = Buffer.alloc(5);
  out[0] = 0xc2;
  out.writeInt32LE(v, 1);
  return out;
}

/** An LZF string from its compressed bytes and inflated length. */
export function lzfStr(compressed: Buffer | number[], length: number): Buffer {
  const c = Buffer.from(compressed);
  return cat([0xc3], len(c.length), len(length), c);
}

/** LZF bytes of `data` as literal runs only: a valid LZF stream any decompressor must accept. */
export function lzfLiterals(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += 32) {
    const run = data.subarray(i, Math.min(data.length, i + 32));
    parts.push(Buffer.from([run.length - 1]), run);
  }
  return Buffer.concat(parts);
}

/* ---- Files (§8.1) ---- */

export interface FileOptions {
  version?: number;
  /** 'auto' (default): the real CRC-64; 'zero': 0 (not computed); or explicit 8 bytes. */
  checksum?: 'auto' | 'zero' | Buffer;
}

/** "REDIS00vv" + records + EOF + checksum (for version ≥ 5). */
export function rdbFile(records: Part[], options: FileOptions = {}): Buffer {
  const version = options.version ?? 10;
  const body = cat(`REDIS${String(version).padStart(4, '0')}`, ...records, [0xff]);
  if (version < 5) return body;
  const checksum = options.checksum ?? 'auto';
  const trailer = checksum === 'auto' ? u64le(crc64Reference(body)) : checksum === 'zero' ? Buffer.alloc(8) : checksum;
  return cat(body, trailer);
}

export const op = {
  aux: (name: Part, value: Part): Buffer => cat([0xfa], name, value),
  selectDb: (db: number, form?: LengthForm): Buffer => cat([0xfe], len(db, form)),
  resizeDb: (keys: number, expires: number): Buffer => cat([0xfb], len(keys), len(expires)),
  expireMs(ms: number | bigint): Buffer {
    const out = Buffer.alloc(9);
    out[0] = 0xfc;
    out.writeBigInt64LE(BigInt(ms), 1);
    return out;
  },
  expireSeconds(s: number): Buffer {
    const out = Buffer.alloc(5);
    out[0] = 0xfd;
    out.writeInt32LE(s, 1);
    return out;
  },
  freq: (counter: number): Buffer => Buffer.from([0xf9, counter]),
  idle: (seconds: number | bigint): Buffer => cat([0xf8], len(seconds)),
};

/** A key record: type byte, key string, value body. */
export function record(type: number, key: Part, body: Part): Buffer {
  return cat([type], typeof key === 'string' ? str(key) : key, body);
}

/* ---- Listpack (§8.7) ---- */

/** The backlen bytes after an entry of `size` bytes. */
export function backlen(size: number): Buffer {
  const bytes = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    const shift = 7 * (bytes - 1 - i);
    out[i] = (Math.floor(size / 2 ** shift) & 127) | (i === 0 ? 0 : 128);
  }
  return out;
}

function lpEntry(encodingAndData: Buffer): Buffer {
  return cat(encodingAndData, backlen(encodingAndData.length));
}

/** Listpack entries in each explicit form. */
export const lp = {
  uint7: (v: number): Buffer => lpEntry(Buffer.from([v])),
  int13(v: number): Buffer {
    const u = v < 0 ? v + 8192 : v;
    return lpEntry(Buffer.from([0xc0 | (u >> 8), u & 0xff]));
  },
  int16(v: number): Buffer {
    const b = Buffer.alloc(3);
    b[0] = 0xf1;
    b.writeInt16LE(v, 1);
    return lpEntry(b);
  },
  int24(v: number): Buffer {
    const b = Buffer.alloc(4);
    b[0] = 0xf2;
    b.writeIntLE(v, 1, 3);
    return lpEntry(b);
  },
  int32(v: number): Buffer {
    const b = Buffer.alloc(5);
    b[0] = 0xf3;
    b.writeInt32LE(v, 1);
    return lpEntry(b);
  },
  int64(v: bigint): Buffer {
    const b = Buffer.alloc(9);
    b[0] = 0xf4;
    b.writeBigInt64LE(v, 1);
    return lpEntry(b);
  },
  str6: (s: Buffer | string): Buffer => {
    const b = Buffer.from(s as string, 'latin1');
    return lpEntry(cat([0x80 | b.length], b));
  },
  str12: (s: Buffer | string): Buffer => {
    const b = Buffer.from(s as string, 'latin1');
    return lpEntry(cat([0xe0 | (b.length >> 8), b.length & 0xff], b));
  },
  str32: (s: Buffer | string): Buffer => {
    const b = Buffer.from(s as string, 'latin1');
    const head = Buffer.alloc(5);
    head[0] = 0xf0;
    head.writeUInt32LE(b.length, 1);
    return lpEntry(cat(head, b));
  },
  /** The form a writer picks: integers for canonical int64 text, else the smallest string form. */
  auto(value: string | number | bigint): Buffer {
    const text = String(value);
    if (/^(0|-?[1-9]\d*)$/.test(text) && BigInt(text) >= -(2n ** 63n) && BigInt(text) < 2n ** 63n) {
      const n = BigInt(text);
      if (n >= 0n && n <= 127n) return lp.uint7(Number(n));
      if (n >= -4096n && n <= 4095n) return lp.int13(Number(n));
      if (n >= -32768n && n <= 32767n) return lp.int16(Number(n));
      if (n >= -8388608n && n <= 8388607n) return lp.int24(Number(n));
      if (n >= -2147483648n && n <= 2147483647n) return lp.int32(Number(n));
      return lp.int64(n);
    }
    const b = Buffer.from(text, 'latin1');
    return b.length < 64 ? lp.str6(b) : b.length < 4096 ? lp.str12(b) : lp.str32(b);
  },
};

/** A listpack blob of encoded entries; `count` overrides the header's element count. */
export function listpack(entries: Buffer[], count?: number): Buffer {
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(6);
  head.writeUInt32LE(6 + body.length + 1, 0);
  head.writeUInt16LE(count ?? entries.length, 4);
  return cat(head, body, [0xff]);
}

/* ---- Ziplist (§8.7) ---- */

/** Ziplist entry encodings (+ data), without the prevlen the builder adds. */
export const zl = {
  str6: (s: string): Buffer => cat([s.length], s),
  str14: (s: string): Buffer => cat([0x40 | (s.length >> 8), s.length & 0xff], s),
  str32(s: string): Buffer {
    const head = Buffer.alloc(5);
    head[0] = 0x80;
    head.writeUInt32BE(s.length, 1);
    return cat(head, s);
  },
  int16(v: number): Buffer {
    const b = Buffer.alloc(3);
    b[0] = 0xc0;
    b.writeInt16LE(v, 1);
    return b;
  },
  int32(v: number): Buffer {
    const b = Buffer.alloc(5);
    b[0] = 0xd0;
    b.writeInt32LE(v, 1);
    return b;
  },
  int64(v: bigint): Buffer {
    const b = Buffer.alloc(9);
    b[0] = 0xe0;
    b.writeBigInt64LE(v, 1);
    return b;
  },
  int24(v: number): Buffer {
    const b = Buffer.alloc(4);
    b[0] = 0xf0;
    b.writeIntLE(v, 1, 3);
    return b;
  },
  int8: (v: number): Buffer => Buffer.from([0xfe, v & 0xff]),
  /** 0..12 in the encoding byte itself. */
  imm: (v: number): Buffer => Buffer.from([0xf1 + v]),
};

/**
 * A ziplist blob: each entry gets the prevlen of the one before (1 byte, or 0xFE + u32 when the
 * previous entry is 254 bytes or more, or always 5 bytes for the entries listed in `widePrevlen`).
 */
export function ziplist(entries: Buffer[], options: { count?: number; widePrevlen?: number[] } = {}): Buffer {
  const parts: Buffer[] = [];
  let previous = 0;
  let offset = 10;
  let tail = 10;
  entries.forEach((entry, i) => {
    let prevlen: Buffer;
    if (previous >= 254 || options.widePrevlen?.includes(i)) {
      prevlen = Buffer.alloc(5);
      prevlen[0] = 0xfe;
      prevlen.writeUInt32LE(previous, 1);
    } else {
      prevlen = Buffer.from([previous]);
    }
    const whole = cat(prevlen, entry);
    tail = offset;
    parts.push(whole);
    offset += whole.length;
    previous = whole.length;
  });
  const head = Buffer.alloc(10);
  head.writeUInt32LE(offset + 1, 0);
  head.writeUInt32LE(tail, 4);
  head.writeUInt16LE(options.count ?? entries.length, 8);
  return cat(head, ...parts, [0xff]);
}

/* ---- Intset and zipmap (§8.7) ---- */

export function intset(width: 2 | 4 | 8, values: Array<number | bigint>): Buffer {
  const out = Buffer.alloc(8 + width * values.length);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(values.length, 4);
  values.forEach((v, i) => {
    const at = 8 + i * width;
    if (width === 2) out.writeInt16LE(Number(v), at);
    else if (width === 4) out.writeInt32LE(Number(v), at);
    else out.writeBigInt64LE(BigInt(v), at);
  });
  return out;
}

function zipmapLen(n: number): Buffer {
  if (n < 254) return Buffer.from([n]);
  const out = Buffer.alloc(5);
  out[0] = 0xfe;
  out.writeUInt32LE(n, 1);
  return out;
}

/** A zipmap blob; `free` adds that many unused bytes after each value. */
export function zipmap(pairs: Array<[string, string]>, options: { count?: number; free?: number } = {}): Buffer {
  const free = options.free ?? 0;
  const parts = pairs.map(([f, v]) => cat(zipmapLen(f.length), f, zipmapLen(v.length), [free], v, Buffer.alloc(free)));
  return cat([options.count ?? Math.min(pairs.length, 254)], ...parts, [0xff]);
}
