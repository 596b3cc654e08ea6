/** What both projects share. */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Sources import with explicit .js extensions (required by NodeNext for the gateway build).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 20000,
};

/**
 * The suites that run once more with every test gateway on PostgreSQL (test/support/use-postgres.ts):
 * the gateway's integration tests and the sync engine's integration and fault tests. The slow
 * property tests (sync-properties, edit-during-sync) and the browser tests run on SQLite only
 * (pane-postgres.e2e and multi-process start their PostgreSQL gateways themselves); filter-parity
 * runs both engines itself. On PostgreSQL the suites run over JSON only (ENCODINGS,
 * test/support/gateway-client.ts), SOAP there is soap-client's.
 */
const ON_POSTGRES = [
  'gateway/apply-changes',
  'gateway/auth',
  'gateway/bad-input',
  'gateway/field-rules',
  'gateway/list-records',
  'gateway/packages',
  'gateway/reconcile-keys',
  'gateway/records',
  'gateway/replacement-admin',
  'gateway/replacement-job',
  'gateway/replacement-restore',
  'gateway/sites',
  'gateway/soap-client',
  'gateway/throttle-concurrency',
  'gateway/visibility',
  'sync/field-rules-upload.integration',
  'sync/reconcile-sync.integration',
  'sync/replacement-carry.integration',
  'sync/restore-replacement.integration',
  'sync/sync-bad-answers',
  'sync/sync-engine-behaviour',
  'sync/sync-engine.integration',
  'sync/sync-faults',
  'sync/upload-records.integration',
];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: base.testTimeout,
  // Two workers (the machines have 2 cores; Jest's default leaves one idle): many suites wait on
  // a gateway, PostgreSQL or Chromium rather than compute. Each is restarted when a test file
  // leaves it above this: in one long-lived worker the heap grew file after file (each file's
  // fake-indexeddb databases and gateways) past Node's limit.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1536MB',
  // A throwaway PostgreSQL for the run (unless TEST_DATABASE_URL names one), stopped at the end.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...base, displayName: 'sqlite' },
    {
      ...base,
      displayName: 'postgres',
      testMatch: ON_POSTGRES.map((name) => `<rootDir>/test/${name}.test.ts`),
      setupFiles: ['<rootDir>/test/support/use-postgres.ts'],
    },
  ],
};
