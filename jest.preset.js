// Shared Jest preset. Each project's jest.config.js: { displayName, preset: '../../jest.preset.js' }.
// Path aliases come from tsconfig.base.json "paths" (plain JSON, no comments), mapped to source,
// so unit tests never need a prior build and nothing here depends on the TypeScript compiler API.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths ?? {})) {
  moduleNameMapper[`^${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  testTimeout: 20000,
  // A failed network test can leave sockets open and Jest then never exits; in CI, exit anyway.
  forceExit: !!process.env.CI,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  reporters: ['default', path.join(__dirname, 'tools/jest-summary-reporter.js')],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
};
