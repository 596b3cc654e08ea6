import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import type { ObjectCatalog } from '../../src/metadata/index.js';
import { ProtocolError, type FieldValue, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import type { CallContext, SyncStatus, Transport } from '../../src/sync/index.js';
import { ENCODINGS, type Encoding } from '../support/gateway-client.js';
import { tableCounts } from '../support/table-counts.js';
import { localView, openDevice, serverView, type TestDevice, type View } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { UploadFaults } from '../support/upload-faults.js';

/**
 * Issue 12, "Batched uploads", against the real gateway in both encodings: uploads go
 * as ApplyChanges batches of the package's maxCommandsPerBatch (2 here, so a few edits
 * make several batches), an account created for an account created just before it
 * refers to it by tempId, and a batch lost on the way there or back is resent with the
 * same operation ids: nothing lost, nothing written twice.
 */

/** The demo catalog with a reference from Account to Account (a parent account), the case tempIds serve. */
const CATALOG: ObjectCatalog = {
  objects: DEMO_CATALOG.objects.map((o) =>
    o.name === 'Account' ? { ...o, fields: [...o.fields, { name: 'ParentId', type: 'reference', references: 'Account' }] } : o,
  ),
};

let packageDir: string;
beforeAll(() => {
  packageDir = mkdtempSync(join(tmpdir(), 'fieldbook-batch-package-'));
  cpSync(resolve(__dirname, '../../packages/demo-v1'), packageDir, { recursive: true });
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(join(packageDir, file), 'utf8');
    if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
    writeFileSync(join(packageDir, file), text.replace(from, to));
  };
  edit('sync.xml', 'maxCommandsPerBatch="250"', 'maxCommandsPerBatch="2"');
  edit(
    'objects.xml',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>',
    '<field name="Name" type="text" required="true" length="100" label="Name"/>\n    <field name="ParentId" type="reference" references="Account" label="Parent account"/>',
  );
});
afterAll(() => rmSync(packageDir, { recursive: true, force: true }));

/** Counts the uploads by operation; `withoutApplyChanges` refuses ApplyChanges as a gateway that does not know it (build-server.ts). */
class UploadLog implements Transport {
  readonly batches: number[] = [];
  readonly singles: OperationName[] = [];
  constructor(
    private readonly inner: Transport,
    private readonly withoutApplyChanges = false,
  ) {}

  call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    if (operation === 'ApplyChanges') {
      this.batches.push((request as RequestOf<'ApplyChanges'>).changes.length);
      if (this.withoutApplyChanges) {
        return Promise.reject(new ProtocolError('INVALID_REQUEST', 'Unknown operation "ApplyChanges"', { operation: 'ApplyChanges' }));
      }
    }
    if (operation === 'InsertRecord' || operation === 'UpdateRecord' || operation === 'DeleteRecord') this.singles.push(operation);
    return this.inner.call(operation, request, context);
  }
}

function expectDone(status: SyncStatus): void {
  if (status.phase !== 'done') throw new Error(`sync ended ${JSON.stringify(status)}`);
}

/** Content without row ids (new records get random ones): a record written twice shows twice. */
function contentOf(view: View): string[] {
  const stable = (v: FieldValue) => (typeof v === 'string' && /^1-[0-9A-Z]{13}$/.test(v) ? '<row id>' : v);
  return [...view]
    .flatMap(([type, records]) =>
      [...records.values()].map(
        (r) =>
          `${type} ${JSON.stringify(
            Object.entries(r.fields)
              .map(([k, v]) => [k, stable(v)])
              .sort(),
          )}`,
      ),
    )
    .sort();
}

/** The rep's offline work: a parent account and two accounts under it, contacts for them, two changes and a delete. */
async function offlineWork(device: TestDevice): Promise<void> {
  const edits = await device.edits();
  const parent = await edits.create('Account', { Name: 'Batch Holding', Location: 'Oslo, Norway' });
  const north = await edits.create('Account', { Name: 'Batch North', Location: 'Tromsø, Norway', ParentId: parent.localId });
  await edits.create('Account', { Name: 'Batch South', Location: 'Kristiansand, Norway', ParentId: parent.localId });
  await edits.create('Contact', { FirstName: 'Bea', LastName: 'Batch', AccountId: north.localId });
  await edits.create('Contact', { FirstName: 'Ben', LastName: 'Batch', AccountId: parent.localId });
  const contacts = (await device.store.listRecords('Contact')).filter((r) => r.origin === 'crm');
  await edits.update('Contact', contacts[0]!.localId, { JobTitle: 'Batched' });
  await edits.update('Contact', contacts[1]!.localId, { JobTitle: 'Batched too' });
  await edits.delete('Contact', contacts[2]!.localId);
}

interface Outcome {
  server: string[];
  local: string[];
  counts: Record<string, number>;
  issues: number;
}

