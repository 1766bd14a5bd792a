/*
 * Differential suite: publish/subscribe (SUBSCRIBE PSUBSCRIBE UNSUBSCRIBE PUNSUBSCRIBE PUBLISH
 * PUBSUB) and MONITOR. Client 0 subscribes, client 1 publishes; a step `{ raw: '' }` sends
 * nothing and reads the next pushed message. MONITOR lines are compared with the timestamp and
 * the client address masked; PUBSUB HELP (our own wording) by shape.
 */
import { helpShape, masking, Session, unordered } from '@resplica/testing';
import { describeDifferential } from './support';

const receive = { raw: '' };
const monitorLine = masking(/^\d+\.\d+ \[\d+ [^\]]+\]/, 'TIME [DB ADDR]');

const sessions: Session[] = [
  {
    name: 'SUBSCRIBE PUBLISH UNSUBSCRIBE',
    steps: [
      { cmd: ['SUBSCRIBE', 'a', 'b'], replies: 2 },
      { client: 1, cmd: ['PUBLISH', 'a', 'hello'] },
      receive,
      { client: 1, cmd: ['PUBLISH', 'b', Buffer.from([0, 13, 10])] },
      receive,
      { client: 1, cmd: ['PUBLISH', 'nobody', 'x'] },
      { client: 1, cmd: ['PUBSUB', 'CHANNELS'], compare: unordered },
      { client: 1, cmd: ['PUBSUB', 'CHANNELS', 'a*'] },
      { client: 1, cmd: ['PUBSUB', 'NUMSUB', 'a', 'b', 'c'] },
      { client: 1, cmd: ['PUBSUB', 'NUMSUB'] },
      { client: 1, cmd: ['PUBSUB', 'NUMPAT'] },
      { cmd: ['SUBSCRIBE', 'a'], replies: 1 },
      ['PING'],
      ['PING', 'x'],
      ['GET', 'k'],
      { cmd: ['UNSUBSCRIBE', 'a'], replies: 1 },
      { cmd: ['UNSUBSCRIBE', 'b'], replies: 1 },
      ['GET', 'k'],
      { cmd: ['UNSUBSCRIBE'], replies: 1 },
      { cmd: ['UNSUBSCRIBE', 'zzz'], replies: 1 },
      { client: 1, cmd: ['PUBLISH', 'a', 'gone'] },
      { client: 1, cmd: ['PUBLISH', 'a'] },
      { client: 1, cmd: ['PUBSUB', 'BOGUS'] },
      { client: 1, cmd: ['PUBSUB'] },
      { client: 1, cmd: ['PUBSUB', 'HELP'], compare: helpShape },
      ['SUBSCRIBE'],
    ],
  },
  {
    name: 'PSUBSCRIBE PUNSUBSCRIBE and pattern messages',
    steps: [
      { cmd: ['PSUBSCRIBE', 'news.*', 'h?llo'], replies: 2 },
      { client: 1, cmd: ['PUBLISH', 'news.tech', 'x'] },
      receive,
      { client: 1, cmd: ['PUBLISH', 'hello', 'y'] },
      receive,
      { client: 1, cmd: ['PUBSUB', 'NUMPAT'] },
      { cmd: ['SUBSCRIBE', 'hello'], replies: 1 },
      { client: 1, cmd: ['PUBLISH', 'hello', 'both'] },
      { raw: '', replies: 2 },
      { cmd: ['PUNSUBSCRIBE', 'news.*'], replies: 1 },
      { cmd: ['PUNSUBSCRIBE', 'h?llo'], replies: 1 },
      { cmd: ['PUNSUBSCRIBE'], replies: 1 },
      { cmd: ['UNSUBSCRIBE', 'hello'], replies: 1 },
      ['PSUBSCRIBE'],
    ],
  },
  {
    name: 'RESET and QUIT in subscribe mode',
    steps: [
      { cmd: ['SUBSCRIBE', 'a'], replies: 1 },
      ['RESET'],
      { client: 1, cmd: ['PUBSUB', 'NUMSUB', 'a'] },
      ['GET', 'k'],
      { cmd: ['PSUBSCRIBE', 'p*'], replies: 1 },
      { cmd: ['QUIT'], closes: true },
    ],
  },
  {
    name: 'MONITOR sees other clients commands',
    steps: [
      { client: 1, cmd: ['MONITOR'] },
      ['SET', 'k', 'v'],
      { client: 1, raw: '', compare: monitorLine },
      ['GET', Buffer.from([0, 34, 92, 13, 10, 0xff])],
      { client: 1, raw: '', compare: monitorLine },
      ['SELECT', '3'],
      { client: 1, raw: '', compare: monitorLine },
      ['ECHO', 'x y'],
      { client: 1, raw: '', compare: monitorLine },
    ],
  },
];

describeDifferential('pubsub and monitor', sessions);
