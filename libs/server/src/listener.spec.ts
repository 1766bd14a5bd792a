/*
 * Accept-time policy: bind parsing, loopback detection, and when protected mode refuses a peer.
 */
import { DEFAULT_BIND, isLoopback, parseBind, protectedModeRefuses } from './listener';

describe('parseBind', () => {
  it('maps the default to every IPv4 address plus optional IPv6', () => {
    expect(parseBind(DEFAULT_BIND)).toEqual([
      { host: '0.0.0.0', optional: false, ipv6Only: false },
      { host: '::', optional: true, ipv6Only: true },
    ]);
  });

  it('keeps explicit addresses and the optional marker', () => {
    expect(parseBind('127.0.0.1 -::1')).toEqual([
      { host: '127.0.0.1', optional: false, ipv6Only: false },
      { host: '::1', optional: true, ipv6Only: true },
    ]);
  });
});

describe('protected mode', () => {
  it('treats IPv4, IPv6 and mapped loopback as local', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.1.2.3')).toBe(false);
  });

  it('refuses a remote peer only with protected-mode on, no password and the default bind', () => {
    expect(protectedModeRefuses(true, DEFAULT_BIND, '', '10.1.2.3')).toBe(true);
    expect(protectedModeRefuses(true, DEFAULT_BIND, '', '127.0.0.1')).toBe(false);
    expect(protectedModeRefuses(false, DEFAULT_BIND, '', '10.1.2.3')).toBe(false);
    expect(protectedModeRefuses(true, DEFAULT_BIND, 'pw', '10.1.2.3')).toBe(false);
    expect(protectedModeRefuses(true, '0.0.0.0', '', '10.1.2.3')).toBe(false);
  });
});
