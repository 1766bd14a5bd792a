/**
 * Reads a full-sync payload in either framing (spec §2.2, §2.5) and decodes the RDB as it arrives,
 * so the payload is never held whole:
 *
 * - `$<len>`: exactly `len` bytes go to the decoder, which must have seen the whole RDB by then.
 * - `$EOF:<mark>`: bytes go to the decoder until the RDB ends (EOF opcode and checksum), then
 *   exactly the 40 bytes of the mark follow and must equal it. The end is found by decoding, not by
 *   searching for the mark, so stream bytes after it cannot hide it.
 *
 * `push` returns how many bytes of a chunk belong to the payload; the rest is the command stream.
 * Errors (a bad header, a corrupt RDB, a wrong mark, a truncated length-framed RDB) are thrown; the
 * caller then discards the load.
 */
import { RdbDecoder, type RdbHandler } from '@resplica/rdb';
import { ReplicaLinkError } from './errors';

const MARK_BYTES = 40;
const EOF_PREFIX = '$EOF:';
const LENGTH = /^\$(\d+)$/;

export type PayloadHeader =
  | { readonly framing: 'eof'; readonly mark: Buffer }
  | { readonly framing: 'length'; readonly length: number };

/** Parses a `$…` header line. A real replica takes the first 40 chars after `$EOF:` as the mark. */
export function parsePayloadHeader(line: string): PayloadHeader {
  if (line.startsWith(EOF_PREFIX) && line.length >= EOF_PREFIX.length + MARK_BYTES) {
    const mark = Buffer.from(line.slice(EOF_PREFIX.length, EOF_PREFIX.length + MARK_BYTES), 'latin1');
    return { framing: 'eof', mark };
  }
  const m = LENGTH.exec(line);
  if (m === null) throw new ReplicaLinkError(`bad full-sync payload header: '${line}'`);
  return { framing: 'length', length: Number(m[1]) };
}

export class PayloadReader {
  /** Payload bytes received so far (RDB and mark). */
  readBytes = 0;
  private readonly decoder: RdbDecoder;
  private readonly mark: Buffer | null;
  private readonly length: number;
  private readonly markRead = Buffer.alloc(MARK_BYTES);
  private markBytes = 0;
  private finished = false;

  constructor(header: PayloadHeader, handler: RdbHandler) {
    this.decoder = new RdbDecoder(handler);
    this.mark = header.framing === 'eof' ? header.mark : null;
    this.length = header.framing === 'length' ? header.length : 0;
  }

  /** The announced size; 0 for the EOF framing (INFO's master_sync_total_bytes). */
  get totalBytes(): number {
    return this.length;
  }

  get eofFramed(): boolean {
    return this.mark !== null;
  }

  /** True once the whole payload was read and checked. */
  get done(): boolean {
    return this.finished;
  }

  /** Feeds the next bytes (possibly none); returns how many of them belong to the payload. */
  push(chunk: Buffer): number {
    if (this.finished) return 0;
    return this.mark === null ? this.pushLength(chunk) : this.pushEof(chunk, this.mark);
  }

  private pushLength(chunk: Buffer): number {
    const want = Math.min(chunk.length, this.length - this.readBytes);
    if (want > 0) this.decoder.push(want === chunk.length ? chunk : chunk.subarray(0, want));
    this.readBytes += want;
    if (this.readBytes === this.length) {
      // Throws when the announced length ended inside the RDB.
      this.decoder.end();
      this.finished = true;
    }
    return want;
  }

  private pushEof(chunk: Buffer, mark: Buffer): number {
    let used = 0;
    if (!this.decoder.done) {
      used = this.decoder.push(chunk);
      this.readBytes += used;
      if (!this.decoder.done) return used;
    }
    const take = Math.min(MARK_BYTES - this.markBytes, chunk.length - used);
    chunk.copy(this.markRead, this.markBytes, used, used + take);
    this.markBytes += take;
    this.readBytes += take;
    used += take;
    if (this.markBytes === MARK_BYTES) {
      if (!this.markRead.equals(mark)) throw new ReplicaLinkError('the bytes after the RDB are not the EOF mark');
      this.finished = true;
    }
    return used;
  }
}
