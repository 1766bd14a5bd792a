/**
 * Test doubles for the master side: a ReplicaConnection that records every byte written to it
 * (and can play congestion, an output limit and a close), a MasterHost and a Logger that record
 * what they were asked, a parser for what a replica receives during a full sync, and `masterFixture`
 * that wires a ReplicationMaster to a real ConfigStore, Keyspace and ReplicationState.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplicationState } from '@resplica/backlog';
import { ConfigStoreImpl } from '@resplica/config';
import { Keyspace, KeyspaceLoader } from '@resplica/keyspace';
import { RdbDecoder, type AuxField } from '@resplica/rdb';
import { ReplicationMaster } from '../src/master';
import type { Logger, MasterHost, ReplicaAnnouncement, ReplicaConnection } from '../src/types';

export class FakeConnection implements ReplicaConnection {
  readonly chunks: Buffer[] = [];
  closed = false;
  closeReason: string | null = null;
  /** overOutputLimit answers true when extraBytes + pendingBytes exceed this. */
  limitBytes = Number.POSITIVE_INFINITY;
  /** Every overOutputLimit call: [extraBytes, nowMs]. */
  readonly limitChecks: [number, number][] = [];
  pendingBytes = 0;
  /** Called from close(), as the server calls ReplicationMaster.replicaClosed. */
  onClose: (() => void) | null = null;
  private congested = false;
  private drainWaiters: (() => void)[] = [];

  constructor(
    readonly id: number,
    readonly peerIp = '10.1.1.1',
  ) {}

  write(bytes: Buffer): boolean {
    if (this.closed) return false;
    // A copy: the test sees the bytes as they were when written.
    this.chunks.push(Buffer.from(bytes));
    return !this.congested;
  }

  /** While congested, write() answers false and whenDrained() waits. */
  setCongested(on: boolean): void {
    this.congested = on;
    if (!on) this.wake();
  }

  whenDrained(): Promise<void> {
    if (!this.congested || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  overOutputLimit(extraBytes: number, nowMs: number): boolean {
    this.limitChecks.push([extraBytes, nowMs]);
    return extraBytes + this.pendingBytes > this.limitBytes;
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    this.wake();
    this.onClose?.();
  }

  /** Everything written so far. */
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.received().toString('latin1');
  }

  /** Forgets what was written so far (to look at what comes next). */
  clear(): void {
    this.chunks.length = 0;
  }

  private wake(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

export interface LogLine {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A Logger that keeps every line (with its bindings) in one shared array. */
export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields: { ...bindings, ...fields }, message });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    isLevelEnabled: () => true,
  };
}

/** The AUX fields persistence writes (what MasterHost.baseAux returns in the node). */
export const BASE_AUX: AuxField[] = [
  ['redis-ver', '7.0.15'],
  ['redis-bits', 64],
  ['ctime', 1_700_000_000],
  ['used-mem', 1_234_567],
  ['aof-base', 0],
];

export class FakeHost implements MasterHost {
  readonly log = recordingLogger();
  refusal: string | null = null;
  streamDbValue = 0;
  streamDbResets = 0;
  /** Runs inside resetStreamDb: the instant a full sync snapshot begins. */
  onSnapshotStart: (() => void) | null = null;

  constructor(public dir: string) {}

  resetStreamDb(): void {
    this.streamDbResets++;
    this.onSnapshotStart?.();
  }

  baseAux(): AuxField[] {
    return BASE_AUX;
  }

  streamDb(): number {
    return this.streamDbValue;
  }

  refusePsync(): string | null {
    return this.refusal;
  }
}

export const EOF_PSYNC2: ReplicaAnnouncement = { listeningPort: 6380, ipAddress: null, capaEof: true, capaPsync2: true };
export const NO_CAPA: ReplicaAnnouncement = { listeningPort: 6381, ipAddress: null, capaEof: false, capaPsync2: false };

export interface MasterFixture {
  readonly config: ConfigStoreImpl;
  readonly state: ReplicationState;
  readonly keyspace: Keyspace;
  readonly host: FakeHost;
  readonly master: ReplicationMaster;
  readonly dir: string;
  /** A connection whose close() tells the master, as the server does. */
  connection(id: number, peerIp?: string): FakeConnection;
  /** Files left in `dir` (temp snapshot files must be gone after each job). */
  files(): string[];
  dispose(): void;
}

