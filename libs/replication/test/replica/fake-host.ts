/**
 * A ReplicaHost for the replica-link tests that records every call, over real parts: the loads go
 * into a real Keyspace through a real KeyspaceLoader, and applied bytes are fed to the real
 * ReplicationState the link was given (as the node does), so state.masterReplOffset is reploff.
 * Executed commands are recorded as copies; MULTI/EXEC/DISCARD drive inTransaction() as the
 * master client of a node would.
 */
import type { ReplicationState } from '@resplica/backlog';
import { Keyspace, KeyspaceLoader } from '@resplica/keyspace';
import type { LoadTarget, Logger, ReplicaHost } from '../../src/types';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

/** A Logger that keeps every line (children share the list). */
export function recordingLogger(lines: LogLine[]): Logger {
  const at =
    (level: LogLine['level']) =>
    (fields: object, message: string): void => {
      lines.push({ level, fields, message });
    };
  const log: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => log,
    isLevelEnabled: () => true,
  };
  return log;
}

export type HostEvent =
  | 'beginLoad'
  | 'commit'
  | 'discard'
  | 'fullSyncDone'
  | 'replidChanged'
  | 'discardTransaction'
  | 'linkUp:full'
  | 'linkUp:partial'
  | `linkDown:${string}`
  | `selectDb:${number}`;

const DATABASES = 16;

export class FakeReplicaHost implements ReplicaHost {
  readonly lines: LogLine[] = [];
  readonly log: Logger = recordingLogger(this.lines);
  port = 6390;
  ip: string | null = null;
  auth = { user: '', password: '' };
  timeoutSec = 60;
  /** The live dataset: replaced by each committed load. */
  keyspace = new Keyspace({ databases: DATABASES });
  /** Every command given to execute(), copied. */
  readonly executed: Buffer[][] = [];
  /** Every buffer given to applied(), copied. */
  readonly appliedChunks: Buffer[] = [];
  readonly events: HostEvent[] = [];
  db = 0;
  private inMulti = false;

  constructor(private readonly state: ReplicationState) {}

  announcePort(): number {
    return this.port;
  }
  announceIp(): string | null {
    return this.ip;
  }
  masterAuth(): { user: string; password: string } {
    return this.auth;
  }
  replTimeoutSec(): number {
    return this.timeoutSec;
  }

  beginLoad(): LoadTarget {
    this.events.push('beginLoad');
    const loaded = new Keyspace({ databases: DATABASES });
    const loader = new KeyspaceLoader(loaded, { now: Date.now(), dropExpired: false });
    return {
      handler: loader,
      commit: () => {
        this.events.push('commit');
        this.keyspace = loaded;
        return loader.auxFields;
      },
      discard: () => {
        this.events.push('discard');
      },
      get keysLoaded() {
        return loader.keysLoaded;
      },
    };
  }

  execute(argv: Buffer[]): void {
    this.executed.push(argv.map((a) => Buffer.from(a)));
    const name = argv[0].toString('latin1').toLowerCase();
    if (name === 'multi') this.inMulti = true;
    else if (name === 'exec' || name === 'discard') this.inMulti = false;
    else if (name === 'select' && !this.inMulti) this.db = Number(argv[1].toString('latin1'));
  }
  inTransaction(): boolean {
    return this.inMulti;
  }
  discardTransaction(): void {
    this.events.push('discardTransaction');
    this.inMulti = false;
  }
  selectedDb(): number {
    return this.db;
  }
  selectDb(db: number): void {
    this.events.push(`selectDb:${db}`);
    this.db = db;
  }
  applied(bytes: Buffer): void {
    this.appliedChunks.push(Buffer.from(bytes));
    this.state.feed(bytes);
  }
  linkUp(kind: 'full' | 'partial'): void {
    this.events.push(`linkUp:${kind}`);
  }
  linkDown(reason: string): void {
    this.events.push(`linkDown:${reason}`);
  }
  fullSyncDone(): void {
    this.events.push('fullSyncDone');
  }
  replidChanged(): void {
    this.events.push('replidChanged');
  }

  /** Commands executed, as text (tests use printable arguments where they compare this). */
  executedText(): string[][] {
    return this.executed.map((argv) => argv.map((a) => a.toString('latin1')));
  }

  /** Every applied byte, joined. */
  appliedBytes(): Buffer {
    return Buffer.concat(this.appliedChunks);
  }

  /** Log messages (not fields), for asserting that a line was written. */
  messages(): string[] {
    return this.lines.map((l) => l.message);
  }
}
