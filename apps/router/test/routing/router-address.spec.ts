/**
 * routerAddress: the host a router's RouterView announces: replica-announce-ip, else the first bind
 * address naming one interface, else 127.0.0.1; the port is always the listening one.
 */
import { routerAddress } from '../../src/publishing';
import { routerConfig } from './harness';

it.each([
  [['--replica-announce-ip', '10.1.2.3', '--bind', '127.0.0.1'], '10.1.2.3'],
  [['--bind', '127.0.0.1'], '127.0.0.1'],
  [['--bind', '0.0.0.0 192.168.1.5'], '192.168.1.5'],
  [['--bind', '* -::*'], '127.0.0.1'],
  [['--bind', '-10.0.0.7'], '10.0.0.7'],
  [[], '127.0.0.1'],
])('%j announces %s', (argv, host) => {
  expect(routerAddress(routerConfig(argv), 6390)).toEqual({ host, port: 6390 });
});
