/*
 * Unit tests of the lookup indexes, the derived CommandEntry fields and getKeys. Key positions were
 * checked against redis-server 7.0.15 with COMMAND GETKEYS.
 */
import { allCommands, getKeys, hasFlag, lookupCommand, lookupCommandByFullName, lookupSubcommand } from './lookup';
import { keyNumKeys, rangeKeys } from './table/keyspec';
import type { CommandSpec } from './types';

const argv = (...args: string[]): Buffer[] => args.map((a) => Buffer.from(a));

describe('lookupCommand', () => {
  it.each(['get', 'GET', 'Get', 'gEt'])('finds %s as a string and as bytes', (name) => {
    expect(lookupCommand(name)?.name).toBe('get');
    expect(lookupCommand(Buffer.from(name))?.name).toBe('get');
  });

  it('returns the same frozen entry for every spelling', () => {
    const entry = lookupCommand('incrbyfloat');
    expect(lookupCommand(Buffer.from('IncrByFloat'))).toBe(entry);
    expect(Object.isFrozen(entry)).toBe(true);
  });

  it('folds only ASCII letters: bytes one case bit apart that are not letters stay different', () => {
    expect(lookupCommand(Buffer.from('bitfield\x7fro', 'latin1'))).toBeUndefined();
    expect(lookupCommand(Buffer.from([0xc7, 0x45, 0x54]))).toBeUndefined();
    expect(lookupCommand('g\u0145t')).toBeUndefined();
  });

  it.each(['', 'gett', 'ge', 'client|list', 'x'.repeat(100), 'get\0'])('rejects %j', (name) => {
    expect(lookupCommand(name)).toBeUndefined();
    expect(lookupCommand(Buffer.from(name))).toBeUndefined();
  });

  it('matches every one of 2048 case spellings of a name', () => {
    for (let i = 0; i < 2048; i++) {
      const name = [...'bitfield_ro'].map((c, j) => ((i >> j) & 1 ? c.toUpperCase() : c)).join('');
      expect(lookupCommand(Buffer.from(name))?.name).toBe('bitfield_ro');
    }
  });
});

describe('subcommands', () => {
  const client = lookupCommand('client')!;

  it('finds a subcommand in any case', () => {
    expect(lookupSubcommand(client, 'list')?.fullName).toBe('client|list');
    expect(lookupSubcommand(client, Buffer.from('SetName'))?.fullName).toBe('client|setname');
    expect(lookupSubcommand(client, 'list')?.parent).toBe(client);
  });

  it('returns undefined for an unknown subcommand or a plain command', () => {
    expect(lookupSubcommand(client, 'nosuch')).toBeUndefined();
    expect(lookupSubcommand(lookupCommand('get')!, 'list')).toBeUndefined();
  });

  it('resolves full names', () => {
    expect(lookupCommandByFullName('CLIENT|LIST')?.fullName).toBe('client|list');
    expect(lookupCommandByFullName('Object|Encoding')?.arity).toBe(3);
    expect(lookupCommandByFullName('get')?.name).toBe('get');
    expect(lookupCommandByFullName('client|nosuch')).toBeUndefined();
    expect(lookupCommandByFullName('get|x')).toBeUndefined();
    expect(lookupCommandByFullName('nosuch|list')).toBeUndefined();
  });
});

describe('derived entry fields', () => {
  it('precomputes one boolean per flag', () => {
    const set = lookupCommand('set')!;
    expect([set.isWrite, set.isDenyoom, set.isReadonly, set.isFast]).toEqual([true, true, false, false]);
    const auth = lookupCommand('auth')!;
    expect([auth.isNoAuth, auth.isNoscript, auth.isLoading, auth.isStale, auth.isAllowBusy]).toEqual([
      true, true, true, true, true,
    ]);
    expect(lookupCommand('shutdown')!.isNoMulti).toBe(true);
    expect(lookupCommand('subscribe')!.isPubsub).toBe(true);
    expect(lookupCommand('exec')!.isSkipSlowlog).toBe(true);
  });

  it('answers hasFlag from the mask for entries and by scanning for plain specs', () => {
    expect(hasFlag(lookupCommand('get')!, 'readonly')).toBe(true);
    expect(hasFlag(lookupCommand('get')!, 'write')).toBe(false);
    const plain: CommandSpec = {
      name: 'x', arity: 1, flags: ['admin'], firstKey: 0, lastKey: 0, step: 0, group: 'server', summary: '',
    };
    expect(hasFlag(plain, 'admin')).toBe(true);
    expect(hasFlag(plain, 'fast')).toBe(false);
  });

  it('has no duplicate names and only lower-case names, with parent prefixes on subcommands', () => {
    const names = new Set<string>();
    for (const entry of allCommands()) {
      expect(entry.name).toBe(entry.name.toLowerCase());
      expect(names.has(entry.name)).toBe(false);
      names.add(entry.name);
      for (const sub of entry.subcommands ?? []) expect(sub.name.startsWith(`${entry.name}|`)).toBe(true);
    }
  });

  it('says which commands have keys', () => {
    expect(lookupCommand('get')!.hasKeys).toBe(true);
    expect(lookupCommand('ping')!.hasKeys).toBe(false);
    expect(lookupCommandByFullName('memory|usage')!.hasKeys).toBe(true);
  });

  it('finds the keys of every movable-key command through a keynum key spec', () => {
    const movable = allCommands().flatMap((e) => [e, ...(e.subcommands ?? [])]).filter((e) => e.isMovableKeys);
    // SORT and SORT_RO are movable through their BY/GET/STORE keywords, which no key spec finds.
    for (const e of movable.filter((m) => !m.keySpecs?.some((k) => k.find.type === 'unknown'))) {
      expect(e.keySpecs?.some((k) => k.find.type === 'keynum')).toBe(true);
    }
  });
});

