// @ts-check
// The architecture as lint rules (docs/architecture.md, "Modules and layering"):
// - imports point down `taskpane → sync → store → metadata → protocol` and
//   `gateway → metadata → protocol`;
// - only store imports Dexie, only taskpane touches Office and the DOM, only the
//   gateway imports the database, the HTTP server and Node's built-ins;
// - no import circles (type-only imports included);
// - a module's own files never import its barrel (index.ts); other modules import only it;
// - inside the pane, only the composition root (app/) builds views: nothing imports app/,
//   and the services and helpers the views use never import a view.
// A function of the repository root so that test/lint/ can run the same rules over a
// small fixture tree.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const importX = require('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = require('eslint-import-resolver-typescript');
const noImportCycle = require('./no-import-cycle.js');

/** Each module and the modules it may import (directly or not). */
const MAY_IMPORT = {
  protocol: [],
  metadata: ['protocol'],
  store: ['metadata', 'protocol'],
  sync: ['store', 'metadata', 'protocol'],
  taskpane: ['sync', 'store', 'metadata', 'protocol'],
  gateway: ['metadata', 'protocol'],
};
const MODULES = /** @type {(keyof typeof MAY_IMPORT)[]} */ (Object.keys(MAY_IMPORT));
const LAYERING = 'imports point down taskpane → sync → store → metadata → protocol and gateway → metadata → protocol';

/** Code that runs in the browser (the pane's bundle). */
const BROWSER_MODULES = ['taskpane', 'sync', 'store', 'metadata', 'protocol'];

/** Globals of the DOM and of Office.js: the pane's business only. */
const PANE_GLOBALS = [
  'window',
  'document',
  'Office',
  'OfficeExtension',
  'localStorage',
  'sessionStorage',
  'location',
  'history',
  'alert',
  'confirm',
  'customElements',
  'requestAnimationFrame',
  'HTMLElement',
];

/** Folders of the pane that are not the composition root, and whether they hold views. */
const PANE_FOLDERS = ['views', 'services', 'dom', 'host', 'filters', 'issues', 'mail', 'records', 'admin', 'format', 'theme'];
const PANE_HELPERS = ['services', 'dom', 'host', 'filters', 'issues', 'mail', 'records', 'format', 'theme'];

/**
 * @param {{ root: string, tsconfigs: string[] }} options the repository (or fixture) root, and the
 *   tsconfig files whose path mapping the import resolver uses
 * @returns {import('eslint').Linter.Config[]}
 */
function architectureRules({ root, tsconfigs }) {
  const src = (/** @type {string} */ sub) => path.join(root, 'src', sub);
  const files = (/** @type {string[]} */ modules) => modules.map((m) => `src/${m}/**/*.ts`);

  const layeringZones = MODULES.flatMap((module) =>
    MODULES.filter((other) => other !== module && !MAY_IMPORT[module].includes(other)).map((other) => ({
      target: src(module),
      from: src(other),
      message: `${module} may not import ${other}: ${LAYERING}.`,
    })),
  );
  const barrelZones = MODULES.map((module) => ({
    target: src(module),
    from: path.join(src(module), 'index.ts'),
    message: `Inside ${module}, import the file itself, not ${module}'s own index.ts (the barrel is for other modules).`,
  }));
  // Another module's files are its own business: use what its index.ts exports.
  const throughBarrelZones = MODULES.filter((module) => fs.existsSync(path.join(src(module), 'index.ts'))).flatMap((module) =>
    MODULES.filter((other) => other !== module).map((other) => ({
      target: src(other),
      from: src(module),
      except: ['./index.ts'],
      message: `Import ${module} through its index.ts: the files behind it may change.`,
    })),
  );
  const paneZones = [
    ...PANE_FOLDERS.map((folder) => ({
      target: path.join(src('taskpane'), folder),
      from: path.join(src('taskpane'), 'app'),
      message: 'Only the composition root (taskpane/main.ts) imports taskpane/app/: views and services are handed what they need.',
    })),
    ...PANE_HELPERS.map((folder) => ({
      target: path.join(src('taskpane'), folder),
      from: path.join(src('taskpane'), 'views'),
      message: `taskpane/${folder}/ serves the views and may not import one: only app/ and views/ build views.`,
    })),
  ];

  const nodeBuiltins = [...builtinModules.filter((name) => !name.startsWith('_')), 'node:*'];
  /**
   * @param {string} who which module may
   * @param {string[]} names packages
   */
  const onlyIn = (who, names) => names.map((name) => ({ group: [name, `${name}/*`], message: `Only ${who} imports ${name}.` }));
  const dexieOnly = onlyIn('src/store', ['dexie']);
  const gatewayOnly = onlyIn('src/gateway', ['fastify', '@fastify/*', 'better-sqlite3', 'kysely', 'pg']);
  const builtinsOnly = [{ group: nodeBuiltins, message: 'Node built-ins belong to the gateway: this module runs in the browser.' }];

  return [
    {
      files: ['src/**/*.ts'],
      plugins: { 'import-x': importX, fieldbook: { rules: { 'no-import-cycle': noImportCycle } } },
      settings: {
        'import-x/resolver-next': [
          createTypeScriptImportResolver({
            project: tsconfigs.map((config) => path.join(root, config)),
            noWarnOnMultipleProjects: true,
          }),
        ],
      },
      rules: {
        'import-x/no-restricted-paths': [
          'error',
          { basePath: root, zones: [...layeringZones, ...barrelZones, ...throughBarrelZones, ...paneZones] },
        ],
        'import-x/no-self-import': 'error',
        'fieldbook/no-import-cycle': 'error',
      },
    },
    // Later entries win per rule, so each group below lists every pattern its files must refuse.
    {
      files: files(BROWSER_MODULES.filter((m) => m !== 'store')),
      rules: { 'no-restricted-imports': ['error', { patterns: [...dexieOnly, ...gatewayOnly, ...builtinsOnly] }] },
    },
    {
      files: files(['store']),
      rules: { 'no-restricted-imports': ['error', { patterns: [...gatewayOnly, ...builtinsOnly] }] },
    },
    {
      files: files(['gateway']),
      rules: { 'no-restricted-imports': ['error', { patterns: dexieOnly }] },
    },
    {
      files: files(MODULES.filter((m) => m !== 'taskpane')),
      rules: {
        'no-restricted-globals': [
          'error',
          ...PANE_GLOBALS.map((name) => ({ name, message: `Only src/taskpane touches ${name} (the DOM and Office.js).` })),
        ],
      },
    },
  ];
}

module.exports = { architectureRules };
