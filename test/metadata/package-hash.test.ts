import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { packageHash, parsePackage, structureHash, type CustomizationPackage, type PackageFile } from '../../src/metadata/index.js';

const V1 = loadPackageDir(resolve(__dirname, '../../packages/demo-v1'));
const V2 = loadPackageDir(resolve(__dirname, '../../packages/demo-v2'));
const BASE_HASH = packageHash(V1);

function parsed(files: readonly PackageFile[]): CustomizationPackage {
  const result = parsePackage(files);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file} ${p.path}: ${p.reason}`).join('\n'));
  return result.package;
}

/** The files with one file's content transformed; a transform that changes nothing fails the test. */
function change(files: readonly PackageFile[], name: string, transform: (content: string) => string): PackageFile[] {
  return files.map((f) => {
    if (f.name !== name) return f;
    const content = transform(f.content);
    if (content === f.content) throw new Error(`the change of ${name} changed nothing`);
    return { name, content };
  });
}
const replace = (from: string | RegExp, to: string) => (content: string) => content.replace(from, to);

describe('packageHash: canonical over all files', () => {
  test('is stable and hex', () => {
    expect(BASE_HASH).toMatch(/^[0-9a-f]{64}$/);
    expect(packageHash(V1)).toBe(BASE_HASH);
    expect(packageHash([...V1].reverse())).toBe(BASE_HASH);
  });

  test.each<[string, string, (c: string) => string]>([
    ['re-indenting with tabs', 'objects.xml', (c) => c.replace(/\n(?: {2})+/g, (m) => `\n${'\t'.repeat((m.length - 1) / 2)}`)],
    ['everything on one line', 'objects.xml', (c) => c.replace(/>\s+</g, '><')],
    ['CRLF line ends', 'filters.xml', (c) => c.replace(/\n/g, '\r\n')],
    [
      'spaces inside tags and around text',
      'info.xml',
      (c) => c.replace('<products>', '<products >\n   ').replace('</products>', '\n  </products >'),
    ],
    [
      'attribute order',
      'objects.xml',
      replace(
        '<field name="Name" type="text" required="true" length="100" label="Name"/>',
        '<field label="Name" length="100" required="true" type="text" name="Name"/>',
      ),
    ],
    ['attribute quotes', 'sync.xml', replace('pageSize="1000"', "pageSize='1000'")],
    ['self-closing versus empty element', 'sync.xml', replace('<interval minutes="0"/>', '<interval minutes="0"></interval>')],
    ['a comment added', 'sync.xml', replace('<interval minutes="0"/>', '<!-- manual only --><interval minutes="0"/>')],
    ['all comments removed', 'objects.xml', (c) => c.replace(/<!--[\s\S]*?-->/g, '')],
    ['the XML declaration removed', 'info.xml', replace('<?xml version="1.0" encoding="UTF-8"?>\n', '')],
    ['a character reference for a plain character', 'info.xml', replace('Demo package:', 'Demo p&#97;ckage:')],
  ])('unchanged by %s', (_what, file, transform) => {
    const files = change(V1, file, transform);
    expect(packageHash(files)).toBe(BASE_HASH);
    expect(parsed(files).hash).toBe(BASE_HASH);
  });

  test.each<[string, string, (c: string) => string]>([
    ['a value', 'sync.xml', replace('pageSize="1000"', 'pageSize="999"')],
    ['a label (not structure, but still a new package)', 'objects.xml', replace('label="Accounts"', 'label="Customers"')],
    ['text content', 'info.xml', replace('Demo package:', 'Demo bundle:')],
    [
      'the order of two elements',
      'objects.xml',
      replace('<value>Manufacturing</value>\n      <value>Retail</value>', '<value>Retail</value>\n      <value>Manufacturing</value>'),
    ],
    ['an attribute added', 'sync.xml', replace('<interval minutes="60"/>', '<interval minutes="60" default="false"/>')],
    ['inner spacing of text', 'info.xml', replace('Demo package:', 'Demo  package:')],
  ])('changed by %s', (_what, file, transform) => {
    expect(packageHash(change(V1, file, transform))).not.toBe(BASE_HASH);
  });

  test('changed by renaming a file', () => {
    const renamed = V1.map((f) => (f.name === 'sync.xml' ? { name: 'sync2.xml', content: f.content } : f));
    expect(packageHash(renamed)).not.toBe(BASE_HASH);
  });

  test('changed by moving content from one file to another name (file boundaries count)', () => {
    const a = [
      { name: 'a.xml', content: '<a/>' },
      { name: 'b.xml', content: '<b/>' },
    ];
    const b = [
      { name: 'a.xml', content: '<b/>' },
      { name: 'b.xml', content: '<a/>' },
    ];
    expect(packageHash(a)).not.toBe(packageHash(b));
  });

  test('a file that is not XML is hashed as written', () => {
    const broken = [{ name: 'info.xml', content: 'not xml' }];
    expect(packageHash(broken)).toBe(packageHash([{ name: 'info.xml', content: 'not xml' }]));
    expect(packageHash(broken)).not.toBe(packageHash([{ name: 'info.xml', content: 'not  xml' }]));
  });

  test('demo v1 and v2 differ', () => {
    expect(packageHash(V2)).not.toBe(BASE_HASH);
  });
});

describe('structureHash: objects and fields only', () => {
  const BASE = parsed(V1).structureHash;
  const structureAfter = (file: string, transform: (c: string) => string) => parsed(change(V1, file, transform)).structureHash;

  test('is the hash of the parsed objects', () => {
    expect(BASE).toBe(structureHash(parsed(V1).objects));
  });

  test.each<[string, string, (c: string) => string]>([
    [
      'adding an object',
      'objects.xml',
      replace('</objects>', '<object name="Note" title="Text"><field name="Text" type="text"/></object></objects>'),
    ],
    [
      'adding a field',
      'objects.xml',
      replace(
        '<field name="Phone" type="text" length="40" kind="phone" label="Phone"/>',
        '<field name="Phone" type="text" length="40" kind="phone" label="Phone"/><field name="Fax" type="text"/>',
      ),
    ],
    ['removing a field', 'objects.xml', replace('<field name="Employees" type="number" min="0" label="Employees"/>', '')],
    ['renaming a field', 'objects.xml', replace('<field name="Employees"', '<field name="Staff"')],
    [
      "changing a field's type",
      'objects.xml',
      replace('<field name="Employees" type="number" min="0"', '<field name="Employees" type="text"'),
    ],
    [
      "changing a field's length",
      'objects.xml',
      replace('<field name="Phone" type="text" length="40"', '<field name="Phone" type="text" length="50"'),
    ],
    ["dropping a field's length", 'objects.xml', replace('<field name="Phone" type="text" length="40"', '<field name="Phone" type="text"')],
    [
      'making a field required',
      'objects.xml',
      replace('<field name="Phone" type="text" length="40"', '<field name="Phone" type="text" required="true" length="40"'),
    ],
    [
      "changing a reference's target",
      'objects.xml',
      replace(
        '<field name="ContactId" type="reference" references="Contact"',
        '<field name="ContactId" type="reference" references="Account"',
      ),
    ],
    [
      'adding a user key',
      'objects.xml',
      replace(
        '<object name="Activity" label="Activities" title="Subject">',
        '<object name="Activity" label="Activities" title="Subject"><userKey><fieldRef name="Subject"/></userKey>',
      ),
    ],
    ['changing a user key', 'objects.xml', replace('<fieldRef name="Location"/>', '<fieldRef name="Phone"/>')],
    ['removing a user key', 'objects.xml', replace(/<userKey>\s*<fieldRef name="Email"\/>\s*<\/userKey>/, '')],
  ])('changed by %s', (_what, file, transform) => {
    expect(structureAfter(file, transform)).not.toBe(BASE);
  });

  test.each<[string, string, (c: string) => string]>([
    ['an object label', 'objects.xml', replace('label="Accounts"', 'label="Customers"')],
    ['a field label', 'objects.xml', replace('label="Job title"', 'label="Position"')],
    [
      'a read-only flag (a security rule, the reference example)',
      'objects.xml',
      replace(
        '<field name="Phone" type="text" length="40" kind="phone" label="Phone"/>',
        '<field name="Phone" type="text" length="40" kind="phone" label="Phone" readOnly="true"/>',
      ),
    ],
    ['picklist values', 'objects.xml', replace('<value>Retail</value>', '<value>Retail</value><value>Agriculture</value>')],
    ['the title field', 'objects.xml', replace('title="LastName"', 'title="Email"')],
    [
      'canDisable',
      'objects.xml',
      replace(
        '<object name="Contact" label="Contacts" title="LastName">',
        '<object name="Contact" label="Contacts" title="LastName" canDisable="false">',
      ),
    ],
    ['the bulk flag', 'objects.xml', replace(' bulk="true"', '')],
    // Value rules: a stored value that breaks a new one stays; it is refused when written again.
    ['a kind', 'objects.xml', replace('kind="phone"', 'kind="email"')],
    ['a min', 'objects.xml', replace('min="0"', 'min="1"')],
    ['a max added', 'objects.xml', replace('kind="percent"', 'kind="percent" max="90"')],
    ['a pattern added', 'objects.xml', replace('length="100" label="Location"', 'length="100" pattern="[A-Z].*" label="Location"')],
    ['a currency', 'objects.xml', replace('currency="EUR"', 'currency="USD"')],
    [
      'the order of objects',
      'objects.xml',
      (c) => {
        const activity = /\s*<object name="Activity"[\s\S]*?<\/object>/.exec(c)?.[0] ?? '';
        return c.replace(activity, '').replace('<objects>', `<objects>${activity}`);
      },
    ],
    [
      'the order of fields',
      'objects.xml',
      replace(
        '<field name="Name" type="text" required="true" length="100" label="Name"/>\n    <field name="Location" type="text" required="true" length="100" label="Location"/>',
        '<field name="Location" type="text" required="true" length="100" label="Location"/>\n    <field name="Name" type="text" required="true" length="100" label="Name"/>',
      ),
    ],
    [
      'the order of fields in a user key',
      'objects.xml',
      replace('<fieldRef name="Name"/>\n      <fieldRef name="Location"/>', '<fieldRef name="Location"/>\n      <fieldRef name="Name"/>'),
    ],
    [
      'a preset',
      'filters.xml',
      replace('<preset id="my-team" name="Everything of my team">', '<preset id="my-team" name="All of my team">'),
    ],
    ['a preset filter', 'filters.xml', replace('from="-90" to="0"', 'from="-30" to="0"')],
    ['the master filter', 'filters.xml', replace('value="Cancelled"', 'value="Done"')],
    ['sync settings', 'sync.xml', replace('pageSize="1000"', 'pageSize="500"')],
    ['the package version', 'info.xml', replace('version="1.00.00.00"', 'version="1.00.01.00"')],
  ])('unchanged by %s', (_what, file, transform) => {
    const files = change(V1, file, transform);
    expect(packageHash(files)).not.toBe(BASE_HASH);
    expect(structureAfter(file, transform)).toBe(BASE);
  });

  test('changed by removing an object (filters.xml would then have to drop it too, so computed directly)', () => {
    expect(structureHash(parsed(V1).objects.filter((o) => o.name !== 'Activity'))).not.toBe(BASE);
  });

  test('demo v1 and v2 differ in structure (Account.Website and Lead)', () => {
    expect(parsed(V2).structureHash).not.toBe(BASE);
  });
});
