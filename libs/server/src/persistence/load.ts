/**
 * Loading the snapshot file at start-up: the file is read in CHUNK_BYTES pieces, each pushed
 * through an RdbDecoder into a KeyspaceLoader. Every read is an asynchronous round trip through
 * libuv, so between two chunks the event loop serves the clients that connected meanwhile (they
 * get -LOADING, or INFO's loading fields). The next chunk's read is started before the current
 * one is decoded, so the file is read while keys are built instead of between them. Progress is
 * logged every PROGRESS_INTERVAL_MS.
 *
 * A master loading its own file drops keys whose deadline has passed (counted, as 7.0's
 * rdb_last_load_keys_expired). A construct we cannot hold (a stream, a module value, a function
 * library) fails the load rather than being dropped silently.
 *
 * Invariant: the file is opened read-only and never written, renamed or removed here, whatever
 * happens; every failure is a RdbLoadError that names the file and the problem.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { KeyspaceLoader, type Keyspace } from '@resplica/keyspace';
import { RdbDecoder, RdbError } from '@resplica/rdb';
import type { Logger } from '../logger';
import { messageOf } from './rdb-file';

/** Bytes per read: small enough that decoding one chunk takes a few ms, so clients are answered. */
const CHUNK_BYTES = 64 * 1024;
const PROGRESS_INTERVAL_MS = 1000;

/** The file could not be loaded; `message` names the file and the problem. */
export class RdbLoadError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'RdbLoadError';
  }
}

export interface LoadOptions {
  readonly log: Logger;
  /** rdbchecksum: verify the CRC-64 trailer. */
  readonly verifyChecksum: boolean;
  /** Skip keys already expired (a master); a replica keeps them for its master's DEL. */
  readonly dropExpired: boolean;
  /** Called once with the file's size, before any key is loaded. */
  readonly onStart: (totalBytes: number) => void;
  /** Called after each chunk with the bytes read so far and the file's `used-mem` (0 until read). */
  readonly onProgress: (loadedBytes: number, rdbUsedMem: number) => void;
}

export interface LoadResult {
  readonly keysLoaded: number;
  readonly keysExpired: number;
  readonly bytes: number;
  readonly ms: number;
  /** Every AUX field of the file by name (repl-id, repl-offset, repl-stream-db, …). */
  readonly aux: ReadonlyMap<string, Buffer>;
}

/** Describes a decoder failure for the log: what went wrong and where. */
function describeFailure(err: unknown, offset: number): string {
  if (err instanceof RdbError) {
    const what = err.code === 'truncated' ? 'the file is truncated' : err.code === 'checksum' ? 'the checksum does not match' : `${err.code} data`;
    return `${what} (${err.message}; ${offset} bytes read)`;
  }
  return `${messageOf(err)} (${offset} bytes read)`;
}

/** A numeric AUX field (`used-mem`, `ctime`), 0 when absent or not a number. */
function auxNumber(loader: KeyspaceLoader, name: string): number {
  const value = loader.auxFields.get(name);
  const n = value === undefined ? 0 : Number(value.toString('latin1'));
  return Number.isFinite(n) ? n : 0;
}

/**
 * The file's bytes from `offset`, up to CHUNK_BYTES (empty at the end). A fresh buffer per read:
 * the decoder may keep views into a chunk it has not finished.
 */
async function readChunk(handle: FileHandle, offset: number): Promise<Buffer> {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, offset);
  return bytesRead === CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead);
}

/** Loads the RDB file at `path` into `keyspace`; rejects with RdbLoadError. */
export async function loadRdbFile(path: string, keyspace: Keyspace, options: LoadOptions): Promise<LoadResult> {
  const log = options.log;
  const started = Date.now();
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new RdbLoadError(`Fatal error loading the DB from ${path}: ${messageOf(err)}`, err);
  }
  const loader = new KeyspaceLoader(keyspace, { now: started, dropExpired: options.dropExpired });
  const decoder = new RdbDecoder(loader, { databases: keyspace.databases.length, verifyChecksum: options.verifyChecksum });
  let offset = 0;
  let nextRead: Promise<Buffer> | null = null;
  try {
    const totalBytes = (await handle.stat()).size;
    options.onStart(totalBytes);
    log.info({ file: path, bytes: totalBytes }, 'loading RDB file');
    let nextProgressMs = started + PROGRESS_INTERVAL_MS;
    nextRead = readChunk(handle, 0);
    for (;;) {
      const chunk: Buffer = await nextRead;
      if (chunk.length === 0) break;
      offset += chunk.length;
      nextRead = readChunk(handle, offset);
      const consumed = decoder.push(chunk);
      options.onProgress(offset, auxNumber(loader, 'used-mem'));
      if (consumed < chunk.length) {
        log.warn({ file: path, ignoredBytes: totalBytes - (offset - chunk.length + consumed) }, 'bytes after the end of the RDB file are ignored');
        break;
      }
      const now = Date.now();
      if (now >= nextProgressMs) {
        nextProgressMs = now + PROGRESS_INTERVAL_MS;
        const percent = totalBytes === 0 ? 100 : Math.round((offset / totalBytes) * 10000) / 100;
        log.info({ loadedBytes: offset, totalBytes, percent, keys: loader.keysLoaded }, 'loading progress');
      }
    }
    decoder.end();
  } catch (err) {
    throw new RdbLoadError(`Failed loading ${path}: ${describeFailure(err, decoder.bytesConsumed)}`, err);
  } finally {
    // A read may still be in flight (the file ended early, or decoding failed): let it settle
    // before the handle closes under it; its outcome no longer matters.
    if (nextRead !== null) await nextRead.catch(() => undefined);
    await handle.close();
  }
  const ms = Date.now() - started;
  const version = loader.auxFields.get('redis-ver');
  const ctime = auxNumber(loader, 'ctime');
  log.info(
    {
      file: path,
      producedBy: version === undefined ? 'unknown' : version.toString('latin1'),
      ageSec: ctime === 0 ? null : Math.floor(started / 1000) - ctime,
      keysLoaded: loader.keysLoaded,
      keysExpired: loader.expiredSkipped,
      emptyKeysSkipped: loader.emptySkipped,
      bytes: offset,
      ms,
    },
    'done loading RDB',
  );
  return { keysLoaded: loader.keysLoaded, keysExpired: loader.expiredSkipped, bytes: offset, ms, aux: loader.auxFields };
}
