import type { ObjectDefinition } from '../metadata/index.js';
import { combineFingerprints, EMPTY_FINGERPRINT, fingerprintOf, toWireFingerprint, type ResponseOf } from '../protocol/index.js';
import type { LocalRecord } from '../store/index.js';
import { checkCancelled } from './check-cancelled.js';
import { recordFromServer } from './merge-server-record.js';
import type { ObjectSyncScope } from '../metadata/index.js';
import type { SyncSession } from './sync-session.js';
import { typeServerFields } from './type-server-fields.js';

type Page = ResponseOf<'ListRecords'>;

/**
 * The first download of an object type the device holds nothing of (the first sync,
 * or after a reinstall): whole records streamed in keyset pages (ListRecords), so
 * there is no key exchange and no second request per record. The next page is in
 * flight while the previous one is written, so the gateway's work and the device's
 * writes overlap; at most two pages are held at a time, whatever the size of the type.
 *
 * Every page is a set of records the device did not hold when the step began (no
 * row id of this type was on it), and keyset pages never repeat a row, so a page is
 * written without reading first. The only rows that can meanwhile be on the device
 * are the ones this sync inserted itself (its uploads ran before): those are skipped,
 * the device's copy already is the server's. The fingerprint of the keys streamed is
 * kept as the type's key summary, so the next sync compares without reading a key.
 */
export async function streamRecords(
  session: SyncSession,
  object: ObjectDefinition,
  scope: ObjectSyncScope,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { transport, store } = session;
  const filter = scope.filter ? { filter: scope.filter } : {};
  const { count } = await transport.call('EstimateCount', { objectType: object.name, ...filter }, session.context);
  session.report('download', object.name, 0, count);
  const fetchPage = (after: string | undefined): Promise<Page> =>
    transport.call(
      'ListRecords',
      { objectType: object.name, pageSize: session.pkg.sync.pageSize, ...filter, ...(after === undefined ? {} : { after }) },
      session.context,
    );
  let next: Promise<Page> = fetchPage(undefined);
  let received = 0;
  let fingerprint = EMPTY_FINGERPRINT;
  let newest: string | null = null;
  const rowIds = new Set<string>();
  session.streamed.rowIds.set(object.name, rowIds);
  const refFields = object.fields.filter((f) => f.type === 'reference' && f.references);
  for (;;) {
    const page = await next;
    if (page.nextAfter !== undefined) {
      checkCancelled(signal);
      next = fetchPage(page.nextAfter);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      next.catch(() => undefined);
    }
    const put: LocalRecord[] = [];
    for (const server of page.records) {
      if (session.insertedRowIds.has(server.rowId)) continue;
      put.push(recordFromServer({ ...server, fields: typeServerFields(object, server.fields) }, object.name, undefined));
    }
    await store.applyBatch({ put, remove: [] });
    // Every key of the type is now one of these (the skipped rows hold the same key): the summary of the device side.
    fingerprint = combineFingerprints(fingerprint, fingerprintOf(page.records));
    for (const record of page.records) {
      if (newest === null || record.lastUpd > newest) newest = record.lastUpd;
      rowIds.add(record.rowId);
      for (const f of refFields) {
        const value = record.fields[f.name];
        if (typeof value !== 'string' || value === '') continue;
        const target = f.references as string;
        const set = session.streamed.references.get(target) ?? new Set<string>();
        set.add(value);
        session.streamed.references.set(target, set);
      }
    }
    received += page.records.length;
    session.counts = { ...session.counts, inserted: session.counts.inserted + put.length };
    session.report('download', object.name, received, Math.max(count, received));
    if (page.nextAfter === undefined) break;
  }
  // Read after the last write: only a sync writes change keys, and this one holds the sync lock.
  const { generation } = await store.getKeySummary(object.name);
  await store.saveKeySummary(object.name, generation, { fingerprint: toWireFingerprint(fingerprint), newest });
}
