import { ProtocolError, type FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { resolveAll, type LocalEdits, type SyncStatus } from '../../src/sync/index.js';
import { ENCODINGS, GatewayClient, type Encoding } from '../support/gateway-client.js';
import { Interleaver } from '../support/interleaver.js';
import { openDevice, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * A rep's edit saved at any moment of a sync survives (issue 11, part 1). The pane
 * runs on the sync's thread, so the rep's save lands between any two steps of the
 * engine: here it is made at every await point of a sync in turn — after each store
 * call, during each gateway call — on the record the sync is busy with, while the
 * sync downloads a server update of it, uploads a change of it, or removes it from
 * the device because it left the filters. After the rep answers the conflicts
 * panel with "keep mine" and syncs again, the edit must be on the server.
 */

jest.setTimeout(300_000);

/** What the sync under test does to the target record. */
type Situation = 'download' | 'upload' | 'cleanup';
const SITUATIONS: readonly Situation[] = ['download', 'upload', 'cleanup'];

let gw: TestGateway;
let dave: GatewayClient;
let markers = 0;

beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 24 });
  dave = new GatewayClient(gw.url, 'json');
  await dave.login('dave');
  // Contacts of alice's that nothing refers to: the records the syncs below work on.
  const alice = new GatewayClient(gw.url, 'json');
  await alice.login('alice');
  const [account] = await alice.allChangeKeys('Account', 10);
  if (!account) throw new Error('alice has no account');
  for (let i = 1; i <= 4; i++) {
    await alice.call('InsertRecord', {
      operationId: `target-${i}`,
      objectType: 'Contact',
      fields: { FirstName: 'Edit', LastName: `Target ${i}`, AccountId: account.rowId },
    });
  }
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

function expectDone(status: SyncStatus, what: string): void {
  if (status.phase !== 'done')
    throw new Error(`${what} ended ${status.phase}${status.phase === 'failed' ? `: ${status.error.code} ${status.error.message}` : ''}`);
}

/** Contacts nothing on the device refers to: when they leave the filters they leave the device (not kept read-only). */
async function unreferencedContacts(device: TestDevice): Promise<LocalRecord[]> {
  const pkg = await device.pkg();
  const referenced = new Set<FieldValue>();
  for (const object of pkg.objects) {
    const refs = object.fields.filter((f) => f.type === 'reference' && f.references === 'Contact');
    if (refs.length === 0) continue;
    for (const r of await device.store.listRecords(object.name)) for (const f of refs) referenced.add(r.fields[f.name] ?? null);
  }
  return (await device.store.listRecords('Contact')).filter((r) => !r.readOnly && !referenced.has(r.rowId));
}

class Run {
  private edits!: LocalEdits;
  /** The record each situation works on, and the marker of the edit made on it at the armed point (null: not editable then). */
  private targets = new Map<Situation, { record: LocalRecord; marker: string | null }>();

  private constructor(
    readonly device: TestDevice,
    readonly interleaver: Interleaver,
  ) {}

  static async open(encoding: Encoding): Promise<Run> {
    const interleaver = new Interleaver();
    const device = await openDevice(gw.url, encoding, 'alice', {
      store: (inner) => interleaver.wrapStore(inner),
      transport: (inner) => interleaver.wrapTransport(inner),
    });
    const run = new Run(device, interleaver);
    interleaver.action = () => run.editTargets();
    expectDone(await device.engine.sync(), 'the initial sync');
    run.edits = await device.edits();
    return run;
  }

  /** Puts one record in each situation, so that the next sync downloads one, uploads one and removes one. */
  async prepare(): Promise<void> {
    await this.device.store.updateSettings({ personalFilters: {} });
    expectDone(await this.device.engine.sync(), 'the sync before');
    const candidates = await unreferencedContacts(this.device);
    if (candidates.length < SITUATIONS.length) throw new Error('alice has too few unreferenced contacts');
    this.targets = new Map(SITUATIONS.map((situation, i) => [situation, { record: candidates[i] as LocalRecord, marker: null }]));
    const download = this.target('download');
    await dave.call('UpdateRecord', {
      operationId: `dave-update-${++markers}`,
      objectType: 'Contact',
      rowId: download.rowId as string,
      modNum: download.modNum as number,
      fields: { Phone: `+1 555 ${String(markers).padStart(4, '0')}` },
    });
    await this.edits.update('Contact', this.target('upload').localId, { Phone: `+1 555 ${String(++markers).padStart(4, '0')}` });
    const leaving = this.target('cleanup').fields['LastName'];
    await this.device.store.updateSettings({
      personalFilters: { Contact: { not: { field: 'LastName', op: 'eq', value: typeof leaving === 'string' ? leaving : '' } } },
    });
  }

  private target(situation: Situation): LocalRecord {
    return (this.targets.get(situation) as { record: LocalRecord }).record;
  }

  /** The rep saves an edit of each target, as far as each can be edited at that moment. */
  async editTargets(): Promise<void> {
    for (const target of this.targets.values()) {
      const marker = `edit-${++markers}`;
      try {
        await this.edits.update('Contact', target.record.localId, { JobTitle: marker });
        target.marker = marker;
      } catch (error) {
        // Gone from the device already (removed, or kept read-only): there is no edit to keep.
        if (!(error instanceof ProtocolError) || !['NOT_FOUND', 'FORBIDDEN'].includes(error.code)) throw error;
      }
    }
  }

  /** "Keep mine" for every issue, and sync until nothing is left to send. */
  async settle(): Promise<void> {
    await this.device.store.updateSettings({ personalFilters: {} });
    for (let round = 0; round < 3; round++) {
      await resolveAll(this.device.store, { choice: 'local' });
      expectDone(await this.device.engine.sync(), 'a settling sync');
      if ((await this.device.store.listOutbox()).length === 0 && (await this.device.store.listIssues()).length === 0) return;
    }
    throw new Error(`still unsent after 3 syncs: ${JSON.stringify(await this.device.store.listOutbox())}`);
  }

  /** Edits made at the armed point that the server does not have. */
  async missing(): Promise<string[]> {
    const edited = [...this.targets].filter(([, t]) => t.marker !== null);
    const { records } = await dave.call('QueryRecords', { objectType: 'Contact', rowIds: edited.map(([, t]) => t.record.rowId as string) });
    return edited.flatMap(([situation, t]) => {
      const server = records.find((r) => r.rowId === t.record.rowId);
      return server?.fields['JobTitle'] === t.marker
        ? []
        : [`${situation}: server has JobTitle=${String(server?.fields['JobTitle'])}, not ${t.marker}`];
    });
  }

  editedCount(): number {
    return [...this.targets.values()].filter((t) => t.marker !== null).length;
  }
}

describe.each(ENCODINGS)('over %s', (encoding) => {
  let run: Run;
  beforeAll(async () => {
    run = await Run.open(encoding);
  });
  afterAll(() => run.device.close());

  it('an edit saved at any point of a sync that downloads, uploads or removes the record is kept', async () => {
    const missed: string[] = [];
    let edited = 0;
    for (let at = 1; ; at++) {
      await run.prepare();
      run.interleaver.arm(at);
      const status = await run.device.engine.sync();
      run.interleaver.disarm();
      expectDone(status, `the sync with an edit at point ${at}`);
      if (run.interleaver.hit === null) break; // past the last await point of this sync
      const hit = run.interleaver.hit;
      await run.settle();
      edited += run.editedCount();
      missed.push(...(await run.missing()).map((m) => `${hit}: ${m}`));
    }
    expect(missed).toEqual([]);
    expect(edited).toBeGreaterThan(40);
  });
});
