/*
 * INFO [section …]: the sections in Redis 7.0's fixed order, each `# Title\r\n` then `name:value\r\n`
 * lines, sections separated by one empty line, sent as a verbatim string (RESP3) or a bulk string
 * (RESP2). Section names are case-insensitive; `default` (no argument), `all` and `everything`
 * select groups; unknown names select nothing, so `INFO foo` is an empty string, as in Redis.
 */
import type { ClientView, NodeView, ServerHandler } from '../contracts';
import { clientsSection, memorySection, persistenceSection, serverSection, statsSection } from './info-sections';
import {
  clusterSection,
  commandstatsSection,
  cpuSection,
  emptySection,
  errorstatsSection,
  keyspaceSection,
  replicationSection,
} from './info-more';

interface Section {
  /** Lower-case name used to select it. */
  readonly name: string;
  readonly title: string;
  /** In `INFO` without arguments / `INFO default`. */
  readonly inDefault: boolean;
  readonly build: (node: NodeView, nowMs: number) => string;
}

const SECTIONS: readonly Section[] = [
  { name: 'server', title: 'Server', inDefault: true, build: serverSection },
  { name: 'clients', title: 'Clients', inDefault: true, build: clientsSection },
  { name: 'memory', title: 'Memory', inDefault: true, build: memorySection },
  { name: 'persistence', title: 'Persistence', inDefault: true, build: persistenceSection },
  { name: 'stats', title: 'Stats', inDefault: true, build: statsSection },
  { name: 'replication', title: 'Replication', inDefault: true, build: replicationSection },
  { name: 'cpu', title: 'CPU', inDefault: true, build: cpuSection },
  { name: 'modules', title: 'Modules', inDefault: true, build: emptySection },
  { name: 'commandstats', title: 'Commandstats', inDefault: false, build: commandstatsSection },
  { name: 'errorstats', title: 'Errorstats', inDefault: true, build: errorstatsSection },
  { name: 'latencystats', title: 'Latencystats', inDefault: false, build: emptySection },
  { name: 'cluster', title: 'Cluster', inDefault: true, build: clusterSection },
  { name: 'keyspace', title: 'Keyspace', inDefault: true, build: keyspaceSection },
];

/** The text INFO replies with for the given (lower-case) selectors; empty list = default. */
export function infoText(node: NodeView, selectors: readonly string[], nowMs: number): string {
  const wanted = new Set(selectors);
  const all = wanted.has('all') || wanted.has('everything');
  const defaults = selectors.length === 0 || wanted.has('default');
  const parts: string[] = [];
  for (const s of SECTIONS) {
    if (all || (defaults && s.inDefault) || wanted.has(s.name)) parts.push(`# ${s.title}\r\n${s.build(node, nowMs)}`);
  }
  return parts.join('\r\n');
}

function info(node: NodeView, client: ClientView, argv: Buffer[]): void {
  const selectors: string[] = [];
  for (let k = 1; k < argv.length; k++) selectors.push(argv[k].toString().toLowerCase());
  client.reply.verbatim(infoText(node, selectors, Date.now()));
}

export const infoHandlers: ReadonlyMap<string, ServerHandler> = new Map([['info', info]]);
