/*
 * Joining the command table with handler tables: unimplemented commands are not routed, a
 * container's handler serves its subcommands, a subcommand's own handler wins.
 */
import type { CommandSpec } from '@resplica/commands';
import type { Handler } from '@resplica/keyspace';
import { arityOk, buildRoutes, type EngineHandler } from './routes';

const spec = (name: string, arity: number, subcommands?: CommandSpec[]): CommandSpec => ({
  name,
  arity,
  flags: [],
  firstKey: 0,
  lastKey: 0,
  step: 0,
  group: 'server',
  summary: '',
  subcommands,
});

const table: CommandSpec[] = [
  spec('get', 2),
  spec('nothandled', 1),
  spec('object', -2, [spec('object|encoding', 3), spec('object|freq', 3)]),
  spec('config', -2, [spec('config|get', -3), spec('config|set', -4)]),
];

describe('buildRoutes', () => {
  const get: Handler = () => undefined;
  const object: Handler = () => undefined;
  const configGet: EngineHandler = () => undefined;
  const routes = buildRoutes(table, {
    keyspace: new Map([
      ['get', get],
      ['object', object],
    ]),
    server: new Map([['config|get', configGet]]),
  });

  it('routes implemented commands only', () => {
    expect([...routes.keys()]).toEqual(['get', 'object', 'config']);
    expect(routes.get('get')!.keyspace).toBe(get);
  });

  it('gives a container handler to every subcommand, and routes only implemented subcommands', () => {
    expect(routes.get('object')!.subcommands!.get('object|freq')!.keyspace).toBe(object);
    expect([...routes.get('config')!.subcommands!.keys()]).toEqual(['config|get']);
    expect(routes.get('config')!.subcommands!.get('config|get')!.arity).toBe(-3);
    expect(routes.get('config')!.helpName).toBe('CONFIG');
  });
});

describe('arityOk', () => {
  it('is exact for positive arity and a minimum for negative', () => {
    expect(arityOk(2, 2)).toBe(true);
    expect(arityOk(2, 3)).toBe(false);
    expect(arityOk(-2, 5)).toBe(true);
    expect(arityOk(-3, 2)).toBe(false);
  });
});
