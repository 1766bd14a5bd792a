/*
 * The differential runner: plays one session against the reference redis-server and against our
 * server side by side, over raw sockets, and returns every step whose replies disagree.
 *
 * Invariants: each run starts from FLUSHALL on both servers; both servers receive the same bytes
 * in the same order; once a read fails on either side (timeout, early close) the two streams can
 * no longer be matched, so the session stops there and says so.
 */
import { RawClient } from '../raw-client';
import { encodeCommand } from '../resp-frame';
import { Comparator, escapeBytes, exact } from './compare';
import { Session, StepSpec, stepSpec } from './script';

export interface DifferentialTargets {
  /** Port of our server (the one under test). */
  ours: number;
  /** Port of the real redis-server. */
  reference: number;
  /** How long one reply may take. @default 2000 */
  readTimeoutMs?: number;
}

export interface Mismatch {
  session: string;
  protocol: 2 | 3;
  /** Index of the step in the session, -1 for the session setup. */
  step: number;
  /** The command (or raw bytes) as sent, escaped. */
  command: string;
  ours: string;
  reference: string;
  reason: string;
}

type ReadResult = { ok: true; bytes: Buffer } | { ok: false; error: string };

async function read(promise: Promise<Buffer>): Promise<ReadResult> {
  try {
    return { ok: true, bytes: await promise };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

function describe(result: ReadResult): string {
  return result.ok ? escapeBytes(result.bytes) : `<${result.error}>`;
}

function describeStep(spec: StepSpec): string {
  const text = spec.raw !== undefined ? `raw ${escapeBytes(Buffer.from(spec.raw))}` : escapeBytes(encodeCommand(spec.cmd ?? []));
  const where = spec.client ? `[client ${spec.client}] ` : '';
  return where + (text.length > 300 ? `${text.slice(0, 300)}…` : text);
}

function bytesOf(spec: StepSpec): Buffer {
  if (spec.raw !== undefined) return typeof spec.raw === 'string' ? Buffer.from(spec.raw, 'latin1') : spec.raw;
  return encodeCommand(spec.cmd ?? []);
}

async function openClients(port: number, count: number): Promise<RawClient[]> {
  const clients: RawClient[] = [];
  for (let i = 0; i < count; i++) clients.push(await RawClient.connect(port));
  return clients;
}

async function flushAll(port: number, timeoutMs: number): Promise<string | null> {
  const admin = await RawClient.connect(port);
  try {
    admin.sendCommand(['FLUSHALL']);
    const reply = await admin.readReply(timeoutMs);
    return reply.toString('latin1') === '+OK\r\n' ? null : `FLUSHALL replied ${escapeBytes(reply)}`;
  } catch (err) {
    return `FLUSHALL failed: ${(err as Error).message}`;
  } finally {
    admin.destroy();
  }
}

/** Commands that park their client when nothing can be served (outside MULTI). */
const BLOCKING = new Set(['blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop']);

/** A step that sends a blocking command and reads no reply: its client is expected to park. */
function mayPark(spec: StepSpec): boolean {
  return spec.replies === 0 && spec.cmd !== undefined && BLOCKING.has(String(spec.cmd[0]).toLowerCase());
}

/** INFO clients' blocked_clients, read on a separate admin connection. */
async function blockedClients(port: number, timeoutMs: number): Promise<number> {
  const admin = await RawClient.connect(port);
  try {
    admin.sendCommand(['INFO', 'clients']);
    const match = /blocked_clients:(\d+)/.exec((await admin.readReply(timeoutMs)).toString('latin1'));
    return match === null ? -1 : Number(match[1]);
  } finally {
    admin.destroy();
  }
}

/** How long a parking step may take to show up as a blocked client before the session goes on. */
const PARK_WAIT_MS = 1000;

/**
 * Two connections are not ordered with each other: a write sent on client 0 right after client 1's
 * BLPOP can reach the server first. After a parking step, wait (bounded) until the server counts one
 * more blocked client; a command that was served at once never parks, and the wait then just ends.
 */
async function waitParked(port: number, before: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + PARK_WAIT_MS;
  while (Date.now() < deadline) {
    if ((await blockedClients(port, timeoutMs)) > before) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function clientCount(session: Session, steps: StepSpec[]): number {
  let highest = 0;
  for (const step of steps) highest = Math.max(highest, step.client ?? 0);
  return Math.max(session.clients ?? 0, highest + 1);
}

/** Runs one session in one protocol and returns the mismatches (empty when both agree). */
export async function runSession(
  session: Session,
  protocol: 2 | 3,
  targets: DifferentialTargets,
): Promise<Mismatch[]> {
  const timeoutMs = targets.readTimeoutMs ?? 2000;
  const steps = session.steps.map(stepSpec);
  const mismatches: Mismatch[] = [];
  const fail = (step: number, command: string, ours: string, reference: string, reason: string): void => {
    mismatches.push({ session: session.name, protocol, step, command, ours, reference, reason });
  };

  const [ourFlush, refFlush] = await Promise.all([flushAll(targets.ours, timeoutMs), flushAll(targets.reference, timeoutMs)]);
  if (ourFlush || refFlush) {
    fail(-1, 'FLUSHALL', ourFlush ?? '+OK', refFlush ?? '+OK', 'setup failed');
    return mismatches;
  }
  const count = clientCount(session, steps);
  const ours = await openClients(targets.ours, count);
  const reference = await openClients(targets.reference, count);
  try {
    if (protocol === 3) {
      for (let i = 0; i < count; i++) {
        ours[i].sendCommand(['HELLO', '3']);
        reference[i].sendCommand(['HELLO', '3']);
        const [a, b] = await Promise.all([read(ours[i].readReply(timeoutMs)), read(reference[i].readReply(timeoutMs))]);
        if (!a.ok || !b.ok || a.bytes[0] !== b.bytes[0]) {
          fail(-1, 'HELLO 3', describe(a), describe(b), 'cannot switch to RESP3');
          return mismatches;
        }
      }
    }
    for (let index = 0; index < steps.length; index++) {
      const spec = steps[index];
      const who = spec.client ?? 0;
      const bytes = bytesOf(spec);
      const parks = mayPark(spec);
      const before = parks
        ? await Promise.all([blockedClients(targets.ours, timeoutMs), blockedClients(targets.reference, timeoutMs)])
        : null;
      ours[who].send(bytes);
      reference[who].send(bytes);
      if (before !== null) {
        await Promise.all([waitParked(targets.ours, before[0], timeoutMs), waitParked(targets.reference, before[1], timeoutMs)]);
      }
      const compare: Comparator = spec.compare ?? exact;
      const replies = spec.replies ?? 1;
      for (let r = 0; r < replies; r++) {
        const [a, b] = await Promise.all([read(ours[who].readReply(timeoutMs)), read(reference[who].readReply(timeoutMs))]);
        if (!a.ok || !b.ok) {
          fail(index, describeStep(spec), describe(a), describe(b), 'read failed; rest of session skipped');
          return mismatches;
        }
        const reason = compare(a.bytes, b.bytes);
        if (reason !== null) fail(index, describeStep(spec), describe(a), describe(b), reason);
      }
      if (spec.closes) {
        const [a, b] = await Promise.all([read(ours[who].readUntilClosed(timeoutMs)), read(reference[who].readUntilClosed(timeoutMs))]);
        if (!a.ok || !b.ok || !a.bytes.equals(b.bytes)) {
          fail(index, describeStep(spec), describe(a), describe(b), 'connection close differs');
          return mismatches;
        }
      }
    }
    return mismatches;
  } finally {
    for (const client of [...ours, ...reference]) client.destroy();
  }
}

/** Renders mismatches as a readable report: one block per step, both replies escaped. */
export function formatMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map(
      (m) =>
        `[${m.session} / RESP${m.protocol} / step ${m.step}] ${m.command}\n` +
        `    ours:      ${m.ours}\n    reference: ${m.reference}\n    (${m.reason})`,
    )
    .join('\n');
}
