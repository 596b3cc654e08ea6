import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import { evaluateFilter, findObject, type ObjectDefinition } from '../../src/metadata/index.js';
import { COMPARISON_OPERATORS, dayString, type CrmRecord, type FieldValue, type FilterExpr } from '../../src/protocol/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { ENGINES } from '../support/test-database.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The differential test behind the promise (docs/architecture.md, Decisions) that a filter means the same on
 * the device and on the server: for every filter below, the records the gateway's
 * SQL selects are exactly the records the client's evaluateFilter selects from a
 * full copy of what the same user sees.
 */

type ObjectType = 'Account' | 'Contact' | 'Opportunity' | 'Activity';
const OBJECT_TYPES: readonly ObjectType[] = ['Account', 'Contact', 'Opportunity', 'Activity'];
const DAY_MS = 86_400_000;

/** Row ids of the edge records inserted before the comparison, for filters that name them. */
interface Edge {
  today: string;
  ecole: string;
  asa: string;
  eva: string;
  campus: string;
}

interface ParityRow {
  object: ObjectType;
  label: string;
  filter: (edge: Edge) => FilterExpr;
  /** False when the filter may rightly select none or all of the records (e.g. `mine` under personal visibility). */
  proper?: false;
}

const row = (object: ObjectType, label: string, filter: FilterExpr | ((edge: Edge) => FilterExpr), proper?: false): ParityRow => ({
  object,
  label,
  filter: typeof filter === 'function' ? filter : () => filter,
  ...(proper === false ? { proper } : {}),
});

const plusDays = (day: string, n: number) => dayString(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS);

