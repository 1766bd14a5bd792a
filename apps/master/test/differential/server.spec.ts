/*
 * Differential suite: server introspection (CONFIG GET SET RESETSTAT, TIME, COMMAND COUNT INFO
 * LIST GETKEYS, INFO). TIME is compared by shape; INFO by its section and field names in order
 * (values masked: pids, uptimes and memory differ by nature; commandstats are left out, their
 * order follows a hash table) and exactly for the keyspace
 * section; CONFIG GET port with digits masked (each server has its own port).
 */
import { masking, sameShape, Session, unordered } from '@resplica/testing';
import { describeDifferential } from './support';

const infoFieldNames = masking(/:[^\r\n]*/g, ':');

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
      ['COMMAND', 'COUNT'],
      ['COMMAND', 'INFO', 'get', 'set', 'mset', 'bitfield', 'bitfield_ro', 'lcs'],
      ['COMMAND', 'INFO', 'expire', 'del', 'ping', 'multi', 'subscribe'],
      // Subcommands are listed in hash-table order.
      { cmd: ['COMMAND', 'INFO', 'client', 'config'], compare: unordered },
      ['COMMAND', 'INFO', 'GET'],
      ['COMMAND', 'INFO', 'nosuchcommand'],
      { cmd: ['COMMAND', 'LIST'], compare: unordered },
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
    ],
  },
  {
    name: 'INFO sections and fields',
    steps: [
      ['MSET', 'a', '1', 'b', '2'],
      ['SET', 'c', '3', 'EXAT', '4102444800'],
      ['SELECT', '4'],
      ['SET', 'd', '4'],
      ['INFO', 'keyspace'],
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
];

describeDifferential('server, command and config', sessions);
