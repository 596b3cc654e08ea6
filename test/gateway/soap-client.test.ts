import * as soap from 'soap';
import { FIELDBOOK_NS, OPERATION_NAMES } from '../../src/protocol/index.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * A standard SOAP client library (node-soap) loads the WSDL the gateway serves
 * and calls operations over real HTTP, as a third-party integration would.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 80 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

type Method = (args: unknown) => Promise<[Record<string, unknown>, string]>;

function method(client: soap.Client, name: string): Method {
  return (client as unknown as Record<string, Method>)[`${name}Async`] as Method;
}

test('node-soap loads GET /soap?wsdl and calls every operation through it', async () => {
  const client = await soap.createClientAsync(`${gw.url}/soap?wsdl`);
  const described = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
  const ops = Object.keys(Object.values(Object.values(described)[0]!)[0]!);
  expect(ops.sort()).toEqual([...OPERATION_NAMES].sort());
  expect(ops).toContain('DownloadMetadataFiles');
  // The endpoint in the WSDL is the gateway itself.
  expect(await (await fetch(`${gw.url}/soap?wsdl`)).text()).toContain(`location="${gw.url}/soap"`);

  const [login] = await method(client, 'Login')({ userName: 'alice', password: 'demo' });
  expect(login['userName']).toBe('alice');
  client.addSoapHeader({ SessionToken: login['sessionToken'] }, '', 'fb', FIELDBOOK_NS);

  const [site] = await method(client, 'RegisterSite')({ deviceName: 'SOAP integration' });
  expect(String(site['databaseId'])).toMatch(/^DB-/);
  client.addSoapHeader({ DatabaseId: site['databaseId'] }, '', 'fb', FIELDBOOK_NS);

  const [count] = await method(client, 'EstimateCount')({ objectType: 'Account' });
  expect(Number(count['count'])).toBeGreaterThan(0);

  const [keys] = await method(
    client,
    'GetChangeKeys',
  )({
    objectType: 'Account',
    pageSize: 3,
    filter: { and: [{ field: 'Name', op: 'ne', value: 'zzz' }, { not: { mine: true } }] },
  });
  // alice's own accounts are all "mine", so not(mine) selects none.
  // An empty response element reaches node-soap as null.
  expect(keys?.['keys'] ?? []).toEqual([]);

  const [page] = await method(client, 'GetChangeKeys')({ objectType: 'Account', pageSize: 3 });
  const pageKeys = page['keys'] as Array<{ rowId: string; lastUpd: string }>;
  expect(pageKeys).toHaveLength(3);
  expect(page['nextPageToken']).toBeDefined();

  const [records] = await method(client, 'QueryRecords')({ objectType: 'Account', rowIds: pageKeys.map((k) => k.rowId) });
  const list = records['records'] as Array<{ rowId: string; modNum: number; fields: { field: Array<{ name: string; value?: string }> } }>;
  expect(list.map((r) => r.rowId)).toEqual(pageKeys.map((k) => k.rowId));
  const first = list[0]!;
  const name = first.fields.field.find((f) => f.name === 'Name')!.value!;
  const location = first.fields.field.find((f) => f.name === 'Location')!.value!;

  const [byKey] = await method(
    client,
    'QueryByUserKey',
  )({
    objectType: 'Account',
    fields: {
      field: [
        { name: 'Name', value: name },
        { name: 'Location', value: location },
      ],
    },
  });
  expect((byKey['records'] as unknown[]).length).toBe(1);

  const [inserted] = await method(
    client,
    'InsertRecord',
  )({
    operationId: 'node-soap-insert-1',
    objectType: 'Account',
    fields: {
      field: [
        { name: 'Name', value: 'Via node-soap' },
        { name: 'Location', value: 'Espoo, Finland' },
        { name: 'Employees', value: '12' },
      ],
    },
  });
  expect(Number(inserted['modNum'])).toBe(1);

  const [updated] = await method(
    client,
    'UpdateRecord',
  )({
    operationId: 'node-soap-update-1',
    objectType: 'Account',
    rowId: inserted['rowId'],
    modNum: 1,
    fields: { field: [{ name: 'Phone', value: '+358 9 555 0101' }] },
  });
  expect(Number(updated['modNum'])).toBe(2);

  const [deleted] = await method(
    client,
    'DeleteRecord',
  )({ operationId: 'node-soap-delete-1', objectType: 'Account', rowId: inserted['rowId'], modNum: 2 });
  expect(deleted['rowId']).toBe(inserted['rowId']);

  // A batch: an insert named by a tempId, a contact referring to it, and a refused delete with its details as JSON text.
  const [batch] = await method(
    client,
    'ApplyChanges',
  )({
    changes: [
      {
        insert: {
          operationId: 'node-soap-batch-1',
          objectType: 'Account',
          tempId: 'L-soap',
          fields: {
            field: [
              { name: 'Name', value: 'Batch via node-soap' },
              { name: 'Location', value: 'Espoo, Finland' },
            ],
          },
        },
      },
      {
        insert: {
          operationId: 'node-soap-batch-2',
          objectType: 'Contact',
          fields: {
            field: [
              { name: 'FirstName', value: 'Sami' },
              { name: 'LastName', value: 'Soap' },
              { name: 'AccountId', value: 'L-soap' },
            ],
          },
        },
      },
      { delete: { operationId: 'node-soap-batch-3', objectType: 'Account', rowId: inserted['rowId'], modNum: 2 } },
    ],
  });
  const results = batch['results'] as Array<{
    operationId: string;
    ok?: { rowId: string; modNum: number };
    error?: Record<string, string>;
  }>;
  expect(results.map((r) => r.operationId)).toEqual(['node-soap-batch-1', 'node-soap-batch-2', 'node-soap-batch-3']);
  expect(Number(results[0]?.ok?.modNum)).toBe(1);
  expect(Number(results[1]?.ok?.modNum)).toBe(1);
  expect(results[2]?.error?.['code']).toBe('NOT_FOUND');
  expect(JSON.parse(results[2]?.error?.['details'] ?? '{}')).toMatchObject({ rowId: inserted['rowId'] });

  const [metadata] = await method(client, 'DownloadMetadataFiles')({ productVersion: '1.00.00.00' });
  expect(metadata['packageId']).toBe('fieldbook-demo@1.00.00.00');
  expect((metadata['files'] as unknown[]).length).toBe(4);

  await method(client, 'Logout')({});
  await expect(method(client, 'EstimateCount')({ objectType: 'Account' })).rejects.toMatchObject({
    root: { Envelope: { Body: { Fault: { detail: { error: { code: 'UNAUTHENTICATED' } } } } } },
  });
});

test('a fault reaches node-soap with our error code', async () => {
  const client = await soap.createClientAsync(`${gw.url}/soap?wsdl`);
  await expect(method(client, 'Login')({ userName: 'alice', password: 'wrong' })).rejects.toMatchObject({
    root: { Envelope: { Body: { Fault: { faultcode: 'soap:Client', detail: { error: { code: 'UNAUTHENTICATED' } } } } } },
  });
});
