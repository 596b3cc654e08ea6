/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Sources import with explicit .js extensions (required by NodeNext for the gateway build).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 20000,
  // One worker, restarted when a test file leaves it above this: run in band, the heap grew
  // file after file (each file's fake-indexeddb databases and gateways) past Node's limit.
  workerIdleMemoryLimit: '1536MB',
};
