/**
 * Turns a TopologySnapshot into text: the fixed-width table a person reads, or the one-line JSON
 * object a script reads. Pure (the snapshot carries the time), so tests compare exact strings.
 *
 * Invariant: the table and the JSON say the same thing — the JSON is the snapshot's rows
 * unchanged, and every column of the table is derived from one field of a row.
 */
import { clusterWildcard } from '@resplica/health';
import type { StatusRow, SyncProgress, TopologySnapshot } from './topology';

/** What a frame says about where it comes from, beside the rows. */
export interface FrameContext {
  cluster: string;
  /** The NATS URL(s), credentials already masked (redactServers). */
  nats: string;
  /** Subscribed and confirmed by the server. */
  connected: boolean;
  /** The last connection error while not connected, if any. */
  natsError: string | null;
}

const NONE = '-';
const HEADERS = ['NODE', 'ROLE', 'ADDRESS', 'STATE', 'OFFSET', 'LAG-B', 'LAG-MS', 'LINK', 'SYNC', 'FRESH', 'DETAIL'];

/** `2025-01-02T03:04:05Z`: UTC, whole seconds, the same whatever the machine's time zone. */
function timestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Bytes in binary units with one decimal above 1 KiB (`512 B`, `1.5 MiB`). */
export function formatBytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (n < 1024) return `${n} B`;
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A percentage when the payload's size is known, else the bytes read so far. */
function formatSync(sync: SyncProgress | null): string {
  if (sync === null) return NONE;
  if (sync.totalBytes > 0) return `${Math.floor((sync.readBytes * 100) / sync.totalBytes)}%`;
  return formatBytes(sync.readBytes);
}

function orNone(value: number | string | null): string {
  return value === null ? NONE : String(value);
}

function freshColumn(row: StatusRow): string {
  if (row.role === 'router') return `${row.backendsServing}/${row.backendsTotal} backends`;
  return `${row.freshBy!.length}/${row.routersUp} routers`;
}

/** The free-text last column: why gone, whom it follows, which routers do or do not serve it. */
function detailColumn(row: StatusRow): string {
  const parts: string[] = [];
  if (row.goneReason !== null) parts.push(row.goneReason === 'silent' ? `silent ${(row.silentMs / 1000).toFixed(1)} s` : row.goneReason);
  if (row.role === 'router') parts.push(`source ${row.source}`);
  if (row.master !== null) parts.push(`master ${row.master}`);
  if (row.freshBy !== null && row.freshBy.length > 0) parts.push(`fresh at ${row.freshBy.join(', ')}`);
  for (const n of row.notServing) parts.push(`not at ${n.router}: ${n.reason}`);
  return parts.join('; ');
}

function cells(row: StatusRow): string[] {
  return [
    row.id,
    row.role ?? '?',
    orNone(row.address),
    row.state,
    orNone(row.offset),
    orNone(row.lagBytes),
    orNone(row.lagMs),
    orNone(row.link),
    formatSync(row.sync),
    freshColumn(row),
    detailColumn(row),
  ];
}

/** Columns padded to their widest cell, two spaces apart; the last one is not padded. */
function table(lines: string[][]): string[] {
  const widths = HEADERS.map((_, col) => Math.max(...lines.map((l) => l[col].length)));
  return lines.map((l) =>
    l
      .map((cell, col) => (col === l.length - 1 ? cell : cell.padEnd(widths[col])))
      .join('  ')
      .trimEnd(),
  );
}

function connection(ctx: FrameContext): string {
  if (ctx.connected) return 'connected';
  return ctx.natsError === null ? 'connecting' : `not connected: ${ctx.natsError}`;
}

/** The table frame: a header line, a blank line, then the table (or a line saying nothing was heard). */
export function renderTable(snapshot: TopologySnapshot, ctx: FrameContext): string {
  const up = snapshot.rows.filter((r) => r.state === 'up').length;
  const header = `resplica status  cluster ${ctx.cluster}  nats ${ctx.nats} (${connection(ctx)})  ${timestamp(snapshot.nowMs)}  ${up} up, ${snapshot.rows.length - up} gone`;
  if (snapshot.rows.length === 0) return `${header}\n\nno node heard yet on ${clusterWildcard(ctx.cluster)}`;
  return [header, '', ...table([HEADERS, ...snapshot.rows.map(cells)])].join('\n');
}

/** The JSON frame: one line, the snapshot's rows as they are. */
export function renderJson(snapshot: TopologySnapshot, ctx: FrameContext): string {
  return JSON.stringify({ time: new Date(snapshot.nowMs).toISOString(), cluster: ctx.cluster, nats: ctx.nats, connected: ctx.connected, natsError: ctx.natsError, rows: snapshot.rows });
}