const ADMIN_ROWS: ParityRow[] = [
  // Account
  row('Account', 'eq on a picklist', { field: 'Industry', op: 'eq', value: 'Education' }),
  row('Account', 'ne selects the accounts without a status', { field: 'Status', op: 'ne', value: 'Active' }),
  row('Account', 'isNull true on an optional field', { field: 'Phone', isNull: true }),
  row('Account', 'isNull false', { field: 'Industry', isNull: false }),
  row('Account', 'lt on a number (zero included)', { field: 'Employees', op: 'lt', value: 100 }),
  row('Account', 'le 0 on a number', { field: 'Employees', op: 'le', value: 0 }),
  row('Account', 'ge on a number', { field: 'Employees', op: 'ge', value: 5000 }),
  row('Account', 'contains, other case, non-ASCII', { field: 'Name', op: 'contains', value: 'éCOLE' }),
  row('Account', 'startsWith, other case, non-ASCII', { field: 'Name', op: 'startsWith', value: 'åsa' }),
  row('Account', 'contains with a dotted capital I', { field: 'Location', op: 'contains', value: 'İSTANBUL' }),
  row('Account', 'gt on text: small and accented letters sort after Z', { field: 'Name', op: 'gt', value: 'Z' }),
  // U+1D49C is above U+FF21 as a code point (SQLite's UTF-8 order) but its first UTF-16 unit is below.
  row('Account', 'ge on text beyond the BMP', { field: 'Name', op: 'ge', value: '\uFF21' }),
  row('Account', 'in, with a value no record has', { field: 'Industry', in: ['Retail', 'Energy', 'Piracy'] }),
  row('Account', 'mine: admin owns only the edge records', { mine: true }),
  row('Account', 'not of eq over a field some records lack', { not: { field: 'Status', op: 'eq', value: 'Active' } }),
  row('Account', 'and of a comparison and a negated startsWith', {
    and: [{ field: 'Employees', op: 'gt', value: 1000 }, { not: { field: 'Phone', op: 'startsWith', value: '+4' } }],
  }),
  // Contact
  row('Contact', 'ne over an often empty field', { field: 'JobTitle', op: 'ne', value: 'VP Sales' }),
  row('Contact', 'eq on text', { field: 'JobTitle', op: 'eq', value: 'VP Sales' }),
  row('Contact', 'isNull true (only the edge contact lacks an e-mail)', { field: 'Email', isNull: true }),
  row('Contact', 'contains ignoring case', { field: 'Email', op: 'contains', value: 'EXAMPLE.SE' }),
  row('Contact', 'le on text', { field: 'LastName', op: 'le', value: 'M' }),
  row('Contact', 'startsWith an accented small letter', { field: 'FirstName', op: 'startsWith', value: 'é' }),
  row('Contact', 'not in over an often empty field', { not: { field: 'JobTitle', in: ['VP Sales', 'IT Manager', 'Controller'] } }),
  row('Contact', 'eq on a reference', (e) => ({ field: 'AccountId', op: 'eq', value: e.ecole })),
  row('Contact', 'in on a reference', (e) => ({ field: 'AccountId', in: [e.ecole, e.asa] })),
  row('Contact', 'or of two isNull', {
    or: [
      { field: 'Phone', isNull: true },
      { field: 'JobTitle', isNull: true },
    ],
  }),
  // Opportunity
  row('Opportunity', 'le 0 (zero and negative revenue)', { field: 'Revenue', op: 'le', value: 0 }),
  row('Opportunity', 'gt on a number', { field: 'Revenue', op: 'gt', value: 100_000 }),
  row('Opportunity', 'ne selects the opportunities without revenue', { field: 'Revenue', op: 'ne', value: 0 }),
  row('Opportunity', 'not of lt over a field some records lack', { not: { field: 'Revenue', op: 'lt', value: 50_000 } }),
  row('Opportunity', 'withinDays on a date: the next 30 days', { field: 'CloseDate', withinDays: { from: 0, to: 30 } }),
  row('Opportunity', 'withinDays on a date: the last 90 days', { field: 'CloseDate', withinDays: { from: -90, to: 0 } }),
  row('Opportunity', 'lt today on a date', (e) => ({ field: 'CloseDate', op: 'lt', value: e.today })),
  row('Opportunity', 'ge today on a date', (e) => ({ field: 'CloseDate', op: 'ge', value: e.today })),
  row('Opportunity', 'isNull false on a reference', { field: 'PrimaryContactId', isNull: false }),
  row('Opportunity', 'in on a picklist', { field: 'Stage', in: ['Closed Won', 'Closed Lost'] }),
  row('Opportunity', 'not of startsWith over a reference some records lack', {
    not: { field: 'PrimaryContactId', op: 'startsWith', value: '1-' },
  }),
  row('Opportunity', 'contains in a name', { field: 'Name', op: 'contains', value: 'ROLLOUT' }),
  row('Opportunity', 'or of eq and an and holding a not', {
    or: [
      { field: 'Stage', op: 'eq', value: 'Proposal' },
      { and: [{ field: 'Probability', op: 'ge', value: 60 }, { not: { field: 'CloseDate', withinDays: { from: -365, to: 0 } } }] },
    ],
  }),
  // Activity
  row('Activity', 'withinDays on a datetime: the last 90 days', { field: 'Start', withinDays: { from: -90, to: 0 } }),
  row('Activity', 'withinDays on a datetime: the next 60 days', { field: 'Start', withinDays: { from: 1, to: 60 } }),
  row('Activity', 'withinDays on a datetime: today only', { field: 'Start', withinDays: { from: 0, to: 0 } }),
  row('Activity', 'ge on a datetime given with an offset', (e) => ({ field: 'Start', op: 'ge', value: `${e.today}T00:00:00+02:00` })),
  row('Activity', 'lt on a datetime', (e) => ({ field: 'Start', op: 'lt', value: `${e.today}T09:00:00Z` })),
  row('Activity', 'isNull true on an often empty reference', { field: 'OpportunityId', isNull: true }),
  row('Activity', 'ne selects the activities without a status', { field: 'Status', op: 'ne', value: 'Done' }),
  row('Activity', 'contains, other case, non-ASCII', { field: 'Subject', op: 'contains', value: "l'école" }),
  row('Activity', 'in on a picklist', { field: 'Type', in: ['Call', 'Meeting'] }),
  row('Activity', 'startsWith on a long text', { field: 'Description', op: 'startsWith', value: 'visit report:' }),
  row('Activity', 'not of eq over an often empty reference', (e) => ({ not: { field: 'OpportunityId', op: 'eq', value: e.campus } })),
  row('Activity', 'not of or', {
    not: {
      or: [
        { field: 'Description', isNull: true },
        { field: 'Description', op: 'contains', value: 'VISIT REPORT' },
      ],
    },
  }),
  row('Activity', 'and of mine and eq', { and: [{ mine: true }, { field: 'Type', op: 'eq', value: 'Call' }] }),
  row('Activity', 'not mine', { not: { mine: true } }),
];

