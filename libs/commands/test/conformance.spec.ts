/*
 * Conformance of the command table with a real redis-server 7.0: for every command and subcommand
 * we define, COMMAND INFO must agree with the server's on arity, flags, key positions, ACL
 * categories, tips and key specs, COMMAND DOCS on group and since, and the encoded COMMAND INFO
 * entry must be byte-identical in RESP2 and RESP3 wherever Redis's reply has no key-spec `notes`
 * (prose we do not copy) and no subcommands (whose order is Redis's hash order).
 */
import { RawClient, startRedisServer, type RunningServer } from '@resplica/testing';
import { existsSync } from 'node:fs';
import { commandCommand } from '../src/command-command';
import { allCommands } from '../src/lookup';
import type { CommandEntry } from '../src/table/entry';
import { EncodingReply, decodeReply, itemsOf, type Tree } from './encoding-reply';

/** Commands we answer that Redis 7.0 does not have (later-version commands clients send anyway). */
const EXTENSIONS = ['client|setinfo'];

const HAVE_REDIS = existsSync('/usr/bin/redis-server');
const describeWithRedis = HAVE_REDIS ? describe : describe.skip;

const entries: CommandEntry[] = allCommands().flatMap((entry) => [entry, ...(entry.subcommands ?? [])]);

function ourInfo(protocol: 2 | 3, name: string): Buffer {
  const reply = new EncodingReply(protocol);
  commandCommand(reply, ['COMMAND', 'INFO', name].map((a) => Buffer.from(a)));
  return reply.bytes();
}

/** A map reply's pairs as an object (values left as trees). */
function pairs(tree: Tree): Record<string, Tree> {
  const items = itemsOf(tree);
  const out: Record<string, Tree> = {};
  for (let i = 0; i < items.length; i += 2) out[items[i] as string] = items[i + 1];
  return out;
}

/** The comparable facts of one COMMAND INFO entry: everything but notes and the subcommand order. */
function facts(entry: Tree) {
  const [name, arity, flags, first, last, step, acl, tips, keySpecs, subs] = itemsOf(entry);
  return {
    name,
    arity,
    flags: itemsOf(flags),
    keys: [first, last, step],
    acl: itemsOf(acl),
    tips: itemsOf(tips),
    keySpecs: itemsOf(keySpecs).map((spec) =>
      Object.fromEntries(Object.entries(pairs(spec)).filter(([field]) => field !== 'notes')),
    ),
    subcommands: itemsOf(subs).map((sub) => itemsOf(sub)[0] as string).sort(),
  };
}

/** True when the server's entry has a key spec with notes (then bytes cannot match). */
function hasNotes(entry: Tree): boolean {
  return itemsOf(itemsOf(entry)[8]).some((spec) => 'notes' in pairs(spec));
}

describeWithRedis('command table vs redis-server 7.0', () => {
  let server: RunningServer;
  let resp2: RawClient;
  let resp3: RawClient;

  beforeAll(async () => {
    server = await startRedisServer();
    resp2 = await RawClient.connect(server.port);
    resp3 = await RawClient.connect(server.port);
    await resp3.call('HELLO', '3');
  });

  afterAll(async () => {
    await resp2?.close();
    await resp3?.close();
    await server?.stop();
  });

  it('runs a 7.0 server', async () => {
    expect((await resp2.call('INFO', 'server')).toString()).toMatch(/redis_version:7\.0\./);
  });

  it.each(entries.map((e) => e.fullName).filter((name) => !EXTENSIONS.includes(name)))(
    '%s: same COMMAND INFO facts, same bytes where Redis has no notes',
    async (name) => {
      const theirs2 = await resp2.call('COMMAND', 'INFO', name);
      const theirEntry = itemsOf(decodeReply(theirs2))[0];
      expect(theirEntry).not.toBeNull();
      const ours2 = ourInfo(2, name);
      const ourEntry = itemsOf(decodeReply(ours2))[0];
      const ourFacts = facts(ourEntry);
      const theirFacts = facts(theirEntry);
      // We define a subset of a container's subcommands; each one is checked on its own.
      expect(ourFacts.subcommands.every((sub) => theirFacts.subcommands.includes(sub) || EXTENSIONS.includes(sub))).toBe(true);
      expect({ ...ourFacts, subcommands: [] }).toEqual({ ...theirFacts, subcommands: [] });

      const entry = entries.find((e) => e.fullName === name)!;
      if (entry.subcommands === undefined && !hasNotes(theirEntry)) {
        expect(ours2.toString('latin1')).toBe(theirs2.toString('latin1'));
        const theirs3 = await resp3.call('COMMAND', 'INFO', name);
        expect(ourInfo(3, name).toString('latin1')).toBe(theirs3.toString('latin1'));
      }
    },
  );

  it.each(entries.filter((e) => !EXTENSIONS.includes(e.fullName)).map((e) => [e.fullName, e] as const))(
    '%s: same group and since in COMMAND DOCS',
    async (name, entry) => {
      const docs = pairs(pairs(decodeReply(await resp2.call('COMMAND', 'DOCS', name)))[name]);
      expect({ group: entry.group, since: entry.since }).toEqual({ group: docs.group, since: docs.since });
    },
  );

  it('marks as extensions exactly the commands Redis 7.0 does not know', async () => {
    for (const name of EXTENSIONS) {
      expect((await resp2.call('COMMAND', 'INFO', name)).toString('latin1')).toBe('*1\r\n$-1\r\n');
      expect(entries.some((e) => e.fullName === name)).toBe(true);
    }
  });

  it.each([
    ['GETKEYS', 'mset', 'a', '1', 'b'],
    ['GETKEYS', 'bitop', 'not', 'd', 's'],
    ['GETKEYS', 'copy', 'a', 'b', 'REPLACE'],
    ['GETKEYS', 'object', 'freq', 'k'],
    ['GETKEYS', 'echo', 'x'],
    ['GETKEYS', 'touch', 'a', 'b', 'c'],
    ['GETKEYS', 'get', 'a', 'b'],
    ['INFO', 'nosuch'],
    ['NOSUCH'],
  ])('COMMAND %s … gives the same bytes', async (...args) => {
    const reply = new EncodingReply(2);
    commandCommand(reply, ['COMMAND', ...args].map((a) => Buffer.from(a)));
    expect(reply.text()).toBe((await resp2.call('COMMAND', ...args)).toString('latin1'));
  });

  it.each([['PATTERN', 'bitfield*'], ['PATTERN', '*|help'], ['ACLCAT', 'bitmap'], ['aclcat', 'DANGEROUS']])(
    'COMMAND LIST FILTERBY %s %s lists the same names (Redis lists them in hash order)',
    async (filter, value) => {
      const ours = new EncodingReply(2);
      commandCommand(ours, ['COMMAND', 'LIST', 'FILTERBY', filter, value].map((a) => Buffer.from(a)));
      const ourNames = itemsOf(decodeReply(ours.bytes())) as string[];
      const known = new Set(entries.map((e) => e.fullName));
      const theirNames = itemsOf(decodeReply(await resp2.call('COMMAND', 'LIST', 'FILTERBY', filter, value)));
      expect(ourNames.length).toBeGreaterThan(0);
      expect([...ourNames].sort()).toEqual((theirNames as string[]).filter((name) => known.has(name)).sort());
    },
  );
});
