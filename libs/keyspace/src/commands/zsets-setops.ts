/**
 * The sorted-set algebra commands — ZUNION ZUNIONSTORE ZINTER ZINTERSTORE ZINTERCARD ZDIFF
 * ZDIFFSTORE — and ZRANGESTORE, which share the "store a computed set" step; `zsetSetopHandlers` is
 * their table for keyspaceHandlers. Parsing is in zsets-setops-args.ts, the arithmetic in
 * zsets-setops-compute.ts, ZRANGESTORE's range walk is zrangeGeneric (zsets-range.ts).
 *
 * Invariant of the STORE step (Redis 7.0's): a non-empty result replaces the destination whatever it
 * held (its TTL goes too) and emits the command's own event; an empty result deletes the destination
 * and emits `del` only if there was one — and only then is the command a write (dirty, propagated).
 * The propagated form is the command as sent: it is deterministic.
 */
import type { CommandContext, Handler } from '../context';
import { NOTIFY } from '../notify';
import { ZSet } from '../types/zset';
import { keyOf } from '../values';
import { DIRECTION_AUTO, RANGE_AUTO, ReplySink, zrangeGeneric, type RangeSink } from './zsets-range';
import { OP_DIFF, OP_INTER, OP_UNION, parseSetOp, type SetOpCommand } from './zsets-setops-args';
import { difference, intersection, intersectionCard, sortEntries, union, type ScoredMember } from './zsets-setops-compute';

/** One reply sink for every client: a command runs to completion before the next starts. */
const replySink = new ReplySink();

// ---------------------------------------------------------------------------------------------
// The STORE step
// ---------------------------------------------------------------------------------------------

/** Replaces `key` with `z` (non-empty) or deletes it (empty z or null), replies the size, notifies. */
function storeResult(ctx: CommandContext, key: string, z: ZSet | null, event: string): void {
  const db = ctx.db;
  if (z !== null && z.size > 0) {
    db.set(key, z);
    ctx.keyspace.dirty++;
    ctx.reply.integer(z.size);
    ctx.keyspace.notify(NOTIFY.zset, event, key, db.index);
    return;
  }
  ctx.reply.integer(0);
  if (db.delete(key)) {
    ctx.keyspace.dirty++;
    ctx.keyspace.notify(NOTIFY.generic, 'del', key, db.index);
  }
}

/**
 * A sorted set holding the entries, encoded as Redis would encode a freshly built result: Redis
 * builds it as a skiplist and converts it to a listpack only if it is small enough, so a result too
 * big for a listpack keeps its -0 scores (a listpack stores -0 as 0).
 */
function buildZset(ctx: CommandContext, entries: readonly ScoredMember[]): ZSet {
  const z = new ZSet();
  const limits = ctx.keyspace.encodingLimits;
  let longest = 0;
  for (let i = 0; i < entries.length; i++) longest = Math.max(longest, entries[i].member.length);
  if (entries.length > limits.zsetMaxListpackEntries || longest > limits.zsetMaxListpackValue) z.useSkiplist();
  for (let i = 0; i < entries.length; i++) z.add(entries[i].member, entries[i].score, limits);
  return z;
}

// ---------------------------------------------------------------------------------------------
// ZUNION ZINTER ZDIFF and their STORE forms, ZINTERCARD
// ---------------------------------------------------------------------------------------------

const ZUNION: SetOpCommand = { name: 'zunion', op: OP_UNION, store: false, cardinalityOnly: false };
const ZUNIONSTORE: SetOpCommand = { name: 'zunionstore', op: OP_UNION, store: true, cardinalityOnly: false };
const ZINTER: SetOpCommand = { name: 'zinter', op: OP_INTER, store: false, cardinalityOnly: false };
const ZINTERSTORE: SetOpCommand = { name: 'zinterstore', op: OP_INTER, store: true, cardinalityOnly: false };
const ZINTERCARD: SetOpCommand = { name: 'zintercard', op: OP_INTER, store: false, cardinalityOnly: true };
const ZDIFF: SetOpCommand = { name: 'zdiff', op: OP_DIFF, store: false, cardinalityOnly: false };
const ZDIFFSTORE: SetOpCommand = { name: 'zdiffstore', op: OP_DIFF, store: true, cardinalityOnly: false };

