import { DEMO_CATALOG } from '../../../src/gateway/catalog/demo-catalog.js';
import { resolve } from 'node:path';
import { loadPackageDir } from '../../../src/gateway/packages/read-package-dir.js';
import { checkRecordFields, findField, findObject, parsePackage, type FieldDefinition } from '../../../src/metadata/index.js';
import {
  CITIES,
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COUNTRY_PROFILES,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
} from '../../../src/gateway/demo/demo-names.js';
import { DEMO_USERS, generateDemoData, type DemoDataset, type DemoRecord } from '../../../src/gateway/demo/generate-demo-data.js';
import { createRandom } from '../../../src/gateway/demo/seeded-random.js';
import { filterDayRange } from '../../../src/protocol/index.js';

const TODAY = '2026-11-21';
const TODAY_MS = Date.parse(`${TODAY}T00:00:00.000Z`);
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SMALL = { seed: 20_261_121, records: 2_000, today: TODAY };

const small = generateDemoData(SMALL);

function ofType(dataset: DemoDataset, objectType: DemoRecord['objectType']): DemoRecord[] {
  return dataset.records.filter((record) => record.objectType === objectType);
}

function indexByRowId(dataset: DemoDataset): Map<string, DemoRecord> {
  return new Map(dataset.records.map((record) => [record.rowId, record]));
}

function text(record: DemoRecord, field: string): string {
  const value = record.fields[field];
  if (typeof value !== 'string') throw new Error(`${record.objectType} ${record.rowId}: ${field} is not text`);
  return value;
}

/** Why a value is not acceptable for a catalog field, or undefined when it is. */
function valueProblem(field: FieldDefinition, value: string | number | boolean, byRowId: Map<string, DemoRecord>): string | undefined {
  switch (field.type) {
    case 'text':
    case 'picklist':
      if (typeof value !== 'string') return `expected text, got ${typeof value}`;
      if (field.maxLength !== undefined && value.length > field.maxLength) return `longer than ${field.maxLength}`;
      if (field.type === 'picklist' && !(field.values ?? []).includes(value)) return `'${value}' not in the picklist`;
      return undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `expected a finite number, got ${String(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected a boolean, got ${typeof value}`;
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value)
        ? undefined
        : `'${String(value)}' is not YYYY-MM-DD`;
    case 'datetime':
      return typeof value === 'string' && ISO_DATETIME.test(value) && new Date(value).toISOString() === value
        ? undefined
        : `'${String(value)}' is not an ISO instant with milliseconds and Z`;
    case 'reference': {
      if (typeof value !== 'string') return `expected a row id, got ${typeof value}`;
      const target = byRowId.get(value);
      if (target === undefined) return `dangling reference ${value}`;
      return target.objectType === field.references ? undefined : `${value} is a ${target.objectType}, not a ${String(field.references)}`;
    }
  }
}

/** Every way the dataset breaks DEMO_CATALOG: unknown objects or fields, missing required values, bad values. */
function catalogViolations(dataset: DemoDataset): string[] {
  const byRowId = indexByRowId(dataset);
  const problems: string[] = [];
  for (const record of dataset.records) {
    const where = `${record.objectType} ${record.rowId}`;
    const object = findObject(DEMO_CATALOG, record.objectType);
    if (object === undefined) {
      problems.push(`${where}: unknown object type`);
      continue;
    }
    for (const field of object.fields) {
      const value = record.fields[field.name];
      if (field.required && (value === undefined || value === null || value === '')) problems.push(`${where}: ${field.name} is required`);
    }
    for (const [name, value] of Object.entries(record.fields)) {
      const field = findField(object, name);
      if (field === undefined) {
        problems.push(`${where}: unknown field ${name}`);
        continue;
      }
      const problem = value === null ? undefined : valueProblem(field, value, byRowId);
      if (problem !== undefined) problems.push(`${where}: ${name} ${problem}`);
    }
  }
  return problems;
}

