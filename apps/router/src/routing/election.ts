/**
 * Which node writes go to.
 *
 * Rule: among the nodes whose latest report or role-change event says `master`, the one seen
 * becoming master most recently wins (a RoleChanged event, or a report with role master after the
 * node was known as a replica, switches at once). A node that was already master when first heard
 * counts as master "since 0", so a promotion the router saw always beats it. Ties go to the higher
 * master_repl_offset, then to the smaller id, so every router picks the same one. With no claimant
 * at all the configured `--master` is used. This is the simple rule the brief asked for; the
 * topology KV (ARCHITECTURE.md decision 7) is the place for fencing an old master.
 */
import type { Backend } from './backend';

function better(a: Backend, b: Backend): boolean {
  if (a.masterSince! !== b.masterSince!) return a.masterSince! > b.masterSince!;
  if (a.masterReplOffset !== b.masterReplOffset) return a.masterReplOffset > b.masterReplOffset;
  return a.ref.id < b.ref.id;
}

/** The elected master among `backends`, else `configured` (which may be null). */
export function electMaster(backends: Iterable<Backend>, configured: Backend | null): Backend | null {
  let best: Backend | null = null;
  for (const b of backends) {
    if (b.role !== 'master' || b.nodeId === null || b.masterSince === null) continue;
    if (best === null || better(b, best)) best = b;
  }
  return best ?? configured;
}