/**
 * The generic algebra command (Redis's zunionInterDiffGenericCommand): numkeys at argv[1], or at
 * argv[2] after the destination for the STORE forms. Replies the members (with scores on request)
 * in sorted-set order, or stores them.
 */
function setOpGeneric(ctx: CommandContext, argv: Buffer[], cmd: SetOpCommand): void {
  const req = parseSetOp(ctx, argv, cmd.store ? 2 : 1, cmd);
  if (req === null) return;
  if (cmd.cardinalityOnly) return ctx.reply.integer(intersectionCard(req.sources, req.limit));
  const entries =
    cmd.op === OP_UNION
      ? union(req.sources, req.aggregate)
      : cmd.op === OP_INTER
        ? intersection(req.sources, req.aggregate)
        : difference(req.sources);
  if (cmd.store) return storeResult(ctx, keyOf(argv[1]), buildZset(ctx, entries), cmd.name);
  sortEntries(entries);
  const sink = replySink.for(ctx);
  sink.begin(entries.length, req.withScores);
  for (let i = 0; i < entries.length; i++) sink.emit(entries[i].member, entries[i].score);
}

function zunionCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZUNION);
}

function zunionstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZUNIONSTORE);
}

function zinterCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZINTER);
}

function zinterstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZINTERSTORE);
}

function zintercardCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZINTERCARD);
}

function zdiffCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZDIFF);
}

function zdiffstoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  setOpGeneric(ctx, argv, ZDIFFSTORE);
}

// ---------------------------------------------------------------------------------------------
// ZRANGESTORE
// ---------------------------------------------------------------------------------------------

/**
 * A RangeSink that builds the destination set. `zset` stays null when zrangeGeneric replied an
 * error before emitting (nothing must then be stored).
 */
class StoreSink implements RangeSink {
  zset: ZSet | null = null;
  private ctx: CommandContext | null = null;

  for(ctx: CommandContext): this {
    this.ctx = ctx;
    this.zset = null;
    return this;
  }

  begin(count: number, _withScores: boolean, byRank?: boolean): void {
    this.zset = new ZSet();
    // As 7.0's zsetTypeCreate(size hint): a rank range too long for a listpack starts as a skiplist
    // (and so keeps its -0 scores); a score or lex range starts as a listpack and converts when full.
    if (byRank === true && count > this.ctx!.keyspace.encodingLimits.zsetMaxListpackEntries) this.zset.useSkiplist();
  }

  emit(member: string, score: number): void {
    this.zset!.add(member, score, this.ctx!.keyspace.encodingLimits);
  }
}

const storeSink = new StoreSink();

/** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]. */
function zrangestoreCommand(ctx: CommandContext, argv: Buffer[]): void {
  const sink = storeSink.for(ctx);
  zrangeGeneric(ctx, argv, 2, RANGE_AUTO, DIRECTION_AUTO, true, sink);
  const z = sink.zset;
  // Drop the reference: the sink is shared and must not pin the stored set.
  sink.zset = null;
  if (z !== null) storeResult(ctx, keyOf(argv[1]), z, 'zrangestore');
}

export const zsetSetopHandlers: ReadonlyArray<readonly [string, Handler]> = [
  ['zunion', zunionCommand],
  ['zunionstore', zunionstoreCommand],
  ['zinter', zinterCommand],
  ['zinterstore', zinterstoreCommand],
  ['zintercard', zintercardCommand],
  ['zdiff', zdiffCommand],
  ['zdiffstore', zdiffstoreCommand],
  ['zrangestore', zrangestoreCommand],
];
