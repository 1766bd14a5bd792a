/*
 * The codec: every field of every event survives encode → decode with its exact value (offsets
 * above 2^32 included, which protobufjs decodes as Long), unknown event kinds are skipped, and
 * corrupt or out-of-range input is refused with HealthDecodeError.
 */
import { resplica } from '../generated/health';
import { decodeHealthEvent, encodeHealthEvent } from './codec';
import { HealthDecodeError } from './errors';
import type { EventHeader, HealthEventInput } from './types';

const header: EventHeader = { nodeId: '10.0.0.5:6381', runId: 'r'.repeat(16), seq: 4_000_000_001, sentAtMs: 1_700_000_000_123 };

/** Non-default values everywhere, so a field that is dropped or misnamed shows. */
const EVENTS: HealthEventInput[] = [
  {
    type: 'node-health',
    role: 'replica',
    host: '10.0.0.5',
    port: 6381,
    replid: 'a'.repeat(40),
    masterReplOffset: 2 ** 52 + 7,
    masterHost: '10.0.0.4',
    masterPort: 6380,
    linkUp: true,
    appliedOffset: 2 ** 40 + 3,
    syncInProgress: true,
    loading: true,
    replicas: [
      { host: '10.0.0.6', port: 6382, ackOffset: 2 ** 33 + 1, online: true },
      { host: '10.0.0.7', port: 6383, ackOffset: 5, online: false },
    ],
    keys: 123_456_789,
    usedMemory: 3 * 2 ** 30,
    uptimeMs: 86_400_123,
    syncReadBytes: 2 ** 34 + 11,
    syncTotalBytes: 2 ** 35 + 13,
  },
  {
    type: 'node-health',
    role: 'master',
    host: 'm',
    port: 1,
    replid: 'b'.repeat(40),
    masterReplOffset: 0,
    masterHost: '',
    masterPort: 0,
    linkUp: false,
    appliedOffset: 0,
    syncInProgress: false,
    loading: false,
    replicas: [],
    keys: 0,
    usedMemory: 1,
    uptimeMs: 0,
    syncReadBytes: 0,
    syncTotalBytes: 0,
  },
  { type: 'link-up', kind: 'full', masterHost: 'h', masterPort: 6380, offset: 2 ** 35 },
  { type: 'link-up', kind: 'partial', masterHost: 'h2', masterPort: 6390, offset: 1 },
  { type: 'link-down', reason: 'MASTER timeout: no data nor PING received', masterHost: 'h', masterPort: 6380 },
  { type: 'full-sync-started', masterHost: 'h', masterPort: 6380 },
  { type: 'full-sync-finished', keys: 2 ** 33 },
  { type: 'role-changed', role: 'master', masterHost: '', masterPort: 0, replid: 'c'.repeat(40), masterReplOffset: 2 ** 41 },
  { type: 'role-changed', role: 'replica', masterHost: 'h', masterPort: 7000, replid: 'd'.repeat(40), masterReplOffset: 9 },
  { type: 'shutdown', reason: 'SIGTERM' },
  {
    type: 'router-view',
    host: '10.0.0.9',
    port: 6379,
    source: 'nats',
    backends: [
      { host: '10.0.0.4', port: 6380, role: 'master', serving: true, reason: '', lagBytes: 0, lagMs: 0 },
      { host: '10.0.0.5', port: 6381, role: 'replica', serving: false, reason: 'lag', lagBytes: 2 ** 36 + 5, lagMs: 1234 },
    ],
  },
  { type: 'router-view', host: 'r', port: 1, source: 'poll', backends: [] },
];

describe('codec', () => {
  it.each(EVENTS.map((e, i) => [`${i} ${e.type} ${'role' in e ? e.role : ''}`, e] as const))('round-trips %s with every field', (_name, event) => {
    const decoded = decodeHealthEvent(encodeHealthEvent(header, event));
    expect(decoded).toStrictEqual({ ...header, ...event });
  });

  it('decodes every uint64 as a plain number, never a Long', () => {
    const decoded = decodeHealthEvent(encodeHealthEvent(header, EVENTS[0]));
    expect(typeof decoded!.seq).toBe('number');
    expect(decoded!.type === 'node-health' && typeof decoded!.replicas[0].ackOffset).toBe('number');
  });

  it('skips an envelope whose event kind it does not know (a newer sender)', () => {
    // A field number no event uses yet stands for a future event kind.
    const known = resplica.health.v1.HealthEvent.encode({ ...header }).finish();
    const future = Buffer.concat([known, Buffer.from([0xa2, 0x06, 0x02, 0x08, 0x01])]); // field 100, {1: 1}
    expect(decodeHealthEvent(future)).toBeNull();
  });

  it('ignores fields it does not know inside a known event', () => {
    const bytes = encodeHealthEvent(header, { type: 'shutdown', reason: 'x' });
    const extra = Buffer.concat([Buffer.from(bytes), Buffer.from([0xf8, 0x06, 0x07])]); // field 111 varint 7
    expect(decodeHealthEvent(extra)).toMatchObject({ type: 'shutdown', reason: 'x', seq: header.seq });
  });

  it('refuses corrupt bytes', () => {
    const bytes = encodeHealthEvent(header, EVENTS[0]);
    expect(() => decodeHealthEvent(bytes.subarray(0, bytes.length - 3))).toThrow(HealthDecodeError);
    expect(() => decodeHealthEvent(Buffer.from([0xff, 0xff, 0xff]))).toThrow(HealthDecodeError);
  });

  it('refuses an event without a node id, an unknown role and an offset above 2^53', () => {
    const noId = encodeHealthEvent({ ...header, nodeId: '' }, { type: 'shutdown', reason: 'x' });
    expect(() => decodeHealthEvent(noId)).toThrow(HealthDecodeError);
    const badRole = resplica.health.v1.HealthEvent.encode({ ...header, roleChanged: { role: 9 as resplica.health.v1.Role } }).finish();
    expect(() => decodeHealthEvent(badRole)).toThrow(/unknown role/);
    const noRole = resplica.health.v1.HealthEvent.encode({ ...header, roleChanged: {} }).finish();
    expect(() => decodeHealthEvent(noRole)).toThrow(/unknown role/);
    const huge = resplica.health.v1.HealthEvent.encode({ ...header, seq: 2 ** 53 + 2 }).finish();
    const withEvent = Buffer.concat([Buffer.from(huge), Buffer.from(encodeHealthEvent({ ...header, seq: 0 }, { type: 'shutdown', reason: '' }))]);
    expect(() => decodeHealthEvent(withEvent)).toThrow(/out of range/);
  });
});
