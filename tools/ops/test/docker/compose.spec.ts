/**
 * Offline checks of docker-compose.yml (no Docker engine here): dclint's schema and best-practice
 * rules, then what a schema cannot know — every service is health-checked, replicas can be scaled
 * and announce themselves, every RESPLICA_* variable names a real parameter with a valid value,
 * and the nodes, the router and NATS agree on where everything is.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { envName, loadConfig, PARAMS } from '@resplica/config';
import { composeFile, dockerfileStages, interpolateDefaults, readRepoFile, ROOT, type ComposeService } from './repo';

const compose = composeFile();
const services = Object.entries(compose.services);
const resplicaServices = services.filter(([, s]) => s.build !== undefined);

function env(service: ComposeService): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolateDefaults(String(v ?? ''))]));
}

/** Every `RESPLICA_<NAME>` spelling libs/config reads for a parameter or one of its aliases. */
const PARAM_ENV_NAMES = new Set(PARAMS.flatMap((p) => (p.alias === null ? [p.name] : [p.name, p.alias])).map(envName));

/** CONFIG GET form of every parameter, after loading `env` alone. */
function loaded(vars: Record<string, string>): Record<string, string> {
  const { config, errors } = loadConfig({ argv: [], env: vars });
  expect(errors).toEqual([]);
  return Object.fromEntries(config.names().map((n) => [n, config.get(n)]));
}

describe('docker-compose.yml', () => {
  it('passes dclint (compose-spec schema and every best-practice rule)', () => {
    const bin = join(ROOT, 'node_modules', 'dclint', 'bin', 'dclint.cjs');
    const run = spawnSync(process.execPath, [bin, '--color=false', 'docker-compose.yml'], { cwd: ROOT, encoding: 'utf8' });
    expect((run.stdout + run.stderr).trim()).toBe('');
    expect(run.status).toBe(0);
  });

  it('runs nats, master, replica and router', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['master', 'nats', 'replica', 'router']);
  });

  it.each(services)('%s has a health check', (_name, service) => {
    expect(service.healthcheck?.disable).not.toBe(true);
    expect(service.healthcheck?.test?.length).toBeGreaterThan(1);
  });

  it.each(resplicaServices)('%s is health-checked by the image health check for its own app', (name, service) => {
    expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'tools/ops/dist/healthcheck/main.js', name]);
    expect(service.command?.join(' ')).toContain(`apps/${name}/dist/main.js`);
  });

  it('nats runs JetStream with its state in a volume, checked through its monitoring port', () => {
    const nats = compose.services.nats;
    const command = nats.command ?? [];
    expect(command).toContain('-js');
    const storeDir = command[command.indexOf('-sd') + 1];
    expect(nats.volumes?.some((v) => v.endsWith(`:${storeDir}`))).toBe(true);
    const monitor = command[command.indexOf('-m') + 1];
    expect(nats.healthcheck?.test?.join(' ')).toContain(`:${monitor}/healthz`);
  });

  it('replica scales: no host port, no fixed container name, and each announces its own address', () => {
    const replica = compose.services.replica;
    expect(replica.ports ?? []).toEqual([]);
    expect(replica.container_name).toBeUndefined();
    expect(replica.command?.join(' ')).toMatch(/--replica-announce-ip "\$\$1"/);
    expect(replica.command?.join(' ')).toContain('$$(hostname -i)');
    expect(env(replica).RESPLICA_REPLICA_ANNOUNCE_IP ?? env(replica).RESPLICA_ANNOUNCE_IP).toBeUndefined();
  });

  it.each(resplicaServices)('every RESPLICA_* variable of %s names a parameter and has a valid value', (_name, service) => {
    const baseline = loaded({});
    for (const [key, value] of Object.entries(env(service)).filter(([k]) => k.startsWith('RESPLICA_'))) {
      const after = loaded({ [key]: value });
      // libs/config also reads a few short names (RESPLICA_ANNOUNCE_IP): those must change something.
      const known = PARAM_ENV_NAMES.has(key) || Object.keys(after).some((n) => after[n] !== baseline[n]);
      expect({ key, known }).toEqual({ key, known: true });
    }
  });

  it('master, replicas and router share one NATS and one cluster name, and NATS is the nats service', () => {
    const envs = resplicaServices.map(([, s]) => env(s));
    expect(new Set(envs.map((e) => e.RESPLICA_NATS))).toEqual(new Set(['nats://nats:4222']));
    expect(new Set(envs.map((e) => e.RESPLICA_CLUSTER)).size).toBe(1);
  });

  it('services start in order nats → master → replicas and router, each once the previous is healthy', () => {
    expect(compose.services.master.depends_on).toEqual({ nats: { condition: 'service_healthy' } });
    expect(compose.services.replica.depends_on).toEqual({ master: { condition: 'service_healthy' } });
    expect(compose.services.router.depends_on).toEqual({ master: { condition: 'service_healthy' } });
  });

  it('replicas follow the master service on its port, with the password it requires', () => {
    const master = loaded(env(compose.services.master));
    // The master listens on its app default (apps/master/src/main.ts) unless the file sets a port.
    const masterPort = env(compose.services.master).RESPLICA_PORT ?? '6380';
    const replica = loaded(env(compose.services.replica));
    expect(replica.replicaof).toBe(`master ${masterPort}`);
    expect(replica.masterauth).toBe(master.requirepass);
    expect(loaded(env(compose.services.router)).masterauth).toBe(master.requirepass);
    expect(master['replica-announce-ip']).toBe('master');
  });

  it('the master keeps its snapshots in a named volume at the directory the image sets', () => {
    const runtime = dockerfileStages(readRepoFile('Dockerfile')).at(-1)!;
    const dirEnv = runtime.instructions.find((i) => i.keyword === 'ENV' && i.args.some((a) => a.startsWith('RESPLICA_DIR=')));
    const dir = dirEnv!.args.find((a) => a.startsWith('RESPLICA_DIR='))!.slice('RESPLICA_DIR='.length);
    const mount = compose.services.master.volumes?.find((v) => v.endsWith(`:${dir}`));
    expect(mount).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(mount!.split(':')[0]);
  });

  it('the router publishes its RESP port and its status page / metrics port on loopback only', () => {
    const router = compose.services.router;
    const metricsPort = loaded(env(router))['metrics-port'];
    expect(metricsPort).not.toBe('0');
    const published = (router.ports ?? []).map((p) => interpolateDefaults(p));
    expect(published).toEqual(expect.arrayContaining(['127.0.0.1:6379:6379', `127.0.0.1:${metricsPort}:${metricsPort}`]));
    const exposed = dockerfileStages(readRepoFile('Dockerfile')).at(-1)!.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args);
    expect(exposed).toEqual(expect.arrayContaining(['6379', '6380', '6381', metricsPort]));
  });
});
