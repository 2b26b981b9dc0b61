// One jest run for the whole monorepo: unit specs (*.spec.ts), integration specs
// against real Postgres/NATS/Temporal (*.int-spec.ts) and end-to-end tests (test/e2e).
const { pathsToModuleNameMapper } = require('./tools/jest/paths');

const transform = {
  '^.+\\.ts$': ['@swc/jest', {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  }],
  // jose ships ES modules only; jest (CommonJS) gets them compiled like our own code.
  '^.+/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
// node_modules are not compiled, except jose (above).
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, moduleNameMapper: pathsToModuleNameMapper() };

module.exports = {
  // Once per run: binaries, one in-memory Temporal dev server, the migrated template database.
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  transform,
  // Integration and end-to-end tests wait on real processes; assertions poll with their own deadlines.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,workflows}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      // test/integration: platform libraries against real Postgres/NATS, with @vigil/testing (which libs themselves may not import).
      testMatch: ['<rootDir>/{libs,services,workflows}/**/*.int-spec.ts', '<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts', '<rootDir>/test/fault/**/*.fault-spec.ts'],
    },
  ],
};
