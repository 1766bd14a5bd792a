/*
 * Interop: malformed input. Each session sends bad bytes on client 0, expects the same error
 * bytes as the real redis-server followed by the same close, and then checks that client 1,
 * connected all along, is still served. Played side by side with a real redis-server.
 */
import { Session } from '@resplica/testing';
import { describeDifferential } from '../differential/support';

function closesWith(name: string, raw: string): Session {
  return {
    name,
    protocols: [2],
    clients: 2,
    steps: [
      { client: 1, cmd: ['SET', 'alive', 'yes'] },
      { raw, closes: true },
      { client: 1, cmd: ['GET', 'alive'] },
      { client: 1, cmd: ['PING'] },
    ],
  };
}

const sessions: Session[] = [
  closesWith('bad type byte inside a multibulk', '*1\r\n+PING\r\n'),
  closesWith('non-numeric multibulk length', '*x\r\n'),
  closesWith('multibulk count over INT_MAX', '*2147483648\r\n'),
  closesWith('bulk length over the 512 MB limit', '*1\r\n$536870913\r\n'),
  closesWith('2 GB declared bulk length', '*1\r\n$2147483648\r\n'),
  closesWith('negative bulk length', '*1\r\n$-1\r\n'),
  closesWith('unbalanced quotes in an inline command', 'SET "a b\r\n'),
  closesWith('inline request over 64 KB without a newline', 'A'.repeat(70000)),
  {
    name: 'a frame split across writes is completed, not rejected',
    protocols: [2],
    steps: [
      { raw: '*2\r\n$4\r\nEC', replies: 0 },
      { client: 1, cmd: ['PING'] },
      { raw: 'HO\r\n$2\r\nhi\r\n' },
      { raw: '*0\r\n*-1\r\n\r\nPING\r\n' },
    ],
  },
];

describeDifferential('malformed input', sessions);
