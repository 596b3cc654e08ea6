import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import {
  parsePackage,
  type CustomizationPackage,
  type ObjectDefinition,
  type PackageFile,
  type PackageProblem,
} from '../../src/metadata/index.js';

const V1 = loadPackageDir(resolve(__dirname, '../../packages/demo-v1'));
const V2 = loadPackageDir(resolve(__dirname, '../../packages/demo-v2'));

function parsed(files: readonly PackageFile[]): CustomizationPackage {
  const result = parsePackage(files);
  if (!result.ok)
    throw new Error(`expected a valid package, got:\n${result.problems.map((p) => `${p.file} ${p.path}: ${p.reason}`).join('\n')}`);
  return result.package;
}

function problemsOf(files: readonly PackageFile[]): PackageProblem[] {
  const result = parsePackage(files);
  if (result.ok) throw new Error('expected the package to be refused');
  // Refused as a whole: no half-read package comes with the problems.
  expect(Object.keys(result)).toEqual(['ok', 'problems']);
  return result.problems;
}

/** The files with one text edit in one file; an edit that changes nothing fails the test (a stale row). */
function edit(files: readonly PackageFile[], name: string, from: string, to: string): PackageFile[] {
  let changed = false;
  const out = files.map((f) => {
    if (f.name !== name) return f;
    const content = f.content.replace(from, to);
    changed = content !== f.content;
    return { name: f.name, content };
  });
  if (!changed) throw new Error(`the edit of ${name} changed nothing: ${from}`);
  return out;
}

const replaceFile = (files: readonly PackageFile[], name: string, content: string): PackageFile[] =>
  files.map((f) => (f.name === name ? { name, content } : f));

/** The structural parts of a field definition that package and catalog must agree on. */
const shape = (o: ObjectDefinition) => ({
  name: o.name,
  titleField: o.titleField,
  userKeys: o.userKeys,
  fields: o.fields.map((f) => ({
    name: f.name,
    type: f.type,
    required: f.required ?? false,
    maxLength: f.maxLength,
    references: f.references,
    values: f.values,
    bulk: f.bulk ?? false,
  })),
});

