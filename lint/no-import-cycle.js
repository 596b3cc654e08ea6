// @ts-check
// ESLint rule: no import circle between our own files, type-only imports included.
// import-x's no-cycle skips `import type`, but a circle of types still means two
// files that cannot be understood (or moved to another module) one without the
// other: the fix is a small interface or config module beside them, as in
// gateway-config.ts / replacement-jobs.ts.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

/** Bundler resolution maps our `./x.js` specifiers to `./x.ts`, as webpack and tsc do. */
const RESOLUTION_OPTIONS = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, allowJs: false };

/** @type {Map<string, { mtimeMs: number, targets: string[] }>} file → the project files it imports (memo by mtime) */
const importsMemo = new Map();

/**
 * The TypeScript files (outside node_modules) that `specifier`, written in `fromFile`, resolves to.
 * @param {string} specifier
 * @param {string} fromFile
 * @returns {string | null}
 */
function resolveLocal(specifier, fromFile) {
  if (!specifier.startsWith('.')) return null;
  const resolved = ts.resolveModuleName(specifier, fromFile, RESOLUTION_OPTIONS, ts.sys).resolvedModule;
  if (resolved === undefined || resolved.isExternalLibraryImport) return null;
  return path.resolve(resolved.resolvedFileName);
}

/**
 * Every local file `file` imports or re-exports from, type-only imports included.
 * @param {string} file
 * @returns {string[]}
 */
function importsOf(file) {
  let mtimeMs;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const memo = importsMemo.get(file);
  if (memo !== undefined && memo.mtimeMs === mtimeMs) return memo.targets;
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, false);
  const targets = [];
  for (const imported of info.importedFiles) {
    const target = resolveLocal(imported.fileName, file);
    if (target !== null) targets.push(target);
  }
  importsMemo.set(file, { mtimeMs, targets });
  return targets;
}

/**
 * The shortest chain of imports from `start` back to `file`, or null (breadth-first).
 * @param {string} start
 * @param {string} file
 * @returns {string[] | null}
 */
function pathBack(start, file) {
  /** @type {Map<string, string | null>} */
  const cameFrom = new Map([[start, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const current = /** @type {string} */ (queue[i]);
    for (const next of importsOf(current)) {
      if (next === file) {
        const chain = [current];
        for (let back = cameFrom.get(current); back !== null && back !== undefined; back = cameFrom.get(back)) chain.unshift(back);
        return chain;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import circles between local files, type-only imports included.' },
    schema: [],
    messages: {
      cycle: 'Import circle: {{chain}}. Break it with a small interface, config or helper module that both can import.',
    },
  },
  create(context) {
    const file = path.resolve(context.physicalFilename);
    const root = context.cwd;
    /** @param {string} f */
    const show = (f) => path.relative(root, f);
    /** @param {import('estree').Node & { source?: import('estree').Literal | null }} node */
    function check(node) {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string') return;
      const target = resolveLocal(specifier, file);
      if (target === null || target === file) return;
      const chain = pathBack(target, file);
      if (chain === null) return;
      context.report({ node, messageId: 'cycle', data: { chain: [file, ...chain, file].map(show).join(' → ') } });
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