/** A master over real parts; `settings` go through CONFIG SET (diskless delay 0 unless given). */
export function masterFixture(settings: [string, string][] = []): MasterFixture {
  const config = new ConfigStoreImpl(null);
  const error = config.set([...new Map([['repl-diskless-sync-delay', '0'], ...settings])]);
  if (error !== null) throw new Error(error);
  const dir = mkdtempSync(join(tmpdir(), 'resplica-master-'));
  const state = new ReplicationState({ backlogSize: config.num('repl-backlog-size') });
  const keyspace = new Keyspace({ databases: 16 });
  const host = new FakeHost(dir);
  const master = new ReplicationMaster({ state, keyspace, config, host });
  return {
    config,
    state,
    keyspace,
    host,
    master,
    dir,
    connection(id, peerIp) {
      const conn = new FakeConnection(id, peerIp);
      conn.onClose = () => master.replicaClosed(id);
      return conn;
    },
    files: () => readdirSync(dir),
    dispose() {
      master.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a replica received for a full sync, taken apart. */
export interface FullSyncBytes {
  /** Newlines before +FULLRESYNC (or before the payload header for SYNC). */
  readonly newlinesBefore: number;
  /** null for a SYNC client (no +FULLRESYNC line). */
  readonly replid: string | null;
  readonly offset: number | null;
  /** Newlines between +FULLRESYNC and the payload header. */
  readonly newlinesAfter: number;
  readonly form: 'eof' | 'bulk';
  /** The RDB bytes alone (header and mark excluded). */
  readonly rdb: Buffer;
  /** Whatever followed the payload: the start of the command stream. */
  readonly rest: Buffer;
  /** The RDB loaded into a fresh keyspace. */
  readonly keyspace: Keyspace;
  readonly aux: [string, string][];
}

/** Parses [\n]* [+FULLRESYNC id off\r\n] [\n]* ($EOF:<mark>\r\n RDB mark | $len\r\n RDB) rest. */
export function parseFullSync(bytes: Buffer, expectFullResync = true): FullSyncBytes {
  let p = 0;
  const newlines = (): number => {
    const from = p;
    while (bytes[p] === 0x0a) p++;
    return p - from;
  };
  const line = (): string => {
    const end = bytes.indexOf('\r\n', p, 'latin1');
    if (end < 0) throw new Error(`no complete line at ${p}: ${JSON.stringify(bytes.subarray(p, p + 60).toString('latin1'))}`);
    const text = bytes.toString('latin1', p, end);
    p = end + 2;
    return text;
  };
  const newlinesBefore = newlines();
  let replid: string | null = null;
  let offset: number | null = null;
  if (expectFullResync) {
    const m = /^\+FULLRESYNC ([0-9a-f]{40}) (\d+)$/.exec(line());
    if (m === null) throw new Error('no +FULLRESYNC line');
    replid = m[1];
    offset = Number(m[2]);
  }
  const newlinesAfter = newlines();
  const header = line();
  const keyspace = new Keyspace({ databases: 16 });
  const loader = new KeyspaceLoader(keyspace, { now: Date.now(), dropExpired: false });
  const aux: [string, string][] = [];
  const decoder = new RdbDecoder(
    {
      aux: (name, value) => {
        aux.push([name.toString('latin1'), value.toString('latin1')]);
        loader.aux(name, value);
      },
      selectDb: (i) => loader.selectDb(i),
      key: (db, key, value, expireAt) => loader.key(db, key, value, expireAt),
    },
    { databases: 16 },
  );
  let rdb: Buffer;
  let form: 'eof' | 'bulk';
  if (header.startsWith('$EOF:')) {
    form = 'eof';
    const mark = header.slice(5);
    if (!/^[0-9a-f]{40}$/.test(mark)) throw new Error(`bad EOF mark ${mark}`);
    const used = decoder.push(bytes.subarray(p));
    if (!decoder.done) throw new Error('the RDB did not end');
    rdb = bytes.subarray(p, p + used);
    p += used;
    const after = bytes.toString('latin1', p, p + 40);
    if (after !== mark) throw new Error(`the EOF mark does not follow the RDB: ${JSON.stringify(after)}`);
    p += 40;
  } else {
    form = 'bulk';
    const m = /^\$(\d+)$/.exec(header);
    if (m === null) throw new Error(`bad payload header ${header}`);
    const len = Number(m[1]);
    rdb = bytes.subarray(p, p + len);
    if (rdb.length !== len) throw new Error(`payload cut short: ${rdb.length} of ${len}`);
    p += len;
    if (decoder.push(rdb) !== len || !decoder.done) throw new Error('the RDB does not fill the announced length');
  }
  decoder.end();
  return { newlinesBefore, replid, offset, newlinesAfter, form, rdb, rest: bytes.subarray(p), keyspace, aux };
}

/** Every key of every database: "db:key" → "value|deadline" (string values only). */
export function dumpStrings(keyspace: Keyspace): Record<string, string> {
  const out: Record<string, string> = {};
  for (const db of keyspace.databases) {
    for (const [key, value] of db.entries()) {
      if (!Buffer.isBuffer(value)) throw new Error(`dumpStrings: ${key} is not a string`);
      out[`${db.index}:${key}`] = `${value.toString('latin1')}|${String(db.getExpire(key))}`;
    }
  }
  return out;
}

/** Stores a string key (as a command handler would, through the Database). */
export function setString(keyspace: Keyspace, db: number, key: string, value: string): void {
  keyspace.databases[db].set(key, Buffer.from(value, 'latin1'));
}

/** The RESP encoding of a command, the way the propagator feeds it. */
export function command(...argv: string[]): Buffer {
  const parts = [`*${argv.length}\r\n`];
  for (const a of argv) parts.push(`$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'latin1');
}