describe('the demo packages', () => {
  test('v1 parses, and its objects are the catalog without Account.Website and Lead', () => {
    const pkg = parsed(V1);
    const expected = DEMO_CATALOG.objects
      .filter((o) => o.name !== 'Lead')
      .map((o) => (o.name === 'Account' ? { ...o, fields: o.fields.filter((f) => f.name !== 'Website') } : o));
    expect(pkg.objects.map(shape)).toEqual(expected.map(shape));
    expect(pkg.info).toEqual({
      id: 'fieldbook-demo',
      version: '1.00.00.00',
      description: 'Demo package: accounts, contacts, opportunities and activities.',
      compatibility: { preferredProduct: '1.00.00.00', products: '1.00.00.00-1.99.99.99', schemas: '1.00.00.00-1.99.99.99' },
    });
    expect(pkg.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pkg.structureHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test('v1 and v2 set the value constraints of the demo fields', () => {
    for (const files of [V1, V2]) {
      const constraints = parsed(files).objects.flatMap((o) =>
        o.fields
          .filter((f) => f.kind !== undefined || f.min !== undefined || f.max !== undefined || f.pattern !== undefined)
          .map((f) => ({ field: `${o.name}.${f.name}`, kind: f.kind, min: f.min, max: f.max, currency: f.currency })),
      );
      expect(constraints).toEqual(
        [
          { field: 'Account.Phone', kind: 'phone' },
          files === V2 ? { field: 'Account.Website', kind: 'url' } : null,
          { field: 'Account.Employees', min: 0 },
          { field: 'Contact.Email', kind: 'email' },
          { field: 'Contact.Phone', kind: 'phone' },
          { field: 'Opportunity.Revenue', kind: 'currency', currency: 'EUR', min: 0 },
          { field: 'Opportunity.Probability', kind: 'percent' },
          files === V2 ? { field: 'Lead.Email', kind: 'email' } : null,
        ]
          .filter((c) => c !== null)
          .map((c) => ({ kind: undefined, min: undefined, max: undefined, currency: undefined, ...c })),
      );
    }
  });

  test('v2 parses, and its objects are exactly the catalog', () => {
    const pkg = parsed(V2);
    expect(pkg.objects.map(shape)).toEqual(DEMO_CATALOG.objects.map(shape));
    expect(pkg.info.version).toBe('1.01.00.00');
    expect(pkg.info.compatibility.schemas).toBe('1.00.00.00-1.01.99.99');
    expect(pkg.objects.find((o) => o.name === 'Lead')?.canDisable).toBe(true);
  });

  test('v1 filters: the master filter, four presets with one default, filters typed by their fields', () => {
    const { filters, objects } = parsed(V1);
    expect(filters.master).toEqual([{ objectType: 'Activity', filter: { not: { field: 'Status', op: 'eq', value: 'Cancelled' } } }]);
    expect(filters.presets.map((p) => [p.id, p.name, p.isDefault])).toEqual([
      ['my-accounts', 'My accounts', true],
      ['my-open-opportunities', 'My open opportunities', false],
      ['my-team', 'Everything of my team', false],
      ['recent-activities', 'Activities of the last 90 days', false],
    ]);
    const preset = (id: string) => filters.presets.find((p) => p.id === id)?.objects;
    expect(preset('my-accounts')).toEqual(objects.map((o) => ({ objectType: o.name, enabled: true, filter: { mine: true } })));
    expect(preset('my-open-opportunities')).toEqual([
      { objectType: 'Account', enabled: true, filter: { mine: true } },
      { objectType: 'Contact', enabled: true, filter: { mine: true } },
      {
        objectType: 'Opportunity',
        enabled: true,
        filter: { and: [{ mine: true }, { not: { field: 'Stage', in: ['Closed Won', 'Closed Lost'] } }] },
      },
      { objectType: 'Activity', enabled: false },
    ]);
    expect(preset('my-team')).toEqual(objects.map((o) => ({ objectType: o.name, enabled: true })));
    // Objects a preset does not mention are synchronised without a preset filter.
    expect(preset('recent-activities')).toEqual([
      { objectType: 'Account', enabled: true },
      { objectType: 'Contact', enabled: true },
      { objectType: 'Opportunity', enabled: true },
      { objectType: 'Activity', enabled: true, filter: { field: 'Start', withinDays: { from: -90, to: 0 } } },
    ]);
  });

  test('v1 sync settings are numbers read strictly from the attribute text', () => {
    expect(parsed(V1).sync).toEqual({
      pageSize: 1000,
      maxIdsPerQuery: 200,
      maxCommandsPerBatch: 250,
      keyExchange: 'reconcile',
      intervalChoices: [0, 15, 30, 60, 240],
      defaultInterval: 30,
    });
  });

  test('the minimal example in docs/customization-package.md is a valid package', () => {
    const doc = readFileSync(resolve(__dirname, '../../docs/customization-package.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## A minimal complete package'));
    const files = [...section.matchAll(/`([a-z]+\.xml)`\n```xml\n([\s\S]*?)```/g)].map((m) => ({ name: m[1] ?? '', content: m[2] ?? '' }));
    expect(files.map((f) => f.name)).toEqual(['info.xml', 'objects.xml', 'filters.xml', 'sync.xml']);
    const pkg = parsed(files);
    expect(pkg.objects.map((o) => o.name)).toEqual(['Account']);
    expect(pkg.filters.presets).toEqual([
      { id: 'all', name: 'All my records', isDefault: true, objects: [{ objectType: 'Account', enabled: true }] },
    ]);
  });

  test('filter values take the type of their field', () => {
    const files = edit(
      V1,
      'filters.xml',
      '<object name="Opportunity"><mine/></object>',
      '<object name="Opportunity"><condition field="Revenue" op="ge" value="5000"/></object>',
    );
    const preset = parsed(files).filters.presets.find((p) => p.id === 'my-accounts');
    expect(preset?.objects.find((o) => o.objectType === 'Opportunity')?.filter).toEqual({ field: 'Revenue', op: 'ge', value: 5000 });
  });
});

type Row = [rule: string, file: string, from: string, to: string, expected: { file: string; path: string; reason: string }];

const ACCOUNT = "objects/object[@name='Account']";
const CONTACT = "objects/object[@name='Contact']";
const OPPORTUNITY = "objects/object[@name='Opportunity']";
const MASTER = "filters/master[@object='Activity']";
const MY_ACCOUNTS = "filters/preset[@id='my-accounts']";
const OPEN_OPPS = "filters/preset[@id='my-open-opportunities']";

const rules: Row[] = [
  // info.xml
  [
    'info: the package id is an identifier',
    'info.xml',
    'id="fieldbook-demo"',
    'id="fieldbook demo"',
    { file: 'info.xml', path: 'info/@id', reason: 'is not an id' },
  ],
  [
    'info: the version has four parts',
    'info.xml',
    'version="1.00.00.00"',
    'version="1.0"',
    { file: 'info.xml', path: 'info/@version', reason: '"1.0" is not a version' },
  ],
  [
    'info: <products> is a valid range list',
    'info.xml',
    '<products>1.00.00.00-1.99.99.99</products>',
    '<products>1.99.99.99-1.00.00.00</products>',
    { file: 'info.xml', path: 'info/compatibility/products', reason: 'starts after it ends' },
  ],
  [
    'info: <schemas> is a valid range list',
    'info.xml',
    '<schemas>1.00.00.00-1.99.99.99</schemas>',
    '<schemas>latest</schemas>',
    { file: 'info.xml', path: 'info/compatibility/schemas', reason: '"latest" is not a version' },
  ],
  [
    'info: preferred_product lies inside <products>',
    'info.xml',
    'preferred_product="1.00.00.00"',
    'preferred_product="2.00.00.00"',
    { file: 'info.xml', path: 'info/compatibility/@preferred_product', reason: 'is not among the compatible <products>' },
  ],
  [
    'info: preferred_product is a version',
    'info.xml',
    'preferred_product="1.00.00.00"',
    'preferred_product="newest"',
    { file: 'info.xml', path: 'info/compatibility/@preferred_product', reason: 'is not a version' },
  ],
  [
    'info: <compatibility> is required',
    'info.xml',
    /<compatibility[\s\S]*<\/compatibility>/.exec(V1.find((f) => f.name === 'info.xml')?.content ?? '')?.[0] ?? '?',
    '',
    { file: 'info.xml', path: 'info', reason: 'needs a <compatibility> element' },
  ],
  // objects.xml
  [
    'objects: an unknown attribute is refused',
    'objects.xml',
    '<field name="Name" type="text" required="true"',
    '<field name="Name" type="text" requierd="true"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@requierd`, reason: 'unknown attribute "requierd"' },
  ],
  [
    'objects: an unknown element is refused',
    'objects.xml',
    '<userKey>',
    '<index/><userKey>',
    { file: 'objects.xml', path: `${ACCOUNT}/index`, reason: 'unknown element <index>' },
  ],
  [
    'objects: object names are identifiers',
    'objects.xml',
    '<object name="Contact"',
    '<object name="Contact Person"',
    { file: 'objects.xml', path: "objects/object[@name='Contact Person']/@name", reason: 'is not a name' },
  ],
  [
    'objects: object names are unique',
    'objects.xml',
    '<object name="Contact" label="Contacts"',
    '<object name="Account" label="Contacts"',
    { file: 'objects.xml', path: ACCOUNT, reason: 'object "Account" is defined more than once' },
  ],
  [
    'objects: field names are unique per object',
    'objects.xml',
    '<field name="Phone"',
    '<field name="Location"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Location']`, reason: 'field "Location" is defined more than once' },
  ],
  [
    'objects: the type is a known field type',
    'objects.xml',
    '<field name="Employees" type="number"',
    '<field name="Employees" type="integer"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Employees']/@type`, reason: 'unknown field type "integer"' },
  ],
  [
    'objects: length only for text and picklist',
    'objects.xml',
    '<field name="Employees" type="number"',
    '<field name="Employees" type="number" length="10"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Employees']/@length`, reason: 'only for text and picklist fields' },
  ],
  [
    'objects: length is a positive whole number',
    'objects.xml',
    'required="true" length="100" label="Name"',
    'required="true" length="1e2" label="Name"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@length`, reason: 'must be a whole number from 1 to 1000000, got "1e2"' },
  ],
  [
    'objects: length zero is refused',
    'objects.xml',
    'required="true" length="100" label="Name"',
    'required="true" length="0" label="Name"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@length`, reason: 'whole number from 1' },
  ],
  [
    'objects: required is true or false',
    'objects.xml',
    'required="true" length="100" label="Name"',
    'required="yes" length="100" label="Name"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@required`, reason: 'must be true or false, got "yes"' },
  ],
  [
    'objects: a picklist needs values',
    'objects.xml',
    '<field name="Phone" type="text"',
    '<field name="Phone" type="picklist"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Phone']`, reason: 'needs at least one <value>' },
  ],
  [
    'objects: picklist values are unique',
    'objects.xml',
    '<value>Retail</value>',
    '<value>Retail</value><value>Retail</value>',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Industry']/value[3]`, reason: '"Retail" is listed twice' },
  ],
  [
    'objects: <value> only in picklists',
    'objects.xml',
    '<field name="Phone" type="text" length="40" kind="phone" label="Phone"/>',
    '<field name="Phone" type="text" length="40" label="Phone"><value>x</value></field>',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Phone']/value`, reason: 'only for picklist fields' },
  ],
  [
    'objects: references name an object of the package',
    'objects.xml',
    'references="Account" label="Account"',
    'references="Company" label="Account"',
    {
      file: 'objects.xml',
      path: `${CONTACT}/field[@name='AccountId']/@references`,
      reason: 'references "Company", which is not an object of this package',
    },
  ],
  [
    'objects: a reference field needs references',
    'objects.xml',
    'type="reference" references="Account" label="Account"',
    'type="reference" label="Account"',
    { file: 'objects.xml', path: `${CONTACT}/field[@name='AccountId']/@references`, reason: 'needs references=' },
  ],
  [
    'objects: references only on reference fields',
    'objects.xml',
    '<field name="Email" type="text"',
    '<field name="Email" type="text" references="Account"',
    { file: 'objects.xml', path: `${CONTACT}/field[@name='Email']/@references`, reason: 'only for reference fields' },
  ],
  [
    'objects: the title field exists',
    'objects.xml',
    'title="Subject"',
    'title="Topic"',
    {
      file: 'objects.xml',
      path: "objects/object[@name='Activity']/@title",
      reason: 'the title field "Topic" is not a field of this object',
    },
  ],
  [
    'objects: user-key fields exist in the object',
    'objects.xml',
    '<fieldRef name="Email"/>',
    '<fieldRef name="Mail"/>',
    { file: 'objects.xml', path: `${CONTACT}/userKey[2]/fieldRef[@name='Mail']/@name`, reason: '"Mail" is not a field of this object' },
  ],
  [
    'objects: a user key names fields',
    'objects.xml',
    '<userKey>\n      <fieldRef name="Email"/>\n    </userKey>',
    '<userKey/>',
    { file: 'objects.xml', path: `${CONTACT}/userKey[2]`, reason: 'needs at least one <fieldRef>' },
  ],
  // objects.xml: value constraints
  [
    'constraints: min is only for number fields',
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    '<field name="Name" type="text" required="true" length="100" min="1" label="Name"/>',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@min`, reason: '"min" is only for number fields, this one is text' },
  ],
  [
    'constraints: min and max are numbers in digits',
    'objects.xml',
    'type="number" min="0"',
    'type="number" min="1e3"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Employees']/@min`, reason: '"min" must be a number written in digits' },
  ],
  [
    'constraints: max may not be below min',
    'objects.xml',
    'type="number" min="0"',
    'type="number" min="0" max="-1"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Employees']/@max`, reason: '"max" (-1) is smaller than "min" (0)' },
  ],
  [
    'constraints: a percent lies from 0 to 100',
    'objects.xml',
    'kind="percent"',
    'kind="percent" max="150"',
    { file: 'objects.xml', path: `${OPPORTUNITY}/field[@name='Probability']`, reason: 'a percent lies from 0 to 100' },
  ],
  [
    'constraints: unknown kind',
    'objects.xml',
    'kind="percent"',
    'kind="ratio"',
    {
      file: 'objects.xml',
      path: `${OPPORTUNITY}/field[@name='Probability']/@kind`,
      reason: 'unknown kind "ratio"; the kinds are email, phone, url, percent, currency',
    },
  ],
  [
    'constraints: a text kind on a number field',
    'objects.xml',
    'kind="percent"',
    'kind="email"',
    {
      file: 'objects.xml',
      path: `${OPPORTUNITY}/field[@name='Probability']/@kind`,
      reason: 'the kind "email" is only for text fields, this one is number',
    },
  ],
  [
    'constraints: a number kind on a text field',
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    '<field name="Name" type="text" required="true" length="100" kind="percent" label="Name"/>',
    {
      file: 'objects.xml',
      path: `${ACCOUNT}/field[@name='Name']/@kind`,
      reason: 'the kind "percent" is only for number fields, this one is text',
    },
  ],
  [
    'constraints: kinds are not for picklists',
    'objects.xml',
    '<field name="Industry" type="picklist" length="50"',
    '<field name="Industry" type="picklist" length="50" kind="url"',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Industry']/@kind`, reason: 'only for text fields, this one is picklist' },
  ],
  [
    'constraints: currency needs its code',
    'objects.xml',
    'kind="currency" currency="EUR"',
    'kind="currency"',
    {
      file: 'objects.xml',
      path: `${OPPORTUNITY}/field[@name='Revenue']`,
      reason: 'a field with kind="currency" needs currency="<ISO 4217 code>"',
    },
  ],
  [
    'constraints: the currency code is three capital letters',
    'objects.xml',
    'currency="EUR"',
    'currency="euro"',
    { file: 'objects.xml', path: `${OPPORTUNITY}/field[@name='Revenue']/@currency`, reason: 'an ISO 4217 code of three capital letters' },
  ],
  [
    'constraints: a currency code only with kind="currency"',
    'objects.xml',
    'kind="percent"',
    'kind="percent" currency="EUR"',
    {
      file: 'objects.xml',
      path: `${OPPORTUNITY}/field[@name='Probability']/@currency`,
      reason: '"currency" is only for fields with kind="currency"',
    },
  ],
  [
    'constraints: pattern is only for text fields',
    'objects.xml',
    'type="number" min="0"',
    'type="number" min="0" pattern="[0-9]+"',
    {
      file: 'objects.xml',
      path: `${ACCOUNT}/field[@name='Employees']/@pattern`,
      reason: '"pattern" is only for text fields, this one is number',
    },
  ],
  [
    'constraints: a pattern must compile',
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    '<field name="Name" type="text" required="true" length="100" pattern="[A-Z" label="Name"/>',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@pattern`, reason: 'not a valid regular expression' },
  ],
  [
    'constraints: a pattern with nested quantifiers is refused',
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    '<field name="Name" type="text" required="true" length="100" pattern="([a-z]+)+" label="Name"/>',
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@pattern`, reason: 'can take exponential time' },
  ],
  [
    'constraints: a pattern is bounded in length',
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    `<field name="Name" type="text" required="true" length="100" pattern="${'a'.repeat(201)}" label="Name"/>`,
    { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Name']/@pattern`, reason: 'longer than 200 characters' },
  ],
  // filters.xml
  [
    'filters: fields exist on their object',
    'filters.xml',
    '<condition field="Status"',
    '<condition field="State"',
    { file: 'filters.xml', path: `${MASTER}/not/condition[1]/@field`, reason: '"State" is not a field of Activity' },
  ],
  [
    'filters: picklist values are values of the picklist',
    'filters.xml',
    'value="Cancelled"',
    'value="Canceled"',
    { file: 'filters.xml', path: `${MASTER}/not/condition[1]/@value`, reason: '"Canceled" is not a value of the picklist Status' },
  ],
  [
    'filters: operators are known',
    'filters.xml',
    'op="eq"',
    'op="equals"',
    { file: 'filters.xml', path: `${MASTER}/not/condition[1]/@op`, reason: 'unknown operator "equals"' },
  ],
  [
    'filters: values fit their field type',
    'filters.xml',
    '<object name="Opportunity"><mine/></object>',
    '<object name="Opportunity"><condition field="Revenue" op="gt" value="lots"/></object>',
    { file: 'filters.xml', path: `${MY_ACCOUNTS}/object[@name='Opportunity']/condition/@value`, reason: 'Revenue must be a number' },
  ],
  [
    'filters: contains needs a text field',
    'filters.xml',
    '<object name="Opportunity"><mine/></object>',
    '<object name="Opportunity"><condition field="Revenue" op="contains" value="5"/></object>',
    { file: 'filters.xml', path: `${MY_ACCOUNTS}/object[@name='Opportunity']/condition/@op`, reason: 'contains needs a text field' },
  ],
  [
    'filters: an unknown filter element is refused',
    'filters.xml',
    '<object name="Account"><mine/></object>',
    '<object name="Account"><mineOnly/></object>',
    { file: 'filters.xml', path: `${MY_ACCOUNTS}/object[@name='Account']/mineOnly`, reason: 'unknown element <mineOnly>' },
  ],
  [
    'filters: one filter per holder',
    'filters.xml',
    '<object name="Account"><mine/></object>',
    '<object name="Account"><mine/><mine/></object>',
    { file: 'filters.xml', path: `${MY_ACCOUNTS}/object[@name='Account']`, reason: 'combine them with <and> or <or>' },
  ],
  [
    'filters: <not> holds exactly one filter',
    'filters.xml',
    '<condition field="Status" op="eq" value="Cancelled"/>',
    '<condition field="Status" op="eq" value="Cancelled"/><mine/>',
    { file: 'filters.xml', path: `${MASTER}/not`, reason: '<not> holds exactly one filter, found 2' },
  ],
  [
    'filters: a master filter holds a filter',
    'filters.xml',
    /<master[\s\S]*<\/master>/.exec(V1.find((f) => f.name === 'filters.xml')?.content ?? '')?.[0] ?? '?',
    '<master object="Activity"/>',
    { file: 'filters.xml', path: MASTER, reason: 'needs one filter element' },
  ],
  [
    'filters: master filters name an object of the package',
    'filters.xml',
    '<master object="Activity">',
    '<master object="Task">',
    { file: 'filters.xml', path: "filters/master[@object='Task']/@object", reason: '"Task" is not an object of this package' },
  ],
  [
    'filters: withinDays needs a date field',
    'filters.xml',
    '<withinDays field="Start"',
    '<withinDays field="Subject"',
    {
      file: 'filters.xml',
      path: "filters/preset[@id='recent-activities']/object[@name='Activity']/withinDays/@field",
      reason: 'withinDays needs a date or datetime field',
    },
  ],
  [
    'filters: withinDays from is not after to',
    'filters.xml',
    'from="-90" to="0"',
    'from="10" to="0"',
    {
      file: 'filters.xml',
      path: "filters/preset[@id='recent-activities']/object[@name='Activity']/withinDays",
      reason: '"from" (10) must not be after "to" (0)',
    },
  ],
  [
    'filters: withinDays offsets are whole numbers',
    'filters.xml',
    'from="-90" to="0"',
    'from="-90.5" to="0"',
    {
      file: 'filters.xml',
      path: "filters/preset[@id='recent-activities']/object[@name='Activity']/withinDays/@from",
      reason: 'must be a whole number',
    },
  ],
  [
    'filters: filters pass the shared filter schema (at most 50 parts in an <and>)',
    'filters.xml',
    '<object name="Contact"><mine/></object>',
    `<object name="Contact"><and>${'<mine/>'.repeat(51)}</and></object>`,
    {
      file: 'filters.xml',
      path: `${MY_ACCOUNTS}/object[@name='Contact']/and`,
      reason: 'the filter is not valid: filter.and: must hold at most 50 items',
    },
  ],
  [
    'filters: exactly one default preset (none)',
    'filters.xml',
    ' default="true"',
    '',
    { file: 'filters.xml', path: 'filters', reason: 'no preset is marked default="true"' },
  ],
  [
    'filters: exactly one default preset (two)',
    'filters.xml',
    'name="My open opportunities"',
    'name="My open opportunities" default="true"',
    { file: 'filters.xml', path: `${OPEN_OPPS}/@default`, reason: 'only one preset may be the default' },
  ],
  [
    'filters: preset ids are unique',
    'filters.xml',
    'id="my-team"',
    'id="my-accounts"',
    { file: 'filters.xml', path: "filters/preset[@id='my-accounts']", reason: 'preset id "my-accounts" is defined more than once' },
  ],
  [
    'filters: preset objects exist',
    'filters.xml',
    '<object name="Activity" enabled="false"/>',
    '<object name="Task" enabled="false"/>',
    { file: 'filters.xml', path: `${OPEN_OPPS}/object[@name='Task']/@name`, reason: '"Task" is not an object of this package' },
  ],
  [
    'filters: an object with canDisable="false" stays enabled',
    'filters.xml',
    '<object name="Account"/>',
    '<object name="Account" enabled="false"/>',
    { file: 'filters.xml', path: "filters/preset[@id='my-team']/object[@name='Account']/@enabled", reason: 'Account cannot be disabled' },
  ],
  [
    'filters: an object appears once per preset',
    'filters.xml',
    '<object name="Activity" enabled="false"/>',
    '<object name="Activity" enabled="false"/><object name="Activity"/>',
    {
      file: 'filters.xml',
      path: `${OPEN_OPPS}/object[@name='Activity']`,
      reason: 'a setting for object "Activity" is defined more than once',
    },
  ],
  // sync.xml
  [
    'sync: pageSize is 1..5000',
    'sync.xml',
    'pageSize="1000"',
    'pageSize="0"',
    { file: 'sync.xml', path: 'sync/@pageSize', reason: 'from 1 to 5000, got "0"' },
  ],
  [
    'sync: pageSize is read strictly',
    'sync.xml',
    'pageSize="1000"',
    'pageSize="1000.0"',
    { file: 'sync.xml', path: 'sync/@pageSize', reason: 'must be a whole number' },
  ],
  [
    'sync: maxIdsPerQuery is 1..500',
    'sync.xml',
    'maxIdsPerQuery="200"',
    'maxIdsPerQuery="501"',
    { file: 'sync.xml', path: 'sync/@maxIdsPerQuery', reason: 'from 1 to 500' },
  ],
  [
    'sync: maxCommandsPerBatch is 1..1000',
    'sync.xml',
    'maxCommandsPerBatch="250"',
    'maxCommandsPerBatch="1001"',
    { file: 'sync.xml', path: 'sync/@maxCommandsPerBatch', reason: 'from 1 to 1000' },
  ],
  [
    'sync: keyExchange is reconcile or siebel',
    'sync.xml',
    '<sync ',
    '<sync keyExchange="everything" ',
    { file: 'sync.xml', path: 'sync/@keyExchange', reason: 'must be "reconcile" or "siebel", got "everything"' },
  ],
  [
    'sync: the limits are required',
    'sync.xml',
    ' maxCommandsPerBatch="250"',
    '',
    { file: 'sync.xml', path: 'sync/@maxCommandsPerBatch', reason: 'missing attribute "maxCommandsPerBatch"' },
  ],
  [
    'sync: interval choices are unique',
    'sync.xml',
    '<interval minutes="60"/>',
    '<interval minutes="15"/>',
    { file: 'sync.xml', path: "sync/interval[@minutes='15']", reason: 'the interval 15 minutes is listed twice' },
  ],
  [
    'sync: interval minutes are 0..1440',
    'sync.xml',
    '<interval minutes="60"/>',
    '<interval minutes="-60"/>',
    { file: 'sync.xml', path: "sync/interval[@minutes='-60']/@minutes", reason: 'from 0 to 1440' },
  ],
  [
    'sync: exactly one default interval (none)',
    'sync.xml',
    ' default="true"',
    '',
    { file: 'sync.xml', path: 'sync', reason: 'no <interval> is marked default="true"' },
  ],
  [
    'sync: exactly one default interval (two)',
    'sync.xml',
    '<interval minutes="60"/>',
    '<interval minutes="60" default="true"/>',
    { file: 'sync.xml', path: "sync/interval[@minutes='60']/@default", reason: 'only one <interval> may be the default' },
  ],
];

