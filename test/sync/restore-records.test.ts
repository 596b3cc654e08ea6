import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { parsePackage, type ObjectDefinition } from '../../src/metadata/index.js';
import type { ExtractRecord } from '../../src/protocol/index.js';
import { classifyRecord } from '../../src/sync/classify-record.js';
import { cleanedSettings, localRecordFromExtract, localRecordsFromPage } from '../../src/sync/restore-records.js';

const parsed = parsePackage(loadPackageDir(resolve(__dirname, '../../packages/demo-v1')));
if (!parsed.ok) throw new Error('demo-v1 does not parse');
const OBJECTS = parsed.package.objects;
const object = (name: string): ObjectDefinition => OBJECTS.find((o) => o.name === name) as ObjectDefinition;

const ACCOUNT: ExtractRecord = {
  objectType: 'Account',
  bulkOmitted: false,
  record: {
    rowId: '1-ACME',
    lastUpd: '2026-11-20T08:00:00.000Z',
    modNum: 3,
    owner: 'alice',
    updatedBy: 'dave',
    // As SOAP delivers it: the number as text; a field the package does not define.
    fields: { Name: 'Acme', Location: 'Oslo, Norway', Employees: '120', Secret: 'not in the package', Phone: null },
  },
};

const ACTIVITY: ExtractRecord = {
  objectType: 'Activity',
  bulkOmitted: true,
  record: {
    rowId: '1-ACT',
    lastUpd: '2026-11-20T09:00:00.000Z',
    modNum: 1,
    owner: 'alice',
    updatedBy: 'alice',
    fields: { Subject: 'Call', Start: '2026-11-21T10:00:00.000Z', Status: 'Planned' },
  },
};

describe('an extract record becomes a local record', () => {
  test('a clean CRM record under its ROW_ID, fields typed like a sync download, base equal to fields', () => {
    const local = localRecordFromExtract(ACCOUNT, object('Account'));
    expect(local).toEqual({
      localId: '1-ACME',
      objectType: 'Account',
      rowId: '1-ACME',
      lastUpd: '2026-11-20T08:00:00.000Z',
      modNum: 3,
      owner: 'alice',
      updatedBy: 'dave',
      fields: { Name: 'Acme', Location: 'Oslo, Norway', Employees: 120 },
      base: { Name: 'Acme', Location: 'Oslo, Norway', Employees: 120 },
      state: 'clean',
      origin: 'crm',
      readOnly: false,
      changedAt: null,
      pending: null,
    });
    // Two copies: editing one must never change the other.
    expect(local.fields).not.toBe(local.base);
  });

  test('the same extract record always gives the same row (a resumed restore overwrites, never duplicates)', () => {
    expect(localRecordFromExtract(ACCOUNT, object('Account'))).toEqual(localRecordFromExtract(ACCOUNT, object('Account')));
  });

  test('without its bulk fields the record has no change key, so the next sync downloads it whole', () => {
    const local = localRecordFromExtract(ACTIVITY, object('Activity'));
    expect(local.lastUpd).toBeNull();
    expect(local.fields).toEqual({ Subject: 'Call', Start: '2026-11-21T10:00:00.000Z', Status: 'Planned' });
    // Whatever the server's key is now, even the one of the extract, the record is a server update.
    expect(
      classifyRecord(
        { state: local.state, rowId: local.rowId, lastUpd: local.lastUpd, hasOpenIssue: false },
        { lastUpd: ACTIVITY.record.lastUpd },
      ),
    ).toBe('serverUpdate');
    // A complete record with an unchanged key needs nothing.
    const account = localRecordFromExtract(ACCOUNT, object('Account'));
    expect(
      classifyRecord(
        { state: account.state, rowId: account.rowId, lastUpd: account.lastUpd, hasOpenIssue: false },
        { lastUpd: ACCOUNT.record.lastUpd },
      ),
    ).toBe('nothing');
  });

  test('a definition of another type is refused', () => {
    expect(() => localRecordFromExtract(ACCOUNT, object('Contact'))).toThrow(RangeError);
  });

  test('a page keeps its order and leaves out types the package has no table for', () => {
    const stray: ExtractRecord = { ...ACCOUNT, objectType: 'Invoice' };
    const { records, skipped } = localRecordsFromPage([ACTIVITY, stray, ACCOUNT], OBJECTS);
    expect(records.map((r) => `${r.objectType}/${r.localId}`)).toEqual(['Activity/1-ACT', 'Account/1-ACME']);
    expect(skipped).toBe(1);
    expect(localRecordsFromPage([], OBJECTS)).toEqual({ records: [], skipped: 0 });
  });
});

test("the cleaned settings drop the old site's ids and sync state and cache the restored package", () => {
  expect(cleanedSettings({ packageId: 'p@1', responsibilityId: 'R-SALES-REP', hashValue: 'h1' })).toEqual({
    siteId: null,
    databaseId: null,
    registerOperationId: null,
    packageId: 'p@1',
    responsibilityId: 'R-SALES-REP',
    hashValue: 'h1',
    lastSyncAt: null,
    lastSyncResult: null,
    lastSuccess: null,
  });
});
