/*
 * Subject names: the layout routers subscribe to, node ids made into one token, bad cluster names
 * refused.
 */
import { HealthConfigError } from './errors';
import { clusterWildcard, healthSubject, nodeToken } from './subjects';

describe('subjects', () => {
  it('puts a node under its cluster', () => {
    expect(healthSubject('prod', 'node-a')).toBe('resplica.prod.health.node-a');
    expect(clusterWildcard('prod')).toBe('resplica.prod.health.>');
  });

  it('makes a host:port node id one token, so the subject always has four', () => {
    expect(healthSubject('c1', '10.0.0.5:6380')).toBe('resplica.c1.health.10_0_0_5:6380');
    expect(healthSubject('c1', '[::1]:6380')).toBe('resplica.c1.health.[::1]:6380');
    expect(nodeToken('a.b*c>d e\tf')).toBe('a_b_c_d_e_f');
    expect(healthSubject('c1', 'x.y.z').split('.')).toHaveLength(4);
  });

  it.each(['', 'a.b', 'a*', '>', 'a b'])('refuses the cluster name %j', (cluster) => {
    expect(() => healthSubject(cluster, 'n')).toThrow(HealthConfigError);
    expect(() => clusterWildcard(cluster)).toThrow(HealthConfigError);
  });

  it('refuses an empty node id', () => {
    expect(() => healthSubject('c', '')).toThrow(HealthConfigError);
  });
});