describe('validation rules: one broken variant of demo v1 per rule', () => {
  test.each(rules)('%s', (_rule, file, from, to, expected) => {
    const problems = problemsOf(edit(V1, file, from, to));
    expect(problems).toContainEqual({ file: expected.file, path: expected.path, reason: expect.stringContaining(expected.reason) });
  });

  test('files: each of the four files is required', () => {
    const problems = problemsOf(V1.filter((f) => f.name !== 'sync.xml'));
    expect(problems).toEqual([{ file: 'sync.xml', path: '/', reason: expect.stringContaining('missing') }]);
  });

  test('files: an extra file is refused', () => {
    const problems = problemsOf([...V1, { name: 'notes.xml', content: '<notes/>' }]);
    expect(problems).toEqual([{ file: 'notes.xml', path: '/', reason: expect.stringContaining('unexpected file') }]);
  });

  test('files: a file name given twice is refused', () => {
    const problems = problemsOf([...V1, V1[0] as PackageFile]);
    expect(problems).toEqual([{ file: V1[0]?.name, path: '/', reason: expect.stringContaining('two files with this name') }]);
  });

  test('files: the root element is named after the file', () => {
    const problems = problemsOf(
      edit(V1, 'sync.xml', '<sync ', '<settings ').map((f) =>
        f.name === 'sync.xml' ? { ...f, content: f.content.replace('</sync>', '</settings>') } : f,
      ),
    );
    expect(problems).toEqual([{ file: 'sync.xml', path: '/', reason: 'the root element must be <sync>, found <settings>' }]);
  });

  test('files: malformed XML names the line', () => {
    const problems = problemsOf(edit(V1, 'objects.xml', '</objects>', ''));
    expect(problems).toEqual([{ file: 'objects.xml', path: '/', reason: expect.stringMatching(/^malformed XML at line \d+: /) }]);
  });
});

