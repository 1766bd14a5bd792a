/*
 * What of the NATS settings may reach a log line: credentials written into a server URL never do.
 */
import { redactServers } from './nats-link';

describe('redactServers', () => {
  it('masks user:password@ and token@ in every URL of the list, and leaves plain URLs alone', () => {
    expect(redactServers('nats://u:p@10.0.0.1:4222,nats://tok@10.0.0.2:4222,nats://10.0.0.3:4222')).toBe('nats://***@10.0.0.1:4222,nats://***@10.0.0.2:4222,nats://10.0.0.3:4222');
    expect(redactServers('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});
