import nx from '@nx/eslint-plugin';

// Module boundaries follow the dependency table in ARCHITECTURE.md. Two tag dimensions:
// scope (who may use it) and type (what kind of code it is).
const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: true, allow: [], depConstraints },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/coverage', '**/generated/**', '**/test-results'] },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        // The router stays small: it may never link the keyspace, replication or RDB code.
        { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        // Operator tools (tools/ops) read health events and talk RESP; they never link a node.
        { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
        { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
        {
          sourceTag: 'type:protocol',
          onlyDependOnLibsWithTags: ['type:protocol', 'type:util'],
          bannedExternalImports: ['net', 'node:net', 'nats', '@nats-io/*', 'pino'],
        },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:protocol', 'type:util', 'type:domain', 'type:messaging'] },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
      ]),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests of any project may use the test-only helpers of libs/testing (real servers on free
    // ports, raw RESP sockets, waitFor); production code may not.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([
        { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
        { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
        { sourceTag: '*', notDependOnLibsWithTags: ['type:app'] },
      ]),
    },
  },
];