describe('many problems at once', () => {
  test('every problem in every file is reported in one answer', () => {
    let files = edit(V1, 'info.xml', 'version="1.00.00.00"', 'version="one"');
    files = edit(files, 'objects.xml', '<field name="Employees" type="number"', '<field name="Employees" type="integer"');
    files = edit(files, 'objects.xml', 'title="Subject"', 'title="Topic"');
    files = edit(files, 'filters.xml', '<condition field="Status"', '<condition field="State"');
    files = edit(files, 'filters.xml', '<object name="Activity" enabled="false"/>', '<object name="Task" enabled="false"/>');
    files = edit(files, 'sync.xml', 'pageSize="1000"', 'pageSize="big"');
    files = edit(files, 'sync.xml', ' default="true"', '');
    const problems = problemsOf(files);
    expect(problems.map((p) => `${p.file} ${p.path}`).sort()).toEqual(
      [
        'info.xml info/@version',
        "objects.xml objects/object[@name='Account']/field[@name='Employees']/@type",
        "objects.xml objects/object[@name='Activity']/@title",
        "filters.xml filters/master[@object='Activity']/not/condition[1]/@field",
        "filters.xml filters/preset[@id='my-open-opportunities']/object[@name='Task']/@name",
        'sync.xml sync/@pageSize',
        'sync.xml sync',
      ].sort(),
    );
  });

  test.each<[string, string, string, { path: string; reason: string }]>([
    [
      'a field with an unknown type stays known to the title and user key',
      'type="text" required="true" length="100" label="Name"',
      'type="string" required="true" length="100" label="Name"',
      { path: `${ACCOUNT}/field[@name='Name']/@type`, reason: 'unknown field type "string"' },
    ],
    [
      'a field with an unknown type stays known to the master filter',
      '<field name="Status" type="picklist" length="20" label="Status">\n      <value>Planned</value>',
      '<field name="Status" type="choice" length="20" label="Status">\n      <value>Planned</value>',
      { path: "objects/object[@name='Activity']/field[@name='Status']/@type", reason: 'unknown field type "choice"' },
    ],
    [
      'an object without a title stays known to the presets',
      ' title="Name" canDisable="false"',
      ' canDisable="false"',
      { path: `${ACCOUNT}/@title`, reason: 'missing attribute "title"' },
    ],
  ])('one mistake, one problem: %s', (_what, from, to, expected) => {
    expect(problemsOf(edit(V1, 'objects.xml', from, to))).toEqual([
      { file: 'objects.xml', path: expected.path, reason: expect.stringContaining(expected.reason) },
    ]);
  });

  test('an unreadable objects.xml does not bury filters.xml under follow-up problems', () => {
    const files = replaceFile(V1, 'objects.xml', '<objects>');
    const problems = problemsOf(files);
    expect(problems).toEqual([{ file: 'objects.xml', path: '/', reason: expect.stringContaining('malformed XML') }]);
  });
});