/** User keys from the catalog that occur more than once (records with an empty key field do not count). */
function duplicateUserKeys(dataset: DemoDataset): string[] {
  const duplicates: string[] = [];
  for (const object of DEMO_CATALOG.objects) {
    for (const userKey of object.userKeys) {
      const seen = new Set<string>();
      for (const record of ofType(dataset, object.name as DemoRecord['objectType'])) {
        const values = userKey.map((field) => record.fields[field]);
        if (values.some((value) => value === null || value === undefined || value === '')) continue;
        const key = values.map(String).join('\u0000');
        if (seen.has(key)) duplicates.push(`${object.name} ${userKey.join('+')}: ${values.join(' / ')}`);
        seen.add(key);
      }
    }
  }
  return duplicates;
}

/**
 * References that do not resolve to a record of the referenced type with the same
 * owner (personal visibility would leave them dangling on the device), and parent
 * links that disagree with each other.
 */
function relationProblems(dataset: DemoDataset): string[] {
  const byRowId = indexByRowId(dataset);
  const problems: string[] = [];
  const parent = (record: DemoRecord, field: string, objectType: string): DemoRecord | undefined => {
    const value = record.fields[field];
    if (value === null || value === undefined) return undefined;
    const target = typeof value === 'string' ? byRowId.get(value) : undefined;
    if (target === undefined || target.objectType !== objectType) {
      problems.push(`${record.objectType} ${record.rowId}: ${field} does not point to a ${objectType}`);
    } else if (target.owner !== record.owner) {
      problems.push(`${record.objectType} ${record.rowId}: owner ${record.owner} but ${field} owned by ${target.owner}`);
    }
    return target;
  };
  for (const record of dataset.records) {
    const where = `${record.objectType} ${record.rowId}`;
    if (record.objectType === 'Contact') {
      if (parent(record, 'AccountId', 'Account') === undefined) problems.push(`${where}: no account`);
    }
    if (record.objectType === 'Opportunity') {
      const account = parent(record, 'AccountId', 'Account');
      const contact = parent(record, 'PrimaryContactId', 'Contact');
      if (contact !== undefined && contact.fields.AccountId !== account?.rowId)
        problems.push(`${where}: primary contact of another account`);
    }
    if (record.objectType === 'Activity') {
      const account = parent(record, 'AccountId', 'Account');
      const contact = parent(record, 'ContactId', 'Contact');
      const opportunity = parent(record, 'OpportunityId', 'Opportunity');
      if (account === undefined || contact === undefined) problems.push(`${where}: missing account or contact`);
      if (contact !== undefined && contact.fields.AccountId !== account?.rowId) problems.push(`${where}: contact of another account`);
      if (opportunity !== undefined && opportunity.fields.AccountId !== account?.rowId)
        problems.push(`${where}: opportunity of another account`);
    }
  }
  return problems;
}

function shareOf<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.filter(predicate).length / items.length;
}

