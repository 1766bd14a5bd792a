/*
 * Test-only: a Reply that encodes to RESP2 or RESP3 bytes in memory, so specs can compare what
 * commandCommand writes with a real server's bytes. Covers exactly the Reply calls the COMMAND code
 * makes, plus the simple ones; the production writer lives in libs/resp.
 */
import type { DeferredLength, Reply } from '../src/reply';

export class EncodingReply implements Reply {
  private readonly chunks: string[] = [];

  constructor(readonly protocol: 2 | 3 = 2) {}

  /** Everything written so far, as bytes (latin1 keeps each char one byte). */
  bytes(): Buffer {
    return Buffer.from(this.chunks.join(''), 'latin1');
  }

  text(): string {
    return this.chunks.join('');
  }

  ok(): void {
    this.chunks.push('+OK\r\n');
  }

  status(text: string): void {
    this.chunks.push(`+${text}\r\n`);
  }

  error(message: string): void {
    this.chunks.push(`-${message}\r\n`);
  }

  integer(n: number | bigint): void {
    this.chunks.push(`:${n}\r\n`);
  }

  bulkLatin1(value: string): void {
    this.bulk(Buffer.from(value, 'latin1'));
  }
  bulk(value: Buffer | string | null): void {
    if (value === null) {
      this.chunks.push(this.protocol === 3 ? '_\r\n' : '$-1\r\n');
      return;
    }
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.chunks.push(`$${bytes.length}\r\n${bytes.toString('latin1')}\r\n`);
  }

  nullArray(): void {
    this.chunks.push(this.protocol === 3 ? '_\r\n' : '*-1\r\n');
  }

  arrayHeader(n: number): void {
    this.chunks.push(`*${n}\r\n`);
  }

  mapHeader(pairs: number): void {
    this.chunks.push(this.protocol === 3 ? `%${pairs}\r\n` : `*${pairs * 2}\r\n`);
  }

  setHeader(n: number): void {
    this.chunks.push(this.protocol === 3 ? `~${n}\r\n` : `*${n}\r\n`);
  }

  pushHeader(n: number): void {
    this.chunks.push(this.protocol === 3 ? `>${n}\r\n` : `*${n}\r\n`);
  }

  double(value: number): void {
    this.chunks.push(this.protocol === 3 ? `,${value}\r\n` : `$${String(value).length}\r\n${value}\r\n`);
  }

  bool(value: boolean): void {
    this.chunks.push(this.protocol === 3 ? `#${value ? 't' : 'f'}\r\n` : `:${value ? 1 : 0}\r\n`);
  }

  verbatim(text: string, format: 'txt' | 'mkd' = 'txt'): void {
    if (this.protocol === 2) return this.bulk(text);
    const body = `${format}:${text}`;
    this.chunks.push(`=${Buffer.byteLength(body)}\r\n${body}\r\n`);
  }

  deferredArray(): DeferredLength {
    const at = this.chunks.length;
    this.chunks.push('');
    return { setLength: (n: number) => void (this.chunks[at] = `*${n}\r\n`) };
  }

  raw(bytes: Buffer): void {
    this.chunks.push(bytes.toString('latin1'));
  }
}

/** A decoded reply: scalars as strings/numbers/null, aggregates as tagged arrays. */
export type Tree = string | number | null | { type: string; items: Tree[] } | { error: string };

/** Decodes exactly one RESP2/RESP3 reply (the subset COMMAND uses). */
export function decodeReply(buf: Buffer): Tree {
  const [tree, end] = decodeAt(buf, 0);
  if (end !== buf.length) throw new Error(`${buf.length - end} trailing bytes`);
  return tree;
}

function decodeAt(buf: Buffer, pos: number): [Tree, number] {
  const type = String.fromCharCode(buf[pos]);
  const eol = buf.indexOf('\r\n', pos, 'latin1');
  const line = buf.toString('latin1', pos + 1, eol);
  let next = eol + 2;
  switch (type) {
    case '+':
      return [line, next];
    case '-':
      return [{ error: line }, next];
    case ':':
      return [Number(line), next];
    case '_':
      return [null, next];
    case '$': {
      const len = Number(line);
      if (len < 0) return [null, next];
      return [buf.toString('latin1', next, next + len), next + len + 2];
    }
    case '*':
    case '~':
    case '%': {
      const n = Number(line);
      if (n < 0) return [null, next];
      const items: Tree[] = [];
      for (let i = 0; i < (type === '%' ? 2 * n : n); i++) {
        const [item, after] = decodeAt(buf, next);
        items.push(item);
        next = after;
      }
      return [{ type, items }, next];
    }
    default:
      throw new Error(`unexpected RESP type ${JSON.stringify(type)} at ${pos}`);
  }
}

/** The elements of an aggregate reply (a map's keys and values alternate); throws for anything else. */
export function itemsOf(tree: Tree): Tree[] {
  if (tree === null || typeof tree !== 'object' || !('items' in tree)) throw new Error(`not an aggregate: ${JSON.stringify(tree)}`);
  return tree.items;
}

/** The RESP type character of an aggregate reply. */
export function typeOf(tree: Tree): string {
  if (tree === null || typeof tree !== 'object' || !('type' in tree)) throw new Error(`not an aggregate: ${JSON.stringify(tree)}`);
  return tree.type;
}