// dave is a manager (team visibility): `mine` is a proper part of what he sees.
const DAVE_ROWS: ParityRow[] = [
  row('Account', 'mine', { mine: true }),
  row('Opportunity', 'not mine', { not: { mine: true } }),
  row('Opportunity', 'mine and open', { and: [{ mine: true }, { not: { field: 'Stage', in: ['Closed Won', 'Closed Lost'] } }] }),
  row('Contact', 'not of eq over an often empty field', { not: { field: 'JobTitle', op: 'eq', value: 'VP Sales' } }),
  row('Activity', 'mine or within the last week', { or: [{ mine: true }, { field: 'Start', withinDays: { from: -7, to: 0 } }] }),
];

// alice is a representative (personal visibility): she sees only her own records, so `mine` is everything.
const ALICE_ROWS: ParityRow[] = [
  row('Account', 'mine', { mine: true }, false),
  row('Contact', 'not mine', { not: { mine: true } }, false),
  row('Account', 'not of eq on her own edge account', { not: { field: 'Status', op: 'eq', value: 'Active' } }),
  row('Opportunity', 'mine and within the next 30 days', {
    and: [{ mine: true }, { field: 'CloseDate', withinDays: { from: 0, to: 30 } }],
  }),
  row('Activity', 'not of startsWith over an often empty reference', { not: { field: 'OpportunityId', op: 'startsWith', value: '1-' } }),
  row('Contact', 'contains ignoring case', { field: 'LastName', op: 'contains', value: 'ER' }),
];

let gw: TestGateway;
let today: string;
let edge: Edge;
const clients = new Map<string, GatewayClient>();
/** Every record each user sees, per object type, as loaded before the comparisons. */
const seen = new Map<string, Map<ObjectType, CrmRecord[]>>();

let opSeq = 0;
const opId = () => `op-parity-${++opSeq}`;

async function loadAll(client: GatewayClient, objectType: ObjectType): Promise<CrmRecord[]> {
  const ids = (await client.allChangeKeys(objectType, 250)).map((k) => k.rowId);
  const records: CrmRecord[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const batch = await client.call('QueryRecords', { objectType, rowIds: ids.slice(i, i + 500) });
    expect(batch.notFound).toEqual([]);
    records.push(...batch.records);
  }
  return records;
}

async function insert(client: GatewayClient, objectType: ObjectType, fields: Record<string, FieldValue>): Promise<string> {
  return (await client.call('InsertRecord', { operationId: opId(), objectType, fields })).rowId;
}

function definition(objectType: ObjectType): ObjectDefinition {
  const object = findObject(DEMO_CATALOG, objectType);
  if (!object) throw new Error(`no ${objectType} in the demo catalog`);
  return object;
}

function clientSelects(user: string, objectType: ObjectType, filter: FilterExpr): CrmRecord[] {
  const records = seen.get(user)?.get(objectType) ?? [];
  const ctx = { object: definition(objectType), today, me: user };
  return records.filter((r) => evaluateFilter(filter, { owner: r.owner, fields: r.fields }, ctx));
}

/** Row ids only one side selected, with the records' fields so a failure shows the disagreement. */
function disagreement(user: string, objectType: ObjectType, gatewayIds: readonly string[], clientRecords: readonly CrmRecord[]) {
  const byId = new Map((seen.get(user)?.get(objectType) ?? []).map((r) => [r.rowId, r]));
  const gatewaySet = new Set(gatewayIds);
  const clientSet = new Set(clientRecords.map((r) => r.rowId));
  const describe = (id: string) => `${id} owner=${byId.get(id)?.owner ?? '?'} ${JSON.stringify(byId.get(id)?.fields ?? 'not loaded')}`;
  return {
    onlyGateway: gatewayIds.filter((id) => !clientSet.has(id)).map(describe),
    onlyClient: [...clientSet].filter((id) => !gatewaySet.has(id)).map(describe),
  };
}

