import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword } from '../../src/gateway/auth/password-hash.js';
import { DEMO_ORG_ID } from '../../src/gateway/demo/seed-database.js';
import { runPackageCli } from '../../src/gateway/package-cli.js';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { parsePackage, type PackageFile } from '../../src/metadata/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const V1 = resolve(__dirname, '../../packages/demo-v1');
const V2 = resolve(__dirname, '../../packages/demo-v2');
const v1Files = loadPackageDir(V1);
const v2Files = loadPackageDir(V2);

function edit(files: readonly PackageFile[], name: string, from: string | RegExp, to: string): PackageFile[] {
  return files.map((f) => {
    if (f.name !== name) return f;
    const content = f.content.replace(from, to);
    if (content === f.content) throw new Error(`edit of ${name} changed nothing`);
    return { name: f.name, content };
  });
}

async function packageRows(gw: TestGateway) {
  return gw.context.database.db
    .selectFrom('packages')
    .select(['responsibility_id', 'revision', 'package_id'])
    .orderBy('responsibility_id')
    .orderBy('revision')
    .execute();
}

describe.each(ENCODINGS)('customization packages over %s', (encoding) => {
  let gw: TestGateway;
  let admin: GatewayClient;
  beforeEach(async () => {
    gw = await startTestGateway({ demoRecords: 20 });
    admin = new GatewayClient(gw.url, encoding);
    await admin.login('admin');
  });
  afterEach(async () => {
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });
  const user = async (name: string) => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login(name);
    return c;
  };

  test('a fresh gateway serves the demo package; the cached ids and hash make the next download empty', async () => {
    const alice = await user('alice');
    const first = await alice.call('DownloadMetadataFiles', {});
    expect(first).toMatchObject({ containsFiles: true, packageId: 'fieldbook-demo@1.00.00.00', responsibilityId: 'R-SALES-REP' });
    expect(first.files?.map((f) => f.name).sort()).toEqual(v1Files.map((f) => f.name).sort());
    const parsed = parsePackage(first.files ?? []);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.package.hash).toBe(first.hashValue);
    // Files travel byte for byte, in both encodings.
    for (const f of first.files ?? []) expect(f.content).toBe(v1Files.find((v) => v.name === f.name)?.content);

    const cached = { packageId: first.packageId, responsibilityId: first.responsibilityId, hashValue: first.hashValue };
    const second = await alice.call('DownloadMetadataFiles', cached);
    expect(second).toEqual({ containsFiles: false, ...cached });
    const stale = await alice.call('DownloadMetadataFiles', { ...cached, hashValue: 'something-else' });
    expect(stale.containsFiles).toBe(true);
    const otherResponsibility = await alice.call('DownloadMetadataFiles', { ...cached, responsibilityId: 'R-ADMIN' });
    expect(otherResponsibility.containsFiles).toBe(true);
  });

  test.each([
    ['1.00.00.00', true, undefined],
    ['1.50.00.00', true, '1.00.00.00'],
    ['1.99.99.99', true, '1.00.00.00'],
    ['2.00.00.00', false, '1.00.00.00'],
    ['0.99.99.99', false, '1.00.00.00'],
  ])('product %s: compatible %s, preferred version reported: %s', async (productVersion, compatible, preferred) => {
    const alice = await user('alice');
    const answer = await alice.call('DownloadMetadataFiles', { productVersion });
    expect(answer.productCompatible).toBe(compatible);
    expect(answer.preferredProductVersion).toBe(preferred);
  });

  test('publishing a new version reaches the users of that responsibility only', async () => {
    const alice = await user('alice');
    const dave = await user('dave');
    const v1 = await alice.call('DownloadMetadataFiles', {});
    const daveV1 = await dave.call('DownloadMetadataFiles', {});
    const published = await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: v2Files });
    expect(published.packageId).toBe('fieldbook-demo@1.01.00.00');
    expect(published.structureHash).not.toBe(
      (parsePackage(v1Files) as { ok: true; package: { structureHash: string } }).package.structureHash,
    );

    const next = await alice.call('DownloadMetadataFiles', {
      packageId: v1.packageId,
      responsibilityId: v1.responsibilityId,
      hashValue: v1.hashValue,
    });
    expect(next).toMatchObject({ containsFiles: true, packageId: 'fieldbook-demo@1.01.00.00', hashValue: published.hashValue });
    expect(next.files?.find((f) => f.name === 'objects.xml')?.content).toContain('Lead');
    const daveNext = await dave.call('DownloadMetadataFiles', {
      packageId: daveV1.packageId,
      responsibilityId: daveV1.responsibilityId,
      hashValue: daveV1.hashValue,
    });
    expect(daveNext.containsFiles).toBe(false);
  });

  test('publishing the same package again changes nothing; the same version with other content is refused', async () => {
    const before = await packageRows(gw);
    const again = await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: v1Files });
    expect(again.packageId).toBe('fieldbook-demo@1.00.00.00');
    expect(await packageRows(gw)).toEqual(before);
    const changed = edit(v1Files, 'filters.xml', 'name="My accounts"', 'name="Mine, all mine"');
    const refused = await admin.fail('PublishPackage', { responsibilityId: 'R-SALES-REP', files: changed });
    expect(refused.error.code).toBe('INVALID_REQUEST');
    expect(refused.error.message).toContain('raise the version');
    expect(await packageRows(gw)).toEqual(before);
  });

  test('a broken package is refused with every problem, each naming file, path and reason, and nothing is stored', async () => {
    const before = await packageRows(gw);
    let broken = edit(v1Files, 'objects.xml', /type="number"/, 'type="currency"');
    broken = edit(broken, 'info.xml', /<products>[^<]*<\/products>/, '<products>1.00-2.00</products>');
    const refused = await admin.fail('PublishPackage', { responsibilityId: 'R-SALES-REP', files: broken });
    expect(refused.error.code).toBe('INVALID_REQUEST');
    const problems = (refused.error.details as { problems: Array<{ file: string; path: string; reason: string }> }).problems;
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.map((p) => p.file)).toEqual(expect.arrayContaining(['objects.xml', 'info.xml']));
    for (const p of problems) {
      expect(p.path.length).toBeGreaterThan(0);
      expect(p.reason.length).toBeGreaterThan(0);
    }
    expect(await packageRows(gw)).toEqual(before);
  });

  test('a package the gateway cannot store is refused: unknown field, wrong type, longer than the server keeps', async () => {
    const withUnknown = edit(
      edit(
        edit(v1Files, 'info.xml', /version="1\.00\.00\.00"/, 'version="1.00.00.01"'),
        'objects.xml',
        '<field name="Phone"',
        '<field name="Fax" type="text" length="40"/><field name="Phone"',
      ),
      'objects.xml',
      /(<field name="Name" type="text"[^>]*length=")100"/,
      '$1500"',
    );
    const refused = await admin.fail('PublishPackage', { responsibilityId: 'R-SALES-REP', files: withUnknown });
    expect(refused.error.code).toBe('INVALID_REQUEST');
    const reasons = (refused.error.details as { problems: Array<{ reason: string }> }).problems.map((p) => p.reason).join('\n');
    expect(reasons).toContain('no field "Fax"');
    expect(reasons).toContain('length must be at most 100');
  });

  test('only administrators may publish; an unknown responsibility is NOT_FOUND', async () => {
    const alice = await user('alice');
    expect((await alice.fail('PublishPackage', { responsibilityId: 'R-SALES-REP', files: v2Files })).error.code).toBe('FORBIDDEN');
    expect((await admin.fail('PublishPackage', { responsibilityId: 'R-NOBODY', files: v2Files })).error.code).toBe('NOT_FOUND');
  });

  test('a responsibility without a published package gets PACKAGE_UNAVAILABLE telling the user whom to ask', async () => {
    const db = gw.context.database.db;
    await db
      .insertInto('responsibilities')
      .values({ responsibility_id: 'R-INTERN', name: 'Intern', visibility: 'personal', is_admin: 0 })
      .execute();
    await db
      .insertInto('users')
      .values({
        user_id: 'U-IVY',
        user_name: 'ivy',
        display_name: 'Ivy Intern',
        password_hash: await hashPassword('demo'),
        responsibility_id: 'R-INTERN',
        team_id: null,
        org_id: DEMO_ORG_ID,
        created_at: 0,
      })
      .execute();
    const ivy = await user('ivy');
    const failure = await ivy.fail('DownloadMetadataFiles', {});
    expect(failure.error.code).toBe('PACKAGE_UNAVAILABLE');
    expect(failure.error.message).toContain('Contact your administrator');
  });
});

