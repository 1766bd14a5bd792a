/*
 * A ServerPair plays generated steps on our server and on the reference at once and stops at the
 * first reply that differs, throwing a Divergence that shows the step, both replies and the steps
 * before it.
 *
 * Invariant: both connections always receive the same commands in the same order, so after every
 * step that agreed the two servers hold the same data (up to TTL countdowns).
 */
import { Arg, escapeBytes, parseReply, RawClient, ReplyNode } from '@resplica/testing';
import { judge, judgeNodes, render } from './judge';
import { Command, showArgv, showStep, ScanStep, Step } from './steps';

/** How many transcript lines a failure message shows before the failing step. */
const TRANSCRIPT_LINES = 60;
/** A full SCAN iteration that needs more calls than this is reported as not terminating. */
const MAX_SCAN_CALLS = 5000;

export class Divergence extends Error {}

export class ServerPair {
  private readonly transcript: string[] = [];

  private constructor(
    private readonly ours: RawClient,
    private readonly reference: RawClient,
  ) {}

  /** Connects to both servers and, for RESP3, says HELLO 3 on both. */
  static async open(oursPort: number, referencePort: number, protocol: 2 | 3): Promise<ServerPair> {
    const [ours, reference] = await Promise.all([RawClient.connect(oursPort), RawClient.connect(referencePort)]);
    const pair = new ServerPair(ours, reference);
    if (protocol === 3) {
      const [a, b] = await pair.exchange(['HELLO', '3']);
      if (a[0] !== 0x25 || b[0] !== 0x25) throw new Error(`HELLO 3 refused: ${escapeBytes(a)} / ${escapeBytes(b)}`);
    }
    return pair;
  }

  async close(): Promise<void> {
    await Promise.all([this.ours.close(), this.reference.close()]);
  }

  /** Sends one command to both servers and returns [ours, reference] replies. */
  async exchange(argv: Arg[]): Promise<[Buffer, Buffer]> {
    this.ours.sendCommand(argv);
    this.reference.sendCommand(argv);
    return Promise.all([this.ours.readReply(), this.reference.readReply()]);
  }

  /** Plays one step; throws a Divergence when the servers disagree. */
  async play(step: Step): Promise<void> {
    switch (step.kind) {
      case 'command':
        return this.playCommand(step.command);
      case 'multi':
        return this.playMulti(step.commands);
      case 'scan':
        return this.playScan(step);
    }
  }

  private async playCommand(command: Command): Promise<void> {
    const [ours, reference] = await this.exchange(command.argv);
    this.check(showArgv(command.argv), ours, reference, judge(ours, reference, command.check));
  }

  /** MULTI, each command (+QUEUED or an error), EXEC judged item by item with each command's check. */
  private async playMulti(commands: Command[]): Promise<void> {
    await this.playCommand({ argv: ['MULTI'], check: { kind: 'exact' } });
    for (const command of commands) {
      const [ours, reference] = await this.exchange(command.argv);
      this.check(`  ${showArgv(command.argv)}`, ours, reference, ours.equals(reference) ? null : 'queueing differs');
    }
    const [ours, reference] = await this.exchange(['EXEC']);
    this.check('EXEC', ours, reference, this.judgeExec(ours, reference, commands));
  }

  private judgeExec(ours: Buffer, reference: Buffer, commands: Command[]): string | null {
    const left = parseReply(ours);
    const right = parseReply(reference);
    const isResults = (n: ReplyNode): boolean => n.type === '*' && !n.isNull && n.items.length === commands.length;
    if (!isResults(left) || !isResults(right)) return ours.equals(reference) ? null : 'bytes differ';
    for (let i = 0; i < commands.length; i++) {
      const reason = judgeNodes(left.items[i], right.items[i], commands[i].check);
      if (reason) return `item ${i} (${showArgv(commands[i].argv)}) ${reason}`;
    }
    return null;
  }

  /** Iterates each server's cursor to the end and compares everything returned, deduplicated. */
  private async playScan(step: ScanStep): Promise<void> {
    const [ours, reference] = await Promise.all([
      scanAll(this.ours, step),
      scanAll(this.reference, step),
    ]);
    const show = (r: string[] | Buffer): string => (Buffer.isBuffer(r) ? escapeBytes(r) : r.join(' '));
    const agree = Buffer.isBuffer(ours) && Buffer.isBuffer(reference) ? ours.equals(reference) : show(ours) === show(reference);
    const line = showStep(step);
    if (!agree) this.fail(line, show(ours), show(reference), 'scanned elements differ');
    this.transcript.push(`${line} -> ${truncate(show(reference))}`);
  }

  private check(line: string, ours: Buffer, reference: Buffer, reason: string | null): void {
    if (reason) this.fail(line, escapeBytes(ours), escapeBytes(reference), reason);
    this.transcript.push(`${line} -> ${truncate(escapeBytes(reference))}`);
  }

  private fail(line: string, ours: string, reference: string, reason: string): never {
    const before = this.transcript.slice(-TRANSCRIPT_LINES).map((l) => `  ${l}`).join('\n');
    throw new Divergence(
      `replies differ (${reason}) at: ${line}\n  ours:      ${ours}\n  reference: ${reference}\n` +
        `after ${this.transcript.length} agreeing replies, the last ones:\n${before}`,
    );
  }
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Runs a whole iteration on one server. Returns the sorted, deduplicated elements (HSCAN/ZSCAN
 * as field=value), or the reply bytes when a call fails (WRONGTYPE, syntax errors).
 */
async function scanAll(client: RawClient, step: ScanStep): Promise<string[] | Buffer> {
  const pairs = step.head[0] === 'HSCAN' || step.head[0] === 'ZSCAN';
  const seen = new Set<string>();
  let cursor = '0';
  for (let calls = 0; calls < MAX_SCAN_CALLS; calls++) {
    const reply = await client.call(...step.head, cursor, ...step.options);
    const node = parseReply(reply);
    if (node.type !== '*' || node.items.length !== 2) return reply;
    const [next, batch] = node.items;
    const items = batch.items.map(render);
    if (pairs) for (let i = 0; i + 1 < items.length; i += 2) seen.add(`${items[i]}=${items[i + 1]}`);
    else for (const item of items) seen.add(item);
    cursor = next.text ?? '0';
    if (cursor === '0') return [...seen].sort();
  }
  return Buffer.from(`-scan did not finish in ${MAX_SCAN_CALLS} calls`);
}