async function checkParity(user: string, { object, filter: make, proper }: ParityRow): Promise<void> {
  const client = clients.get(user)!;
  const filter = make(edge);
  const gatewayIds = (await client.allChangeKeys(object, 1000, filter)).map((k) => k.rowId);
  const expected = clientSelects(user, object, filter);
  expect(disagreement(user, object, gatewayIds, expected)).toEqual({ onlyGateway: [], onlyClient: [] });
  expect(new Set(gatewayIds).size).toBe(gatewayIds.length);
  const { count } = await client.call('EstimateCount', { objectType: object, filter });
  expect(count).toBe(gatewayIds.length);
  if (proper !== false) {
    // A filter that selects nothing or everything would agree with any evaluator.
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(seen.get(user)?.get(object)?.length ?? 0);
  }
}

// Both engines: the SQL of each must select what the client's evaluator selects.
describe.each(ENGINES)('on %s', (engine) => {
  beforeAll(async () => {
    clients.clear();
    seen.clear();
    gw = await startTestGateway({ demoRecords: 600, engine });
    today = new Date(gw.clock.now()).toISOString().slice(0, 10);
    for (const user of ['admin', 'dave', 'alice']) {
      const client = new GatewayClient(gw.url, 'json');
      await client.login(user);
      clients.set(user, client);
    }
    const admin = clients.get('admin')!;
    const alice = clients.get('alice')!;

    // Edge values, inserted by admin (who owns no demo record) so `mine` selects exactly these.
    const ecole = await insert(admin, 'Account', {
      Name: 'École Polytechnique',
      Location: 'Palaiseau, France',
      Industry: 'Education',
      Employees: 0,
    });
    const asa = await insert(admin, 'Account', {
      Name: 'ÅSA Logistik',
      Location: 'Malmö, Sweden',
      Industry: 'Logistics',
      Employees: 3,
      Phone: '',
      Status: 'Active',
    });
    await insert(admin, 'Account', { Name: '\u{1D49C}stral Works', Location: 'Tokyo, Japan' });
    await insert(admin, 'Account', { Name: 'İstanbul Ticaret', Location: 'İstanbul, Türkiye', Status: 'Inactive' });
    await insert(alice, 'Account', { Name: 'Öko Partner', Location: 'Graz, Austria', Industry: 'Energy' });

    const eva = await insert(admin, 'Contact', { FirstName: 'Éva', LastName: 'Ökrös', Email: '', JobTitle: '', AccountId: ecole });
    const strom = await insert(admin, 'Contact', {
      FirstName: 'Åsa',
      LastName: 'Ström',
      Email: 'ASA.STROM@Example.SE',
      JobTitle: 'VP Sales',
      AccountId: asa,
    });

    const campus = await insert(admin, 'Opportunity', {
      Name: 'Campus Rollout',
      AccountId: ecole,
      Stage: 'Proposal',
      Revenue: 0,
      CloseDate: today,
      Probability: 40,
      PrimaryContactId: eva,
    });
    const refund = await insert(admin, 'Opportunity', {
      Name: 'Fleet Refund',
      AccountId: asa,
      Stage: 'Negotiation',
      Revenue: 2500,
      CloseDate: plusDays(today, 30),
      Probability: 60,
    });
    // A negative amount from before the package's min="0": the gateway refuses it as a write, but records
    // that hold one stay, and filters must still treat their sign alike. Stored past the gateway.
    const stored = await gw.context.database.db
      .selectFrom('records')
      .select('fields')
      .where('row_id', '=', refund)
      .executeTakeFirstOrThrow();
    await gw.context.database.db
      .updateTable('records')
      .set({ fields: JSON.stringify({ ...(JSON.parse(stored.fields) as object), Revenue: -2500 }) })
      .where('row_id', '=', refund)
      .execute();
    await insert(admin, 'Opportunity', { Name: 'Lost Tender', AccountId: ecole, Stage: 'Closed Lost', CloseDate: plusDays(today, -90) });
    await insert(admin, 'Opportunity', {
      Name: 'Just Too Early',
      AccountId: asa,
      Stage: 'Prospecting',
      Revenue: 1,
      CloseDate: plusDays(today, -91),
    });
    await insert(admin, 'Opportunity', {
      Name: 'Just Too Late',
      AccountId: asa,
      Stage: 'Qualification',
      Revenue: 2,
      CloseDate: plusDays(today, 31),
    });
    await insert(admin, 'Opportunity', { Name: 'Undated', AccountId: ecole, Stage: 'Prospecting' });

    await insert(admin, 'Activity', {
      Type: 'Meeting',
      Subject: "Réunion à L'ÉCOLE",
      Start: `${plusDays(today, -90)}T00:00:00.000Z`,
      AccountId: ecole,
      ContactId: eva,
      OpportunityId: campus,
    });
    await insert(admin, 'Activity', {
      Type: 'Call',
      Subject: 'Rückruf Ström',
      Start: `${today}T23:59:59.999Z`,
      Status: 'Planned',
      ContactId: strom,
    });
    await insert(admin, 'Activity', { Type: 'Task', Subject: 'First minute of tomorrow', Start: `${plusDays(today, 1)}T00:00:00.000Z` });
    await insert(admin, 'Activity', {
      Type: 'E-mail',
      Subject: 'Last millisecond before the window',
      Start: `${plusDays(today, -91)}T23:59:59.999Z`,
      Description: '',
    });
    // 00:30 at +01:00 is 23:30 UTC of the day before: the stored instant, not the local day, counts.
    await insert(admin, 'Activity', { Type: 'Call', Subject: 'Offset input', Start: `${today}T00:30:00+01:00`, Status: 'Done' });

    edge = { today, ecole, asa, eva, campus };
    for (const [user, client] of clients) {
      const byObject = new Map<ObjectType, CrmRecord[]>();
      for (const objectType of OBJECT_TYPES) byObject.set(objectType, await loadAll(client, objectType));
      seen.set(user, byObject);
    }
  }, 60_000);

  afterAll(async () => {
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  describe('the loaded copy is complete', () => {
    test.each(['admin', 'dave', 'alice'])('%s: every visible record was loaded once, edge records included', async (user) => {
      for (const objectType of OBJECT_TYPES) {
        const records = seen.get(user)?.get(objectType) ?? [];
        const { count } = await clients.get(user)!.call('EstimateCount', { objectType });
        expect(records.length).toBe(count);
        expect(new Set(records.map((r) => r.rowId)).size).toBe(count);
        expect(count).toBeGreaterThan(10);
      }
    });

    test('the edge records are stored as the comparisons expect', () => {
      const admin = seen.get('admin')!;
      expect(admin.get('Account')!.length).toBeGreaterThan(90);
      expect(admin.get('Activity')!.filter((r) => r.owner === 'admin')).toHaveLength(5);
      // The offset input was stored as its UTC instant.
      expect(admin.get('Activity')!.find((r) => r.fields['Subject'] === 'Offset input')?.fields['Start']).toBe(
        `${plusDays(today, -1)}T23:30:00.000Z`,
      );
      // Empty text was stored as "no value", not as ''.
      expect(admin.get('Contact')!.find((r) => r.rowId === edge.eva)?.fields).not.toHaveProperty('Email');
    });

    test('the table covers every operator and every node kind', () => {
      const kinds = new Set<string>();
      const visit = (expr: FilterExpr, object: ObjectType): void => {
        if ('and' in expr) {
          kinds.add('and');
          expr.and.forEach((e) => visit(e, object));
        } else if ('or' in expr) {
          kinds.add('or');
          expr.or.forEach((e) => visit(e, object));
        } else if ('not' in expr) {
          kinds.add('not');
          visit(expr.not, object);
        } else if ('mine' in expr) kinds.add('mine');
        else if ('op' in expr) kinds.add(expr.op);
        else if ('in' in expr) kinds.add('in');
        else if ('isNull' in expr) kinds.add(`isNull ${expr.isNull}`);
        else kinds.add(`withinDays on ${definition(object).fields.find((f) => f.name === expr.field)?.type}`);
      };
      for (const r of ADMIN_ROWS) visit(r.filter(edge), r.object);
      expect([...kinds].sort()).toEqual(
        [
          ...COMPARISON_OPERATORS,
          'in',
          'isNull true',
          'isNull false',
          'withinDays on date',
          'withinDays on datetime',
          'mine',
          'and',
          'or',
          'not',
        ].sort(),
      );
      expect(new Set(ADMIN_ROWS.map((r) => r.object))).toEqual(new Set(OBJECT_TYPES));
      expect(ADMIN_ROWS.length).toBeGreaterThanOrEqual(25);
    });
  });

  describe('gateway SQL and client evaluateFilter select the same records', () => {
    describe('admin (sees every record)', () => {
      test.each(ADMIN_ROWS)('$object: $label', (r) => checkParity('admin', r));
    });
    describe('dave (team visibility)', () => {
      test.each(DAVE_ROWS)('$object: $label', (r) => checkParity('dave', r));
    });
    describe('alice (personal visibility)', () => {
      test.each(ALICE_ROWS)('$object: $label', (r) => checkParity('alice', r));
    });
  });

  describe('over SOAP the same filters select the same records', () => {
    const soapRows = ADMIN_ROWS.filter((r) =>
      [
        'contains, other case, non-ASCII',
        'ne selects the opportunities without revenue',
        'le 0 (zero and negative revenue)',
        'withinDays on a datetime: the last 90 days',
        'in on a reference',
        'not of lt over a field some records lack',
        'or of eq and an and holding a not',
        'mine: admin owns only the edge records',
      ].includes(r.label),
    );
    let soap: GatewayClient;
    beforeAll(async () => {
      soap = new GatewayClient(gw.url, 'soap');
      await soap.login('admin');
    });

    test('the selection is not empty', () => {
      expect(soapRows.length).toBeGreaterThanOrEqual(8);
    });

    test.each(soapRows)('$object: $label', async (r) => {
      const filter = r.filter(edge);
      const overSoap = (await soap.allChangeKeys(r.object, 1000, filter)).map((k) => k.rowId);
      const expected = clientSelects('admin', r.object, filter).map((rec) => rec.rowId);
      expect([...overSoap].sort()).toEqual([...expected].sort());
      expect(overSoap.length).toBeGreaterThan(0);
      const { count } = await soap.call('EstimateCount', { objectType: r.object, filter });
      expect(count).toBe(overSoap.length);
    });
  });

  describe('a filter the gateway refuses, the client refuses for every record', () => {
    const refused: Array<[string, ObjectType, FilterExpr]> = [
      ['an unknown field', 'Account', { field: 'Colour', op: 'eq', value: 'red' }],
      ['a value of the wrong type', 'Opportunity', { field: 'Revenue', op: 'gt', value: 'lots' }],
      ['an impossible date', 'Opportunity', { field: 'CloseDate', op: 'lt', value: '2026-02-30' }],
      ['an empty comparison value', 'Account', { field: 'Phone', op: 'ne', value: '' }],
      ['contains on a number', 'Account', { field: 'Employees', op: 'contains', value: 5 }],
      ['startsWith on a date', 'Opportunity', { field: 'CloseDate', op: 'startsWith', value: '2026' }],
      ['withinDays on text', 'Account', { field: 'Name', withinDays: { from: -1, to: 1 } }],
      [
        'an unknown field behind a false sibling',
        'Account',
        {
          and: [
            { field: 'Name', op: 'eq', value: 'nobody' },
            { field: 'Colour', isNull: true },
          ],
        },
      ],
    ];
    test.each(refused)('%s', async (_, objectType, filter) => {
      const admin = clients.get('admin')!;
      const failure = await admin.fail('EstimateCount', { objectType, filter });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect((await admin.fail('GetChangeKeys', { objectType, filter })).error.code).toBe('INVALID_REQUEST');
      const records = seen.get('admin')?.get(objectType) ?? [];
      const ctx = { object: definition(objectType), today, me: 'admin' };
      const accepted = records.filter((r) => {
        try {
          evaluateFilter(filter, { owner: r.owner, fields: r.fields }, ctx);
          return true;
        } catch (error) {
          if (error instanceof RangeError) return false;
          throw error;
        }
      });
      expect(accepted.map((r) => r.rowId)).toEqual([]);
      expect(records.length).toBeGreaterThan(0);
    });
  });
});
