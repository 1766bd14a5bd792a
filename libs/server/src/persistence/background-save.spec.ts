import { silentLogger } from '../logger';
import { BackgroundSave, megabytesPerSecond, SaveAborted, type SnapshotOutput, type SteppedWriter } from './background-save';

/** A writer of `total` keys where each key costs `msPerKey` of busy CPU time. */
class FakeWriter implements SteppedWriter {
  keysEmitted = 0;
  bytesWritten = 0;
  aborted = false;
  constructor(
    readonly totalKeys: number,
    private readonly msPerKey: number,
    private readonly output?: FakeOutput,
  ) {}

  get snapshot(): { totalKeys: number; keysEmitted: number } {
    return this;
  }

  step(maxKeys: number): boolean {
    const n = Math.min(maxKeys, this.totalKeys - this.keysEmitted);
    const until = performance.now() + n * this.msPerKey;
    while (performance.now() < until) {
      // Busy: a step is CPU work.
    }
    this.keysEmitted += n;
    this.bytesWritten += n * 10;
    this.output?.produce(n * 10);
    return this.keysEmitted === this.totalKeys;
  }

  abort(): void {
    this.aborted = true;
  }
}

/** An output whose queue fills as bytes are produced and empties when the test drains it. */
class FakeOutput implements SnapshotOutput {
  queued = 0;
  error: Error | null = null;
  committed = false;
  discarded = false;
  drainWaits = 0;
  private waiter: (() => void) | null = null;
  constructor(private readonly highWater = Infinity) {}

  get congested(): boolean {
    return this.queued > this.highWater;
  }

  produce(bytes: number): void {
    this.queued += bytes;
  }

  whenDrained(): Promise<void> {
    this.drainWaits++;
    return new Promise((resolve) => (this.waiter = resolve));
  }

  drain(): void {
    this.queued = 0;
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  async commit(): Promise<void> {
    this.committed = true;
  }

  discard(): void {
    this.discarded = true;
  }
}

describe('BackgroundSave', () => {
  it('works in slices of a few ms: the event loop turns while it saves', async () => {
    const output = new FakeOutput();
    // 2000 keys × 0.05 ms = 100 ms of work; a slice (3 ms) fits about 60 keys, plus one step of 32.
    const writer = new FakeWriter(2000, 0.05, output);
    const save = new BackgroundSave(writer, output, silentLogger);
    // Keys written between two turns of the loop. CPU contention can only shrink a slice (the
    // budget is wall-clock time), so the bound holds on a busy machine too.
    const perTurn: number[] = [];
    let seen = 0;
    let turning = true;
    const turn = (): void => {
      perTurn.push(writer.keysEmitted - seen);
      seen = writer.keysEmitted;
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    const summary = await save.run();
    turning = false;
    expect(summary.keys).toBe(2000);
    expect(summary.bytes).toBe(20000);
    expect(output.committed).toBe(true);
    expect(perTurn.filter((n) => n > 0).length).toBeGreaterThan(10);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(3 / 0.05 + 32);
  });

  it('pauses while the output is congested and resumes on drain', async () => {
    const output = new FakeOutput(100);
    const writer = new FakeWriter(1000, 0, output);
    const save = new BackgroundSave(writer, output, silentLogger);
    const done = save.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Stopped at the first step that went over the mark, not a key further.
    expect(output.drainWaits).toBe(1);
    expect(writer.keysEmitted).toBe(32);
    expect(save.keysProcessed).toBe(32);
    const drainer = setInterval(() => output.drain(), 1);
    await done;
    clearInterval(drainer);
    expect(writer.keysEmitted).toBe(1000);
    expect(output.drainWaits).toBeGreaterThan(10);
  });

  it('abort stops the writer, discards the output and rejects with SaveAborted', async () => {
    const output = new FakeOutput();
    const writer = new FakeWriter(100000, 0.01, output);
    const save = new BackgroundSave(writer, output, silentLogger);
    const done = save.run();
    await new Promise((resolve) => setTimeout(resolve, 10));
    save.abort('FLUSHALL');
    await expect(done).rejects.toBeInstanceOf(SaveAborted);
    expect(writer.aborted).toBe(true);
    expect(output.discarded).toBe(true);
    expect(output.committed).toBe(false);
    expect(writer.keysEmitted).toBeLessThan(100000);
  });

  it('an output error aborts the writer, discards and rejects with that error', async () => {
    const output = new FakeOutput();
    const writer = new FakeWriter(100000, 0.01, output);
    const save = new BackgroundSave(writer, output, silentLogger);
    const done = save.run();
    await new Promise((resolve) => setTimeout(resolve, 10));
    output.error = new Error('write /x: ENOSPC');
    await expect(done).rejects.toThrow('ENOSPC');
    expect(writer.aborted).toBe(true);
    expect(output.discarded).toBe(true);
  });

  it('reports MB/s with two decimals', () => {
    expect(megabytesPerSecond(50_000_000, 2000)).toBe(25);
    expect(megabytesPerSecond(1_234_567, 1000)).toBe(1.23);
    expect(megabytesPerSecond(100, 0)).toBe(0);
  });
});