describe('npm run package', () => {
  let gw: TestGateway;
  let work: string;
  beforeAll(async () => {
    gw = await startTestGateway({ demoRecords: 10 });
    work = mkdtempSync(join(tmpdir(), 'fieldbook-pkg-'));
  });
  afterAll(async () => {
    await gw.stop();
    rmSync(work, { recursive: true, force: true });
  });
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPackageCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  test('validate accepts the demo packages and lists every problem of a broken one', async () => {
    expect(await run(['validate', V1])).toMatchObject({ code: 0, out: expect.stringContaining('valid package fieldbook-demo 1.00.00.00') });
    const broken = join(work, 'broken');
    cpSync(V1, broken, { recursive: true });
    const objects = join(broken, 'objects.xml');
    writeFileSync(objects, readFileSync(objects, 'utf8').replace(/type="number"/, 'type="currency"'));
    const result = await run(['validate', broken]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('objects.xml');
    expect(result.err).toContain('currency');
  });

  test('publish sends the package to a running gateway as an administrator', async () => {
    const result = await run(['publish', V2, '--responsibility', 'R-SALES-MANAGER', '--gateway', gw.url], { FIELDBOOK_PASSWORD: 'demo' });
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('Published fieldbook-demo@1.01.00.00 for R-SALES-MANAGER') });
    const dave = new GatewayClient(gw.url, 'json');
    await dave.login('dave');
    expect((await dave.call('DownloadMetadataFiles', {})).packageId).toBe('fieldbook-demo@1.01.00.00');
  });

  test('publish reports a refusal, a wrong password and wrong usage', async () => {
    expect(
      (await run(['publish', V2, '--responsibility', 'R-SALES-REP', '--gateway', gw.url], { FIELDBOOK_PASSWORD: 'wrong' })).err,
    ).toContain('UNAUTHENTICATED');
    expect((await run(['publish', V2, '--responsibility', 'R-NOPE', '--gateway', gw.url], { FIELDBOOK_PASSWORD: 'demo' })).code).toBe(1);
    expect((await run(['publish', V2, '--gateway', gw.url], { FIELDBOOK_PASSWORD: 'demo' })).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect(
      (await run(['publish', V2, '--responsibility', 'R-SALES-REP', '--gateway', 'http://127.0.0.1:1'], { FIELDBOOK_PASSWORD: 'demo' }))
        .err,
    ).toContain('Could not reach the gateway');
  });
});