describe('getKeys', () => {
  const keysOf = (...line: string[]): number[] => {
    const args = argv(...line);
    let spec = lookupCommand(args[0])!;
    if (spec.subcommands) spec = lookupSubcommand(spec, args[1])!;
    return getKeys(spec, args);
  };

  it.each<[string[], number[]]>([
    [['get', 'k'], [1]],
    [['set', 'k', 'v', 'get'], [1]],
    [['mget', 'a', 'b', 'c'], [1, 2, 3]],
    [['mset', 'a', '1', 'b', '2'], [1, 3]],
    [['mset', 'a', '1', 'b'], [1, 3]],
    [['bitop', 'and', 'd', 's1', 's2'], [2, 3, 4]],
    [['lcs', 'a', 'b'], [1, 2]],
    [['rename', 'a', 'b'], [1, 2]],
    [['copy', 'a', 'b', 'db', '1'], [1, 2]],
    [['del', 'a'], [1]],
    [['watch', 'a', 'b'], [1, 2]],
    [['object', 'encoding', 'k'], [2]],
    [['memory', 'usage', 'k', 'samples', '5'], [2]],
    [['ping'], []],
    [['client', 'list'], []],
    [['zunionstore', 'd', '2', 'a', 'b', 'weights', '1', '2'], [1, 3, 4]],
    [['zmpop', '2', 'a', 'b', 'min'], [2, 3]],
    [['bzmpop', '0', '1', 'a', 'max'], [3]],
  ])('%j → %j', (line, expected) => {
    expect(keysOf(...line)).toEqual(expected);
  });

  it('skips positions past the end instead of inventing keys', () => {
    expect(getKeys(lookupCommand('rename')!, argv('rename', 'a'))).toEqual([1]);
    expect(getKeys(lookupCommand('get')!, argv('get'))).toEqual([]);
  });

  it('falls back to the legacy positions when a spec has no key specs', () => {
    const legacy: CommandSpec = {
      name: 'x', arity: -2, flags: [], firstKey: 1, lastKey: -1, step: 2, group: 'generic', summary: '',
    };
    expect(getKeys(legacy, argv('x', 'a', '1', 'b', '2'))).toEqual([1, 3]);
  });

  it('reads a key count argument (keynum spec)', () => {
    const spec: CommandSpec = {
      name: 'x', arity: -3, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'generic', summary: '',
      keySpecs: [rangeKeys(['OW', 'update']), keyNumKeys(['RO', 'access'], 2)],
    };
    expect(getKeys(spec, argv('x', 'dst', '2', 'a', 'b', 'weights', '1'))).toEqual([1, 3, 4]);
    expect(getKeys(spec, argv('x', 'dst', 'nan', 'a'))).toEqual([1]);
    expect(getKeys(spec, argv('x', 'dst', '5', 'a'))).toEqual([1, 3]);
  });

  it('starts after a keyword (keyword spec), searching forwards or backwards', () => {
    const forward: CommandSpec = {
      name: 'x', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'generic', summary: '',
      keySpecs: [
        { flags: ['RO'], begin: { type: 'keyword', keyword: 'STREAMS', startFrom: 1 }, find: { type: 'range', lastKey: -1, keyStep: 1, limit: 2 } },
      ],
    };
    expect(getKeys(forward, argv('x', 'count', '1', 'streams', 'a', 'b', '0', '0'))).toEqual([4, 5]);
    expect(getKeys(forward, argv('x', 'count', '1'))).toEqual([]);
    const backward: CommandSpec = {
      ...forward,
      keySpecs: [
        { flags: ['RO'], begin: { type: 'keyword', keyword: 'key', startFrom: -2 }, find: { type: 'range', lastKey: 0, keyStep: 1, limit: 0 } },
      ],
    };
    expect(getKeys(backward, argv('x', 'KEY', 'a', 'key', 'b', 'end'))).toEqual([4]);
  });
});
