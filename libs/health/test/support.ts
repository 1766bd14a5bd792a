/*
 * Helpers for the health lib's NATS tests: a logger that records its lines (so tests can assert
 * what was logged, and that no credential ever is), a subscriber that collects what it hears, and
 * sample events.
 */
import { HealthPublisher, HealthSubscriber, type DecodedHealthEvent, type HealthEventInput, type Logger, type NatsOptions } from '../src';

export interface LogLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A Logger that keeps every line in `lines`. */
export function recordingLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (fields: object, msg: string): void => {
      lines.push({ level, msg, fields: fields as Record<string, unknown> });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
    isLevelEnabled: () => true,
  };
  return logger;
}

/** A started subscriber of `cluster` and the events it has received so far. */
export function collectingSubscriber(nats: Omit<NatsOptions, 'log' | 'name'>, cluster: string, log: Logger = recordingLogger()): { sub: HealthSubscriber; events: DecodedHealthEvent[] } {
  const sub = new HealthSubscriber({ ...nats, name: 'test-subscriber', log, cluster });
  const events: DecodedHealthEvent[] = [];
  sub.onEvent((e) => events.push(e));
  sub.start();
  return { sub, events };
}

export function publisher(nats: Omit<NatsOptions, 'log' | 'name'>, cluster: string, nodeId: string, log: Logger = recordingLogger(), maxBuffered?: number): HealthPublisher {
  return new HealthPublisher({ ...nats, name: `test-publisher ${nodeId}`, log, cluster, nodeId, maxBuffered });
}

export const linkDown = (reason: string): HealthEventInput => ({ type: 'link-down', reason, masterHost: '127.0.0.1', masterPort: 6380 });

export const sampleHealth: HealthEventInput = {
  type: 'node-health',
  role: 'master',
  host: '127.0.0.1',
  port: 6380,
  replid: 'e'.repeat(40),
  masterReplOffset: 1234,
  masterHost: '',
  masterPort: 0,
  linkUp: false,
  appliedOffset: 0,
  syncInProgress: false,
  loading: false,
  replicas: [{ host: '127.0.0.1', port: 6381, ackOffset: 1200, online: true }],
  keys: 3,
  usedMemory: 1 << 20,
  uptimeMs: 5000,
  syncReadBytes: 0,
  syncTotalBytes: 0,
};
