// `npm run lint` must refuse what breaks the architecture: the rules of
// lint/architecture-rules.js (the same function eslint.config.js uses) run over a
// small tree in the repository's shape (test/lint/fixture/) that breaks each rule
// once, next to files that keep them.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const FIXTURE = path.join(__dirname, 'fixture');
const ESLINT_BIN = path.resolve(__dirname, '../../node_modules/eslint/bin/eslint.js');

interface Finding {
  readonly file: string;
  readonly rule: string | null;
  readonly message: string;
}

interface LintResult {
  readonly filePath: string;
  readonly messages: ReadonlyArray<{ readonly ruleId: string | null; readonly message: string }>;
}

let findings: Finding[];

// The ESLint command line, as `npm run lint` runs it (its API needs ES module loading that Jest lacks).
beforeAll(async () => {
  const run = promisify(execFile)(process.execPath, [ESLINT_BIN, '--config', 'eslint.config.js', '--format', 'json', 'src'], {
    cwd: FIXTURE,
    maxBuffer: 16 * 1024 * 1024,
  });
  // ESLint exits 1 when it finds problems (expected here); its report is on stdout either way.
  const stdout = await run.then(
    (done) => done.stdout,
    (failed: { stdout?: string }) => failed.stdout ?? '',
  );
  const results = JSON.parse(stdout) as LintResult[];
  findings = results.flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(FIXTURE, result.filePath), rule: m.ruleId, message: m.message })),
  );
}, 60_000);

const BROKEN: Array<[file: string, rule: string, says: string]> = [
  ['src/protocol/upward.ts', 'import-x/no-restricted-paths', 'protocol may not import sync'],
  ['src/taskpane/views/upward-view.ts', 'import-x/no-restricted-paths', 'Only the composition root'],
  ['src/taskpane/services/builds-view.ts', 'import-x/no-restricted-paths', 'may not import one'],
  ['src/sync/own-barrel.ts', 'import-x/no-restricted-paths', "not sync's own index.ts"],
  ['src/taskpane/views/deep-import.ts', 'import-x/no-restricted-paths', 'Import sync through its index.ts'],
  ['src/store/a.ts', 'fieldbook/no-import-cycle', 'src/store/a.ts → src/store/b.ts → src/store/a.ts'],
  ['src/store/b.ts', 'fieldbook/no-import-cycle', 'src/store/b.ts → src/store/a.ts → src/store/b.ts'],
  ['src/metadata/uses-dexie.ts', 'no-restricted-imports', 'Only src/store imports dexie'],
  ['src/sync/uses-fastify.ts', 'no-restricted-imports', 'Only src/gateway imports fastify'],
  ['src/protocol/uses-node.ts', 'no-restricted-imports', 'Node built-ins belong to the gateway'],
  ['src/store/uses-dom.ts', 'no-restricted-globals', 'Only src/taskpane touches document'],
];

const CLEAN = [
  'src/protocol/index.ts',
  'src/protocol/wire.ts',
  'src/sync/index.ts',
  'src/sync/engine.ts',
  'src/gateway/handler.ts',
  'src/taskpane/app/pane-root.ts',
  'src/taskpane/views/records-view.ts',
  'src/taskpane/services/session.ts',
];

describe('the architecture rules', () => {
  it.each(BROKEN)('refuse %s (%s)', (file, rule, says) => {
    const found = findings.filter((f) => f.file === file);
    expect(found).toEqual([{ file, rule, message: expect.stringContaining(says) }]);
  });

  it.each(CLEAN)('accept %s', (file) => {
    expect(findings.filter((f) => f.file === file)).toEqual([]);
  });

  it('report nothing else', () => {
    const known = new Set([...BROKEN.map(([file]) => file), ...CLEAN]);
    expect(findings.filter((f) => !known.has(f.file))).toEqual([]);
  });
});