async function outcome(gw: TestGateway, device: TestDevice): Promise<Outcome> {
  const server = await serverView(gw.url, device);
  return {
    server: contentOf(server),
    local: contentOf(await localView(device)),
    counts: await tableCounts(gw, ['records', 'record_user_keys']),
    issues: (await device.store.listIssues()).length,
  };
}

/** A fresh gateway and device, synced once, with the offline work done; `run` gets them. */
async function withScenario<T>(
  encoding: Encoding,
  wrap: (inner: Transport) => Transport,
  run: (gw: TestGateway, device: TestDevice) => Promise<T>,
): Promise<T> {
  const gw = await startTestGateway({ demoRecords: 40, catalog: CATALOG, demoPackageDir: packageDir });
  let device: TestDevice | undefined;
  try {
    device = await openDevice(gw.url, encoding, 'alice', { transport: wrap });
    expectDone(await device.engine.sync());
    await offlineWork(device);
    const result = await run(gw, device);
    expect(gw.internalErrors).toEqual([]);
    return result;
  } finally {
    await device?.close();
    await gw.stop();
  }
}

describe.each(ENCODINGS)('batched uploads over %s', (encoding) => {
  let reference: Outcome & { batches: number[] };
  beforeAll(async () => {
    let log: UploadLog | undefined;
    reference = await withScenario(
      encoding,
      (inner) => (log = new UploadLog(inner)),
      async (gw, device) => {
        (log as UploadLog).batches.length = 0;
        expectDone(await device.engine.sync());
        return { ...(await outcome(gw, device)), batches: [...(log as UploadLog).batches] };
      },
    );
  }, 60_000);

  test('every upload goes in batches of at most maxCommandsPerBatch; the accounts refer to their parent by tempId', async () => {
    // Accounts: 3 inserts (2 + 1); contacts: 2 inserts, 2 updates, 1 delete (2 + 2 + 1).
    expect(reference.batches).toEqual([2, 1, 2, 2, 1]);
    expect(reference.local).toEqual(reference.server);
    expect(reference.issues).toBe(0);
    const accounts = reference.server.filter((line) => line.includes('Batch '));
    expect(accounts.filter((line) => line.includes('"ParentId","<row id>"'))).toHaveLength(2);
    expect(reference.server.filter((line) => line.includes('"JobTitle","Batched'))).toHaveLength(2);
  });

  test('the child account in its parent’s batch refers to the parent’s new ROW_ID, on both sides', async () => {
    await withScenario(
      encoding,
      (inner) => inner,
      async (gw, device) => {
        expectDone(await device.engine.sync());
        const accounts = await device.store.listRecords('Account');
        const parent = accounts.find((r) => r.fields['Name'] === 'Batch Holding')!;
        const north = accounts.find((r) => r.fields['Name'] === 'Batch North')!;
        expect(north).toMatchObject({
          state: 'clean',
          pending: null,
          fields: { ParentId: parent.rowId },
          base: { ParentId: parent.rowId },
        });
        const row = await gw.context.database.db
          .selectFrom('records')
          .select('fields')
          .where('row_id', '=', north.rowId!)
          .executeTakeFirstOrThrow();
        expect(JSON.parse(row.fields)).toMatchObject({ ParentId: parent.rowId });
      },
    );
  });

  test('a gateway without ApplyChanges gets single requests, and the same result', async () => {
    let log: UploadLog | undefined;
    const result = await withScenario(
      encoding,
      (inner) => (log = new UploadLog(inner, true)),
      async (gw, device) => {
        expectDone(await device.engine.sync());
        return outcome(gw, device);
      },
    );
    expect(log?.batches).toEqual([2]); // refused once, then never asked again in that sync
    expect(log?.singles).toHaveLength(8);
    expect(result).toEqual({ server: reference.server, local: reference.server, counts: reference.counts, issues: 0 });
  }, 60_000);

  test('a batch lost before the gateway or its answer lost after it committed, at every batch: resent, nothing lost or doubled', async () => {
    for (let k = 1; k <= reference.batches.length; k++) {
      for (const mode of ['before', 'after'] as const) {
        let faults: UploadFaults | undefined;
        const result = await withScenario(
          encoding,
          (inner) => (faults = new UploadFaults(inner)),
          async (gw, device) => {
            const uploads = faults as UploadFaults;
            uploads.arm(k, mode);
            const first = await device.engine.sync();
            expect({ k, mode, phase: first.phase, hit: uploads.hit }).toEqual({ k, mode, phase: 'failed', hit: 'ApplyChanges' });
            uploads.failAt = null;
            expectDone(await device.engine.sync());
            return outcome(gw, device);
          },
        );
        expect({ k, mode, ...result }).toEqual({
          k,
          mode,
          server: reference.server,
          local: reference.server,
          counts: reference.counts,
          issues: 0,
        });
      }
    }
  }, 300_000);
});
