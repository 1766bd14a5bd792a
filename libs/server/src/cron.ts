/**
 * The server cron, run `hz` times a second (Redis's serverCron): the active expire cycle within a
 * time budget, idle-client timeouts, the soft output-buffer limits (a client can sit above its
 * soft limit without writing anything, so only a timer can notice its time is up), and the `save`
 * rules (a background save when one is due).
 *
 * Invariant: the cron never blocks for long: the expire cycle gets a quarter of the period, and
 * the client scan is integer comparisons per client.
 */
import type { Node } from './node';

/** Share of the cron period the active expire cycle may use (Redis: 25%). */
const EXPIRE_BUDGET_SHARE = 0.25;

export function serverCron(node: Node, now: number): void {
  const hz = Math.max(1, node.config.num('hz'));
  node.keyspace.activeExpireCycle(now, (1000 / hz) * EXPIRE_BUDGET_SHARE);
  const timeoutMs = node.config.num('timeout') * 1000;
  for (const client of node.clients.values()) {
    if (client.closing) continue;
    // As Redis: subscribers, monitors and replication links wait for data, they are not idle.
    if (timeoutMs > 0 && !client.subscribed && !client.monitor && client.replRole === 'none' && now - client.lastInteractionMs > timeoutMs) {
      if (client.log.isLevelEnabled('debug')) client.log.debug({}, 'closing idle client');
      client.closeNow('idle timeout');
      continue;
    }
    if (client.softLimitSinceMs !== 0) client.checkOutputLimit(now);
  }
  node.persistence.cron(now);
}
