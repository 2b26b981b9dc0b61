// Root ESLint flat config for the whole monorepo. Every Nx project gets a `lint`
// target inferred by @nx/eslint/plugin (nx.json) that runs `eslint .` in the
// project root and picks up this file. Module boundaries: docs/decisions/0004-module-boundaries.md
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.cts', '**/*.mts'];
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts'];

/**
 * Packages that must never reach deterministic workflow code: I/O frameworks
 * and the Temporal packages that only make sense outside the workflow sandbox.
 * (`nats` is not installed; it is listed so adding it later does not open a hole.)
 */
const WORKFLOW_BANNED_IMPORTS = [
  '@nestjs/*', '@nestjs/**',
  'typeorm', 'typeorm/**',
  'pg', 'pg/**', 'pg-*',
  '@nats-io/*', '@nats-io/**',
  'nats', 'nats/**',
  '@temporalio/client', '@temporalio/client/**',
  '@temporalio/worker', '@temporalio/worker/**',
  '@temporalio/activity', '@temporalio/activity/**',
  '@temporalio/testing', '@temporalio/testing/**',
];

/** Node built-ins are not npm packages in the project graph, so the Nx rule cannot ban them; core ESLint can. */
const NO_NODE_BUILTINS = [
  'error',
  {
    paths: builtinModules
      .filter((name) => !name.startsWith('_'))
      .map((name) => ({ name, message: 'Workflow code runs in the deterministic Temporal sandbox: no Node built-ins (do I/O in an activity).' })),
    patterns: [{ group: ['node:*'], message: 'Workflow code runs in the deterministic Temporal sandbox: no Node built-ins (do I/O in an activity).' }],
  },
];

const workflowConstraint = (sourceTag) => ({
  sourceTag,
  onlyDependOnLibsWithTags: ['type:workflow', 'type:workflow-contracts', 'type:util'],
  bannedExternalImports: WORKFLOW_BANNED_IMPORTS,
});

/**
 * Who may depend on whom. A project must satisfy EVERY constraint whose
 * sourceTag it carries, so services are held by both their type rule and the
 * scope rule (only scope:shared), and nothing at all may depend on a service.
 */
const depConstraints = ({ bundledWorkerFiles = false } = {}) => [
  // Pure utilities (calendars, SLA arithmetic): no I/O, usable everywhere, workflows included.
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: WORKFLOW_BANNED_IMPORTS },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:workflow-contracts', onlyDependOnLibsWithTags: ['type:workflow-contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:workflow-contracts', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:workflow-contracts', 'type:util'] },
  {
    sourceTag: 'type:service',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:workflow-contracts', 'type:platform', 'type:testing', 'type:util'],
  },
  // Services: scope:<service> tags; a service may only reach shared libraries, never another service.
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['scope:shared'] },
  workflowConstraint('type:workflow'),
  bundledWorkerFiles
    ? workflowConstraint('type:workflow-worker')
    : {
        sourceTag: 'type:workflow-worker',
        onlyDependOnLibsWithTags: ['type:workflow', 'type:workflow-contracts', 'type:platform', 'type:contracts', 'type:testing', 'type:util'],
      },
  // test/ (project `e2e`) has the rule switched off below; this only keeps it from being a dead end.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
];

const boundaries = (options) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: depConstraints(options),
  },
];

export default defineConfig([
  globalIgnores(['**/node_modules/', '**/dist/', '**/tmp/', '**/coverage/', '**/.nx/']),

  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    plugins: { '@nx': nx },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      // `const { secret, ...rest } = x` is how a field is dropped; `_name` marks a deliberately unused one.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // Workflow code (bundled into the Temporal sandbox) and the pure utilities it may use: no Node built-ins.
  {
    files: ['workflows/**/*.ts', 'libs/util/**/*.ts'],
    ignores: [...TEST_FILES, 'workflows/worker/**'],
    rules: { 'no-restricted-imports': NO_NODE_BUILTINS },
  },

  // The worker's sandbox entry points are bundled with the workflows, so they
  // obey the workflow rules even though the worker app as a whole may do I/O.
  {
    files: ['workflows/worker/src/workflows.ts', 'workflows/worker/src/workflow-interceptors.ts', 'workflows/worker/src/workflow-metrics-interceptors.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ bundledWorkerFiles: true }),
      'no-restricted-imports': NO_NODE_BUILTINS,
    },
  },

  // Tests of workflow code are not bundled: they may use @temporalio/testing, the worker and @vigil/testing.
  {
    files: TEST_FILES.map((glob) => `workflows/*/${glob}`),
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          depConstraints: depConstraints().map((c) =>
            c.sourceTag === 'type:workflow'
              ? { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['type:workflow', 'type:workflow-contracts', 'type:testing'] }
              : c,
          ),
        },
      ],
    },
  },

  // test/ (project `e2e`): end-to-end and fault tests drive the system from outside and
  // may import anything, including libs by relative path (jest globalSetup does not map
  // tsconfig paths), so the boundary rule is off here. Nothing may import test/ (Nx
  // forbids imports of e2e projects and any relative import across projects).
  {
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },

  // Time is injected (ARCHITECTURE rule 3): production code asks the Clock
  // (@vigil/platform-clock), never the wall clock. Workflow code reads
  // Temporal's deterministic time and is exempt, like tests and dev tooling.
  // Tests and dev tools too: they read the tests' clock (test/support/clock.ts), which the
  // date-shifted run moves with the services'. Deadlines of polling helpers (libs/testing) and
  // benchmark timings are real elapsed time and stay exempt.
  {
    files: ['services/**/*.ts', 'libs/**/*.ts', 'workflows/**/*.spec.ts', 'workflows/**/*.int-spec.ts', 'test/**/*.ts', 'deploy/**/*.ts'],
    ignores: ['libs/testing/**', 'test/bench/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the injected Clock (@vigil/platform-clock), not `new Date()`.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time from the injected Clock (@vigil/platform-clock), not `Date.now()`.' },
      ],
    },
  },
]);
