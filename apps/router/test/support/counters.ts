/**
 * RecordingCounters: RouterCounters that count per backend and kind, so tests can see where the
 * proxy sent requests.
 */
import type { RequestKind, RouterCounters } from '../../src/routing/types';

export class RecordingCounters implements RouterCounters {
  private readonly counts = new Map<string, number>();

  request(backendId: string, kind: RequestKind): void {
    const key = `${backendId} ${kind}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  count(port: number, kind: RequestKind): number {
    return this.counts.get(`127.0.0.1:${port} ${kind}`) ?? 0;
  }
}
