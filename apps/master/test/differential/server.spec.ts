/*
 * Differential suite: server introspection (CONFIG GET SET RESETSTAT, TIME, COMMAND COUNT INFO
 * LIST GETKEYS, INFO).
 * - COMMAND: we implement a subset of Redis's commands, so COUNT is checked against our own
 *   table, LIST as a subset of the reference's, INFO of containers with the reference narrowed to
 *   our subcommands, and INFO of SET/GETEX/BITFIELD without the reference's key-spec notes (prose
 *   we do not copy); HELP texts (our own wording) by shape.
 * - TIME by shape; INFO by its section and field names in order (values masked: pids, uptimes and
 *   memory differ by nature; commandstats are left out, their order follows a hash table) and
 *   exactly for the keyspace section; CONFIG GET port with digits masked (each server has its own
 *   port).
 */
import { allCommands } from '@resplica/commands';
import {
  commandInfoOurSubcommands,
  commandInfoWithoutNotes,
  Comparator,
  exact,
  helpShape,
  masking,
  oursIs,
  sameShape,
  Session,
  subsetOf,
  unordered,
} from '@resplica/testing';
import { describeDifferential } from './support';

/** What we serve beyond Redis 7.0 on purpose (Redis 7.2 behaviour; see client-setinfo.spec.ts). */
const REDIS_72_EXTRAS = ['client|setinfo'];

/**
 * A comparator for a step about our own command table; with RESPLICA_DIFF_OURS=redis both sides
 * are Redis 7.0, and the step compares `plain`ly instead (still proving the step deterministic).
 */
function ourTable(compare: Comparator, plain: Comparator): Comparator {
  return process.env.RESPLICA_DIFF_OURS === 'redis' ? plain : compare;
}

const infoFieldNames = masking(/:[^\r\n]*/g, ':');
/**
 * avg_ttl is an estimate the active expire cycle updates when its cron tick samples the database,
 * so it reads 0 or a sampled value depending on whether a tick fell between the SET and the INFO.
 */
const keyspaceCounts = masking(/avg_ttl=\d+/g, 'avg_ttl=#');

const sessions: Session[] = [
  {
    name: 'CONFIG GET SET RESETSTAT',
    protocols: [2, 3],
    steps: [
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'GET', 'appendonly'],
      ['CONFIG', 'GET', 'save'],
      { cmd: ['CONFIG', 'GET', 'port'], compare: masking(/\d+/g, '#') },
      ['CONFIG', 'GET', 'databases'],
      ['CONFIG', 'GET', 'nosuchparam'],
      { cmd: ['CONFIG', 'GET', 'maxmemory*'], compare: unordered },
      { cmd: ['CONFIG', 'GET', 'maxmemory', 'databases'], compare: unordered },
      ['CONFIG', 'SET', 'maxmemory', '100mb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory', 'abc'],
      ['CONFIG', 'SET', 'nosuchparam', '1'],
      ['CONFIG', 'SET', 'maxmemory'],
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'BOGUS'],
      { cmd: ['CONFIG', 'HELP'], compare: helpShape },
      ['CONFIG', 'GET'],
      ['CONFIG'],
    ],
  },
  {
    name: 'TIME',
    steps: [{ cmd: ['TIME'], compare: sameShape }, ['TIME', 'x']],
  },
  {
    name: 'COMMAND COUNT INFO LIST GETKEYS',
    steps: [
      // We implement a subset of Redis's commands: COUNT is the size of our own table.
      { cmd: ['COMMAND', 'COUNT'], compare: ourTable(oursIs(`:${allCommands().length}\r\n`), exact) },
      // Redis's key specs carry `notes` prose (SET, GETEX, BITFIELD) that we do not copy.
      {
        cmd: ['COMMAND', 'INFO', 'get', 'set', 'getex', 'mset', 'bitfield', 'bitfield_ro', 'lcs'],
        compare: ourTable(commandInfoWithoutNotes, exact),
      },
      ['COMMAND', 'INFO', 'expire', 'del', 'ping', 'multi', 'subscribe'],
      // Subcommands are listed in hash-table order, and we implement only some of CLIENT's.
      {
        cmd: ['COMMAND', 'INFO', 'client', 'config'],
        compare: ourTable(commandInfoOurSubcommands(REDIS_72_EXTRAS), unordered),
      },
      ['COMMAND', 'INFO', 'GET'],
      ['COMMAND', 'INFO', 'nosuchcommand'],
      { cmd: ['COMMAND', 'LIST'], compare: ourTable(subsetOf(REDIS_72_EXTRAS), unordered) },
      { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'get*'], compare: unordered },
      ['COMMAND', 'GETKEYS', 'SET', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYS', 'LCS', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'BITOP', 'AND', 'd', 's1', 's2'],
      ['COMMAND', 'GETKEYS', 'COPY', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'PING'],
      ['COMMAND', 'GETKEYS', 'GET'],
      ['COMMAND', 'GETKEYS', 'NOSUCH', 'a'],
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'BOGUS'],
      { cmd: ['COMMAND', 'HELP'], compare: helpShape },
    ],
  },
  {
    name: 'INFO sections and fields',
    steps: [
      ['MSET', 'a', '1', 'b', '2'],
      ['SET', 'c', '3', 'EXAT', '4102444800'],
      ['SELECT', '4'],
      ['SET', 'd', '4'],
      { cmd: ['INFO', 'keyspace'], compare: keyspaceCounts },
      { cmd: ['INFO'], compare: infoFieldNames },
      { cmd: ['INFO', 'server'], compare: infoFieldNames },
      { cmd: ['INFO', 'clients'], compare: infoFieldNames },
      { cmd: ['INFO', 'memory'], compare: infoFieldNames },
      { cmd: ['INFO', 'stats'], compare: infoFieldNames },
      { cmd: ['INFO', 'replication'], compare: infoFieldNames },
      { cmd: ['INFO', 'persistence'], compare: infoFieldNames },
      { cmd: ['INFO', 'cpu', 'cluster', 'modules'], compare: infoFieldNames },
      { cmd: ['INFO', 'server', 'clients'], compare: infoFieldNames },
      ['INFO', 'nosuchsection'],
    ],
  },
  {
    name: 'unknown commands and subcommands echo the arguments as bytes: up to a NUL, 128 bytes',
    steps: [
      ['FOO', Buffer.from([0x6b, 0x00, 0xff]), 'a'],
      ['FOO', Buffer.from([0xc3, 0xa9, 0xff, 0x80]), 'x'],
      [Buffer.from([0x66, 0xff, 0x00, 0x41]), 'a'],
      ['FOO', 'a\r\nb', 'c\rd'],
      ['FOO', 'x'.repeat(200), 'y'],
      ['FOO', 'x'.repeat(120), 'y'.repeat(15), 'z'],
      ['FOO', Buffer.alloc(130, 0xe9)],
      ['F'.repeat(140)],
      ['FOO'],
      ['OBJECT', Buffer.from([0x6b, 0x00, 0xff])],
      ['OBJECT', Buffer.from([0xe9, 0xff]), 'k'],
      ['CONFIG', Buffer.from([0xe9, 0xff, 0x00, 0x41])],
      ['CLIENT', 'a\r\nb'],
      ['COMMAND', Buffer.alloc(200, 0xe9)],
      ['MULTI'],
      ['FOO', Buffer.from([0xe9])],
      ['EXEC'],
    ],
  },
];

describeDifferential('server, command and config', sessions);
