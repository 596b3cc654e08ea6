// @ts-check
// `npm run lint`: typescript-eslint's type-aware recommended rules, the architecture's
// rules (lint/architecture-rules.js) and Prettier's formatting check (`format:check`).
'use strict';

const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');
const globals = require('globals');
const { architectureRules } = require('./lint/architecture-rules.js');

/** Every TypeScript project: a file is checked with the first one that includes it. */
const TSCONFIGS = ['tsconfig.json', 'tsconfig.gateway.json', 'tsconfig.test.json', 'bench/tsconfig.json', 'tsconfig.scripts.json'];

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-bench/',
      'dist-scripts/',
      'data/',
      'coverage/',
      'test-output/',
      'bench/results/',
      '.test-build-*/',
      // Broken on purpose: test/lint/architecture-rules.test.ts lints it with the architecture rules.
      'test/lint/fixture/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: TSCONFIGS, tsconfigRootDir: __dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, sourceType: 'commonjs', globals: globals.node },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Jest's asymmetric matchers (expect.any, expect.stringContaining, …) are typed `any`
      // by @types/jest; inside expectations they are the assertion, not a leak of `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Test doubles implement the async ports (store, transport, clock) with answers at hand.
      '@typescript-eslint/require-await': 'off',
    },
  },
  ...architectureRules({ root: __dirname, tsconfigs: TSCONFIGS }),
  prettier,
);
