import type { ArchiveEntry } from '../../src/store/index.js';
import { archiveCsv } from '../../src/taskpane/issues/archive-csv.js';
import { archiveFileName } from '../../src/taskpane/issues/archive-file-name.js';
import { parseChangesFile, type ChangesFile } from '../../src/sync/index.js';
import { changesFileJson } from '../../src/taskpane/issues/changes-file-json.js';
import { demoPackage } from '../support/demo-package.js';

const AT = Date.UTC(2026, 10, 22, 9, 30, 0, 5);

function entry(overrides: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    id: 'a1',
    objectType: 'Contact',
    localId: 'L-1',
    rowId: null,
    state: 'created',
    fields: {},
    reason: 'Schema changed',
    archivedAt: AT,
    ...overrides,
  };
}

/** A strict RFC 4180 reader, to check that what is written reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else if (c === '\r' || c === '\n' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else cell += c;
    i += 1;
  }
  if (cell !== '' || row.length > 0) throw new Error('last line not terminated by CRLF');
  return rows;
}

describe('archiveCsv', () => {
  it('writes only the fixed header for no entries', () => {
    expect(archiveCsv([])).toBe('id,objectType,rowId,state,reason,archivedAt\r\n');
  });

  it('puts one column per field name found across entries, in order of first appearance', () => {
    const csv = archiveCsv([
      entry({ fields: { LastName: 'Ng', Phone: '1' } }),
      entry({ id: 'a2', fields: { Email: 'e@x', LastName: 'Li' } }),
    ]);
    const [header, first, second] = parseCsv(csv);
    expect(header).toEqual(['id', 'objectType', 'rowId', 'state', 'reason', 'archivedAt', 'LastName', 'Phone', 'Email']);
    expect(first).toEqual(['a1', 'Contact', '', 'created', 'Schema changed', '2026-11-22T09:30:00.005Z', 'Ng', '1', '']);
    expect(second).toEqual(['a2', 'Contact', '', 'created', 'Schema changed', '2026-11-22T09:30:00.005Z', 'Li', '', 'e@x']);
  });

  it.each<[string, string, string]>([
    ['a comma', 'Smith, John', '"Smith, John"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'a\nb', '"a\nb"'],
    ['a CR LF', 'a\r\nb', '"a\r\nb"'],
    ['plain text', 'plain', 'plain'],
    ['a leading space stays unquoted', ' x', ' x'],
  ])('quotes %s as RFC 4180 says', (_name, value, written) => {
    const csv = archiveCsv([entry({ fields: { Note: value } })]);
    expect(csv.split('\r\n')[1]?.endsWith(`,${written}`) || csv.endsWith(`,${written}\r\n`)).toBe(true);
    expect(parseCsv(csv)[1]?.[6]).toBe(value);
  });

  // OWASP "CSV Injection": text a spreadsheet would run as a formula gets a leading
  // single quote (shown as text) and is quoted; the quote is part of the cell read back.
  it.each<[string, unknown, string, string]>([
    ['a formula', '=1+2', `"'=1+2"`, "'=1+2"],
    [
      'a HYPERLINK formula',
      '=HYPERLINK("http://evil.example","click")',
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
      '\'=HYPERLINK("http://evil.example","click")',
    ],
    ['a leading plus', '+1-2', `"'+1-2"`, "'+1-2"],
    ['a leading minus', '-2+3', `"'-2+3"`, "'-2+3"],
    ['a DDE payload after @', "@SUM(1+1)*cmd|' /C calc'!A0", `"'@SUM(1+1)*cmd|' /C calc'!A0"`, "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ['a leading tab', '\t=1', `"'\t=1"`, "'\t=1"],
    ['a leading CR', '\r=1', `"'\r=1"`, "'\r=1"],
    ['a formula with a comma', '=SUM(A1,A2)', `"'=SUM(A1,A2)"`, "'=SUM(A1,A2)"],
    ['an equals sign later on stays as it is', 'a=b', 'a=b', 'a=b'],
    ['a phone number with a leading plus is text too', '+41 44 000 00 00', `"'+41 44 000 00 00"`, "'+41 44 000 00 00"],
    ['a negative number stays a number', -5, '-5', '-5'],
    ['a leading space before = stays as it is', ' =1', ' =1', ' =1'],
  ])('neutralises %s', (_name, value, written, readBack) => {
    const csv = archiveCsv([entry({ fields: { Note: value as never } })]);
    expect(csv.split('\r\n')[1]?.endsWith(`,${written}`) || csv.endsWith(`,${written}\r\n`)).toBe(true);
    expect(parseCsv(csv)[1]?.[6]).toBe(readBack);
  });

  it('neutralises the fixed columns too (a reason starting with =)', () => {
    const rows = parseCsv(archiveCsv([entry({ reason: '=cmd|"/c calc"!A1' })]));
    expect(rows[1]?.[4]).toBe('\'=cmd|"/c calc"!A1');
  });

  it('quotes the fixed columns too (a reason with a comma and a quote)', () => {
    const rows = parseCsv(archiveCsv([entry({ reason: 'Package 2.0, "strict"', rowId: '1-X' })]));
    expect(rows[1]?.slice(2, 5)).toEqual(['1-X', 'created', 'Package 2.0, "strict"']);
  });

  it.each<[string, unknown, string]>([
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['a number', 12.5, '12.5'],
    ['zero', 0, '0'],
    ['null as an empty cell', null, ''],
  ])('writes %s', (_name, value, cell) => {
    const rows = parseCsv(archiveCsv([entry({ fields: { V: value as never } })]));
    expect(rows[1]?.[6]).toBe(cell);
  });

  it('heads a field named like a fixed column as fields.<name>', () => {
    const rows = parseCsv(archiveCsv([entry({ fields: { id: 'field-id', state: 'CA' } })]));
    expect(rows[0]?.slice(6)).toEqual(['fields.id', 'fields.state']);
    expect(rows[1]?.slice(0, 1).concat(rows[1]?.slice(6) ?? [])).toEqual(['a1', 'field-id', 'CA']);
  });

  it('ends every line with CRLF and has one line per entry', () => {
    const csv = archiveCsv([entry(), entry({ id: 'a2' }), entry({ id: 'a3' })]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(parseCsv(csv)).toHaveLength(4);
  });
});

describe('changesFileJson', () => {
  const pkg = demoPackage();
  const names: Record<string, string> = { 'Account/1-ACC': 'Beacon AS' };
  const source = {
    pkg,
    userName: 'bob',
    gatewayUrl: 'https://crm.example.com',
    exportedAt: AT,
    nameOf: (objectType: string, id: string) => Promise.resolve(names[`${objectType}/${id}`] ?? null),
  };
  const changedAccount = entry({
    id: 'Account/1-ACC@1/unsent',
    objectType: 'Account',
    localId: '1-ACC',
    rowId: '1-ACC',
    state: 'updated',
    fields: { Name: 'Beacon AS', Location: 'Bergen', Phone: '+47 555 0199' },
    base: { Name: 'Beacon AS', Location: 'Bergen', Phone: '+47 555 0100', Employees: 40 },
    modNum: 3,
    lastUpd: '2026-11-01T00:00:00.000Z',
  });
  const newContact = entry({ fields: { FirstName: 'Nora', LastName: 'Ng', AccountId: '1-ACC' } });

  it('names each record, its object, the changed fields with their labels and the records it refers to', async () => {
    const file = JSON.parse(await changesFileJson([changedAccount, newContact], source)) as ChangesFile;
    expect(file).toMatchObject({ format: 'fieldbook-changes', version: 1, exportedAt: '2026-11-22T09:30:00.005Z', userName: 'bob' });
    expect(file.changes[0]).toMatchObject({
      title: 'Beacon AS',
      objectLabel: 'Accounts',
      what: 'Changed record',
      modNum: 3,
      changed: [
        { field: 'Phone', label: 'Phone', from: '+47 555 0100', to: '+47 555 0199' },
        { field: 'Employees', label: 'Employees', from: 40 },
      ],
    });
    expect(file.changes[1]).toMatchObject({
      title: 'Nora Ng',
      objectLabel: 'Contacts',
      what: 'New record',
      references: { AccountId: 'Beacon AS' },
    });
  });

  it('reads back as the changes it was written from (what the import uses)', async () => {
    const read = parseChangesFile(await changesFileJson([changedAccount, newContact], source));
    expect(read.userName).toBe('bob');
    expect(read.changes).toEqual([
      {
        objectType: 'Account',
        localId: '1-ACC',
        rowId: '1-ACC',
        state: 'updated',
        fields: changedAccount.fields,
        modNum: 3,
        lastUpd: '2026-11-01T00:00:00.000Z',
        base: changedAccount.base,
        title: 'Beacon AS',
      },
      {
        objectType: 'Contact',
        localId: 'L-1',
        rowId: null,
        state: 'created',
        fields: newContact.fields,
        modNum: null,
        lastUpd: null,
        base: null,
        title: 'Nora Ng',
      },
    ]);
  });

  it('writes an empty list for no changes', async () => {
    expect((JSON.parse(await changesFileJson([], source)) as ChangesFile).changes).toEqual([]);
  });
});

describe('archiveFileName', () => {
  it.each<['json' | 'csv', Date, string]>([
    ['json', new Date(2026, 10, 22, 23, 59), 'fieldbook-archive-2026-11-22.json'],
    ['csv', new Date(2026, 0, 5, 0, 0), 'fieldbook-archive-2026-01-05.csv'],
    ['csv', new Date(987, 11, 31, 12, 0), 'fieldbook-archive-0987-12-31.csv'],
  ])('%s on %s', (extension, date, expected) => {
    expect(archiveFileName(extension, date)).toBe(expected);
  });
});