describe('hostile input is refused quickly, with a clear problem', () => {
  /**
   * Refused before any expansion or deep recursion. Speed is the benchmark's
   * business, not an assertion here (shared machines are noisy); that nothing is
   * expanded shows in the problem reported, which names the refusal.
   */
  const refusedFast = (files: PackageFile[]): PackageProblem[] => problemsOf(files);

  test('an entity bomb (billion laughs)', () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
    ];
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE info [\n${lol.join('\n')}\n]>\n<info id="x" version="1.00.00.00">&lol9;</info>`;
    expect(refusedFast(replaceFile(V1, 'info.xml', bomb))).toEqual([
      {
        file: 'info.xml',
        path: '/',
        reason: expect.stringContaining('document type declaration (DOCTYPE) or entity declaration is not allowed'),
      },
    ]);
  });

  test('an external entity', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE sync [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sync pageSize="&xxe;"/>';
    expect(refusedFast(replaceFile(V1, 'sync.xml', xxe))).toEqual([
      { file: 'sync.xml', path: '/', reason: expect.stringContaining('DOCTYPE') },
    ]);
  });

  test('an entity reference without a declaration', () => {
    const problems = refusedFast(edit(V1, 'info.xml', '<description>Demo package', '<description>&xxe; Demo package'));
    expect(problems).toEqual([{ file: 'info.xml', path: '/', reason: expect.stringContaining('"&" must start &amp;') }]);
  });

  test('the predefined entities and character references are plain text', () => {
    const files = edit(
      V1,
      'info.xml',
      '<description>Demo package',
      '<description>R&amp;D &#233;dition &lt;1&gt; <!-- a & b --> Demo package',
    );
    expect(parsed(files).info.description).toBe('R&D édition <1>  Demo package: accounts, contacts, opportunities and activities.');
  });

  test('a 2 MiB file', () => {
    const big = edit(V1, 'objects.xml', '<objects>', `<objects><!-- ${'x'.repeat(2 * 1024 * 1024)} -->`);
    expect(refusedFast(big)).toEqual([
      { file: 'objects.xml', path: '/', reason: expect.stringContaining('larger than the limit of 1 MiB') },
    ]);
  });

  test('a file just over 1 MiB only in UTF-8 bytes (multi-byte characters count as bytes)', () => {
    const big = edit(V1, 'objects.xml', '<objects>', `<objects><!-- ${'é'.repeat(600 * 1024)} -->`);
    expect(refusedFast(big)).toEqual([{ file: 'objects.xml', path: '/', reason: expect.stringContaining('1 MiB') }]);
  });

  test('10,000-deep nesting', () => {
    const deep = edit(
      V1,
      'filters.xml',
      '<object name="Account"><mine/></object>',
      `<object name="Account">${'<not>'.repeat(10_000)}<mine/>${'</not>'.repeat(10_000)}</object>`,
    );
    expect(refusedFast(deep)).toEqual([{ file: 'filters.xml', path: '/', reason: expect.stringContaining('nested more than 32 deep') }]);
  });

  test('nesting within the limit is fine', () => {
    // FILTER_LAYER_LIMITS.maxDepth: 15 levels, so that the sync's `and` of master, preset and personal filter stays within 16.
    const files = edit(
      V1,
      'filters.xml',
      '<object name="Account"><mine/></object>',
      `<object name="Account">${'<not>'.repeat(14)}<mine/>${'</not>'.repeat(14)}</object>`,
    );
    expect(parsed(files).filters.presets[0]?.objects[0]?.filter).toBeDefined();
  });

  test.each<[string, string, RegExp]>([
    [
      '16 levels',
      `${'<not>'.repeat(15)}<mine/>${'</not>'.repeat(15)}`,
      /nested at most 15 levels deep \(FILTER_LAYER_LIMITS\.maxDepth\), this one is 16/,
    ],
    [
      '334 values',
      `<or><in field="Name">${'<value>a</value>'.repeat(300)}</in><in field="Name">${'<value>b</value>'.repeat(34)}</in></or>`,
      /at most 333 values in all \(FILTER_LAYER_LIMITS\.maxValues\), this one has 334/,
    ],
    [
      '67 nodes',
      `<or>${'<mine/>'.repeat(49)}<and>${'<mine/>'.repeat(16)}</and></or>`,
      /at most 66 nodes \(FILTER_LAYER_LIMITS\.maxNodes\), this one holds 67/,
    ],
  ])('a package filter beyond its third of the request limits is refused: %s', (_name, filter, reason) => {
    const files = edit(V1, 'filters.xml', '<object name="Account"><mine/></object>', `<object name="Account">${filter}</object>`);
    expect(problemsOf(files)).toContainEqual(expect.objectContaining({ file: 'filters.xml', reason: expect.stringMatching(reason) }));
  });

  test('a file of a hundred thousand elements', () => {
    const wide = edit(
      V1,
      'filters.xml',
      '<object name="Account"><mine/></object>',
      `<object name="Account"><and>${'<mine/>'.repeat(100_000)}</and></object>`,
    );
    expect(refusedFast(wide)).toEqual([
      {
        file: 'filters.xml',
        path: `${MY_ACCOUNTS}/object[@name='Account']/and`,
        reason: expect.stringContaining('must hold at most 50 items'),
      },
    ]);
    const values = edit(V1, 'objects.xml', '<value>Retail</value>', '<value>v</value>'.repeat(60_000));
    expect(refusedFast(values)).toEqual([
      { file: 'objects.xml', path: `${ACCOUNT}/field[@name='Industry']`, reason: 'a picklist may hold at most 1000 values' },
    ]);
    const list = edit(V1, 'filters.xml', '<value>Closed Won</value>', '<value>Closed Won</value>'.repeat(40_000));
    expect(refusedFast(list)).toEqual([
      {
        file: 'filters.xml',
        path: `${OPEN_OPPS}/object[@name='Opportunity']/and/not[1]/in[1]`,
        reason: '<in> may hold at most 500 values, found 40001',
      },
    ]);
  });

  test('an unknown element', () => {
    const problems = refusedFast(
      edit(V1, 'sync.xml', '<interval minutes="0"/>', '<script src="http://evil.example/x.js"/><interval minutes="0"/>'),
    );
    expect(problems).toEqual([
      { file: 'sync.xml', path: 'sync/script', reason: 'unknown element <script> in <sync>; it holds <interval>' },
    ]);
  });

  test('an unknown attribute (a namespace declaration is not part of the format)', () => {
    const problems = refusedFast(edit(V1, 'sync.xml', '<sync ', '<sync xmlns:x="urn:x" '));
    expect(problems).toEqual([
      { file: 'sync.xml', path: 'sync/@xmlns:x', reason: expect.stringContaining('unknown attribute "xmlns:x" on <sync>') },
    ]);
  });

  test('a prototype-polluting element name', () => {
    const problems = refusedFast(edit(V1, 'sync.xml', '<interval minutes="0"/>', '<__proto__ polluted="yes"/><interval minutes="0"/>'));
    expect(problems).toEqual([{ file: 'sync.xml', path: '/', reason: expect.stringContaining('"__proto__"') }]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('stray text between elements', () => {
    const problems = refusedFast(edit(V1, 'sync.xml', '<interval minutes="0"/>', 'hello <interval minutes="0"/>'));
    expect(problems).toEqual([{ file: 'sync.xml', path: 'sync', reason: 'unexpected text "hello" in <sync>' }]);
  });
});

describe('loadPackageDir (Node side)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-package-'));
    for (const f of V1) writeFileSync(join(dir, f.name), f.content);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('reads the .xml files sorted by name, byte for byte', () => {
    expect(loadPackageDir(dir)).toEqual([...V1].sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(loadPackageDir(dir).map((f) => f.name)).toEqual(['filters.xml', 'info.xml', 'objects.xml', 'sync.xml']);
  });

  test('refuses a file that is not .xml, naming it', () => {
    writeFileSync(join(dir, 'README.md'), '# notes');
    expect(() => loadPackageDir(dir)).toThrow(/README\.md: a package folder holds only \.xml files/);
  });

  test('refuses a subfolder, naming it', () => {
    mkdirSync(join(dir, 'old'));
    expect(() => loadPackageDir(dir)).toThrow(/old: a package folder holds only \.xml files, not subfolders/);
  });

  test('a missing folder is a clear error', () => {
    expect(() => loadPackageDir(join(dir, 'nope'))).toThrow(/cannot read the package folder .*nope/);
  });
});
