/** Unit specs live beside the code; e2e specs in test/ run against a real Postgres. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/packages/client/src'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  // stream-json and its stream-chain are ES modules only; Node loads them with require,
  // but Jest's module registry does not, so they are compiled to CommonJS like the sources.
  transform: { '^.+\\.ts$': swc, '/node_modules/(stream-json|stream-chain)/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(stream-json|stream-chain)/)'],
  // The generated Prisma client imports its siblings with a `.js` extension.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // As in the service, where Nest loads it: the DTOs' decorators read type metadata.
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 30000,
};