describe('createRandom', () => {
  it('repeats its sequence for the same seed and differs for another seed', () => {
    const draw = (seed: number): number[] => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('keeps next() in [0, 1) and int() within both inclusive bounds, reaching each', () => {
    const random = createRandom(1);
    const seen = new Set<number>();
    const outOfRange: number[] = [];
    for (let n = 0; n < 5_000; n++) {
      const value = random.next();
      if (!(value >= 0 && value < 1)) outOfRange.push(value);
      seen.add(random.int(-2, 2));
    }
    expect(outOfRange).toEqual([]);
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    const wide = random.int(0, 2 ** 40);
    expect(Number.isInteger(wide) && wide >= 0 && wide <= 2 ** 40).toBe(true);
  });

  it('picks only from the list, honours chance(0) and chance(1), and refuses bad input', () => {
    const random = createRandom(3);
    const items = ['a', 'b', 'c'] as const;
    expect(new Set(Array.from({ length: 200 }, () => random.pick(items)))).toEqual(new Set(items));
    expect(Array.from({ length: 100 }, () => random.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => random.chance(1)).every(Boolean)).toBe(true);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(() => random.int(3, 2)).toThrow(RangeError);
    expect(() => createRandom(1.5)).toThrow(RangeError);
  });
});

describe('demo name pools', () => {
  it.each([
    ['first names', 250, FIRST_NAMES],
    ['last names', 400, LAST_NAMES],
    ['company stems', 150, COMPANY_STEMS],
    ['cities', 120, CITIES],
    ['job titles', 20, JOB_TITLES],
  ] as const)('has %s: at least %i distinct entries', (_label, minimum, pool) => {
    expect(new Set(pool).size).toBeGreaterThanOrEqual(minimum);
  });

  it('has single-word stems, the usual legal suffixes and a profile for every city country', () => {
    expect(COMPANY_STEMS.filter((stem) => /\s/.test(stem))).toEqual([]);
    expect(COMPANY_SUFFIXES).toEqual(expect.arrayContaining(['Inc', 'GmbH', 'Ltd', 'AG', 'SA', 'Group']));
    const countries = CITIES.map((city) => city.split(', ')[1] ?? '');
    expect(countries.filter((country) => COUNTRY_PROFILES[country] === undefined)).toEqual([]);
  });
});

describe('generateDemoData', () => {
  it('is deterministic: the same options give byte-identical output, another seed other data', () => {
    const again = generateDemoData(SMALL);
    expect(again).toEqual(small);
    expect(JSON.stringify(again)).toBe(JSON.stringify(small));
    const other = generateDemoData({ ...SMALL, seed: SMALL.seed + 1 });
    expect(other.records.map((record) => record.fields.Name)).not.toEqual(small.records.map((record) => record.fields.Name));
  });

  it('uses today only to shift dates: every date, instant and lastUpd moves by the same number of days', () => {
    const shiftDays = 10;
    const later = generateDemoData({ ...SMALL, today: new Date(TODAY_MS + shiftDays * DAY_MS).toISOString().slice(0, 10) });
    const shiftDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00.000Z`) + shiftDays * DAY_MS).toISOString().slice(0, 10);
    const expected = small.records.map((record) => {
      const fields = { ...record.fields };
      if (typeof fields.CloseDate === 'string') fields.CloseDate = shiftDay(fields.CloseDate);
      if (typeof fields.Start === 'string') fields.Start = new Date(Date.parse(fields.Start) + shiftDays * DAY_MS).toISOString();
      return { ...record, lastUpd: record.lastUpd + shiftDays * DAY_MS, fields };
    });
    expect(later.records).toEqual(expected);
  });

  it.each([2_000, 1_234, 10_000])('splits %i records into 15%% accounts, 35%% contacts, 20%% opportunities, 30%% activities', (records) => {
    const dataset = records === SMALL.records ? small : generateDemoData({ ...SMALL, records });
    expect(dataset.records).toHaveLength(records);
    const shares = { Account: 0.15, Contact: 0.35, Opportunity: 0.2, Activity: 0.3 } as const;
    for (const [objectType, share] of Object.entries(shares)) {
      const actual = ofType(dataset, objectType as DemoRecord['objectType']).length / records;
      expect(Math.abs(actual - share)).toBeLessThanOrEqual(0.01);
    }
  });

  it("passes the demo packages' field rules (kinds, min, max), as the gateway checks every later write", () => {
    for (const dir of ['demo-v1', 'demo-v2']) {
      const parsed = parsePackage(loadPackageDir(resolve(__dirname, `../../../packages/${dir}`)));
      if (!parsed.ok) throw new Error(`packages/${dir} does not parse`);
      const problems = generateDemoData({ ...SMALL, records: 10_000 }).records.flatMap((record) => {
        const object = parsed.package.objects.find((o) => o.name === record.objectType);
        return object ? checkRecordFields(object, record.fields).map((p) => `${record.objectType} ${record.rowId}: ${p.message}`) : [];
      });
      expect(problems).toEqual([]);
    }
  });

  it('still builds a consistent dataset when tiny or empty', () => {
    expect(generateDemoData({ ...SMALL, records: 0 }).records).toEqual([]);
    for (const records of [1, 2, 3, 5, 9]) {
      const dataset = generateDemoData({ ...SMALL, records });
      expect(dataset.records).toHaveLength(records);
      expect(catalogViolations(dataset)).toEqual([]);
      expect(relationProblems(dataset)).toEqual([]);
    }
  });

  it('refuses options it cannot honour', () => {
    expect(() => generateDemoData({ ...SMALL, today: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateDemoData({ ...SMALL, today: '21.11.2026' })).toThrow(RangeError);
    expect(() => generateDemoData({ ...SMALL, records: -1 })).toThrow(RangeError);
    expect(() => generateDemoData({ ...SMALL, records: 2.5 })).toThrow(RangeError);
    expect(() => generateDemoData({ ...SMALL, seed: Number.NaN })).toThrow(RangeError);
  });

  it.each([
    ['alice', 'East', 'rep'],
    ['bob', 'East', 'rep'],
    ['carol', 'West', 'rep'],
    ['dave', 'East', 'manager'],
    ['admin', null, 'admin'],
  ] as const)('has the demo user %s (team %s, role %s)', (userName, team, role) => {
    expect(DEMO_USERS).toContainEqual(expect.objectContaining({ userName, team, role }));
    expect(small.users).toContainEqual(expect.objectContaining({ userName, team, role }));
  });

  it('returns its own copy of the users', () => {
    expect(small.users).toEqual(DEMO_USERS);
    expect(small.users[0]).not.toBe(DEMO_USERS[0]);
  });

  it('gives accounts to alice and bob most, carol a fair share, dave a few, admin none', () => {
    const accounts = ofType(small, 'Account');
    const share = (owner: string): number => shareOf(accounts, (record) => record.owner === owner);
    expect(share('admin')).toBe(0);
    expect(share('alice') + share('bob') + share('carol') + share('dave')).toBe(1);
    expect(Math.min(share('alice'), share('bob'))).toBeGreaterThan(share('carol'));
    expect(share('carol')).toBeGreaterThanOrEqual(0.12);
    expect(share('carol')).toBeGreaterThan(share('dave'));
    expect(share('dave')).toBeGreaterThan(0);
  });

  it('resolves every reference to a record of the right type with the same owner', () => {
    expect(relationProblems(small)).toEqual([]);
    expect(shareOf(ofType(small, 'Opportunity'), (record) => record.fields.PrimaryContactId !== null)).toBeGreaterThan(0.6);
    const linked = shareOf(ofType(small, 'Activity'), (record) => record.fields.OpportunityId !== null);
    expect(linked).toBeGreaterThan(0.1);
    expect(linked).toBeLessThan(0.9);
  });

  it('fills only fields of DEMO_CATALOG with valid values, no Lead and no Account.Website', () => {
    expect(catalogViolations(small)).toEqual([]);
    expect(small.records.some((record) => (record.objectType as string) === 'Lead')).toBe(false);
    expect(ofType(small, 'Account').some((record) => 'Website' in record.fields)).toBe(false);
  });

  it('gives Siebel-like unique row ids and lastUpd within the two years before today', () => {
    const rowIds = small.records.map((record) => record.rowId);
    expect(rowIds.filter((rowId) => !/^1-[0-9A-Z]+$/.test(rowId))).toEqual([]);
    expect(new Set(rowIds).size).toBe(rowIds.length);
    const outside = small.records.filter(
      (record) => !Number.isInteger(record.lastUpd) || record.lastUpd >= TODAY_MS || record.lastUpd < TODAY_MS - 731 * DAY_MS,
    );
    expect(outside).toEqual([]);
  });

  it('derives lower-case e-mail addresses from the name and the account domain', () => {
    const domains = new Map<unknown, Set<string>>();
    for (const contact of ofType(small, 'Contact')) {
      const email = text(contact, 'Email');
      expect(email).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)+@[a-z0-9-]+(\.[a-z]+)+$/);
      const [localPart = '', domain = ''] = email.split('@');
      const lastWord =
        text(contact, 'LastName')
          .toLowerCase()
          .split(/[^a-z]/)
          .pop() ?? '';
      if (/^[a-z]+$/.test(lastWord)) expect(localPart.endsWith(lastWord)).toBe(true);
      const accountDomains = domains.get(contact.fields.AccountId) ?? new Set<string>();
      accountDomains.add(domain);
      domains.set(contact.fields.AccountId, accountDomains);
    }
    expect([...domains.values()].filter((set) => set.size !== 1)).toEqual([]);
  });

  it('has unique user keys at 2,000 records', () => {
    expect(duplicateUserKeys(small)).toEqual([]);
    expect(new Set(ofType(small, 'Contact').map((record) => text(record, 'Email'))).size).toBe(ofType(small, 'Contact').length);
  });

  it('has unique user keys, valid values and resolvable references at 100,000 records', () => {
    const large = generateDemoData({ ...SMALL, records: 100_000 });
    expect(large.records).toHaveLength(100_000);
    expect(duplicateUserKeys(large)).toEqual([]);
    expect(relationProblems(large)).toEqual([]);
    expect(catalogViolations(large)).toEqual([]);
  }, 60_000);

  it('writes usually short activity descriptions and some over 4,000 characters', () => {
    const descriptions = ofType(small, 'Activity')
      .map((record) => record.fields.Description)
      .filter((value): value is string => typeof value === 'string');
    expect(descriptions.some((description) => description.length > 4_000)).toBe(true);
    expect(shareOf(descriptions, (description) => description.length <= 300)).toBeGreaterThan(0.8);
  });

  it('places activities in −365…+60 days, done in the past and planned ahead, with a share in the last 90 days', () => {
    const activities = ofType(small, 'Activity');
    const startDays = activities.map((record) => text(record, 'Start').slice(0, 10));
    const { firstDay: earliest, lastDay: latest } = filterDayRange(TODAY, -365, 60);
    expect(startDays.filter((day) => day < earliest || day > latest)).toEqual([]);
    const { firstDay, lastDay } = filterDayRange(TODAY, -90, 0);
    const recent = shareOf(startDays, (day) => day >= firstDay && day <= lastDay);
    expect(recent).toBeGreaterThan(0.15);
    expect(recent).toBeLessThan(0.7);
    const past = activities.filter((record) => Date.parse(text(record, 'Start')) < TODAY_MS);
    const future = activities.filter((record) => Date.parse(text(record, 'Start')) >= TODAY_MS);
    expect(future.length).toBeGreaterThan(0);
    expect(shareOf(past, (record) => record.fields.Status === 'Done')).toBeGreaterThan(0.7);
    expect(future.filter((record) => record.fields.Status === 'Done')).toEqual([]);
  });

  it('closes won and lost opportunities in the past and open ones mostly within 180 days, some in the next 30', () => {
    const opportunities = ofType(small, 'Opportunity');
    const isClosed = (record: DemoRecord): boolean => record.fields.Stage === 'Closed Won' || record.fields.Stage === 'Closed Lost';
    const closed = opportunities.filter(isClosed);
    const open = opportunities.filter((record) => !isClosed(record));
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.filter((record) => text(record, 'CloseDate') >= TODAY)).toEqual([]);
    expect(closed.filter((record) => record.fields.Probability !== (record.fields.Stage === 'Closed Won' ? 100 : 0))).toEqual([]);
    const { lastDay: horizon } = filterDayRange(TODAY, 0, 180);
    expect(shareOf(open, (record) => text(record, 'CloseDate') >= TODAY && text(record, 'CloseDate') <= horizon)).toBeGreaterThan(0.7);
    const { firstDay, lastDay } = filterDayRange(TODAY, 0, 30);
    const closingSoon = shareOf(open, (record) => text(record, 'CloseDate') >= firstDay && text(record, 'CloseDate') <= lastDay);
    expect(closingSoon).toBeGreaterThan(0.1);
    expect(closingSoon).toBeLessThan(0.6);
    expect(opportunities.filter((record) => typeof record.fields.Revenue !== 'number' || record.fields.Revenue <= 0)).toEqual([]);
  });
});
