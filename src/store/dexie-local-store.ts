import type { Collection, Dexie, Table, Transaction } from 'dexie';
import type { FieldValue } from '../protocol/index.js';
import type { AppliedPackage } from './applied-package.js';
import type { ArchiveEntry } from './archive-entry.js';
import type { DatabaseConnection } from './database-connection.js';
import { findStructureDamage } from './find-structure-damage.js';
import { missingOnlyLaterIndexes } from './missing-later-indexes.js';
import type { LocalRecord, LocalState } from './local-record.js';
import type { ListOrder, ListPage, ListSample, LocalStore, TableSpec } from './local-store.js';
import { listingMatches, recordListing, sameListSpec, searchTerms, type ListSpec, type RecordListing } from './record-listing.js';
import type { RecordReads, RecordWrites, ReinstallPlan, SeenRecords, UnsentWork } from './record-update.js';
import { mapStorageError, missingTableError } from './map-storage-error.js';
import { splitIntoChunks, WRITE_CHUNK_SIZE } from './split-into-chunks.js';
import type { StoreSettings } from './store-settings.js';
import { changeKeyText, NO_KEY_STATE, withTypesChanged, type KeyState } from './key-generations.js';
import type { KeySummary, KeySummaryState, StoredChangeKey, SyncHints } from './stored-change-key.js';
import type { SyncCheckpoint } from './sync-checkpoint.js';
import type { SyncIssue } from './sync-issue.js';
import type { StoredSyncLogEntry, SyncLogEntry } from './sync-log-entry.js';
import { syncLogOverflow } from './sync-log-overflow.js';
import { ARCHIVE_TABLE, ISSUES_TABLE, META_KEY, META_TABLE, objectTypeOfTable, recordTableName, SYNC_LOG_TABLE } from './table-names.js';
import { wantedSchema } from './wanted-schema.js';
import { watchStoreChanges } from './watch-store-changes.js';

/** What each meta row holds. The store is the only writer of these rows, so reads trust the shape. */
interface MetaValues {
  [META_KEY.settings]: Partial<StoreSettings>;
  [META_KEY.appliedPackage]: AppliedPackage;
  [META_KEY.checkpoint]: SyncCheckpoint;
  [META_KEY.syncHints]: SyncHints;
  [META_KEY.keyState]: KeyState;
  [META_KEY.listing]: ListingState;
}

/**
 * The list specs the records' `listing` keys were computed with. `complete` is false
 * while a pass that keys every record again is under way (or was cut off): the next
 * refreshListing finishes it.
 */
interface ListingState {
  readonly specs: Readonly<Record<string, ListSpec>>;
  readonly complete: boolean;
}

/** A record as stored: with its list keys (record-listing.ts), which reads take off again. */
type StoredRecord = LocalRecord & { listing?: RecordListing };
type MetaKey = keyof MetaValues;
interface MetaRow {
  readonly key: MetaKey;
  readonly value: MetaValues[MetaKey];
}

type RecordTable = Table<StoredRecord, string>;

const OUTBOX_STATES: readonly LocalState[] = ['created', 'updated', 'deleted'];
/** Records per read of forEachRecord. */
const VISIT_PAGE_SIZE = 2_000;

/**
 * LocalStore on IndexedDB through Dexie (contract in local-store.ts).
 *
 * Atomicity: every call that writes at most WRITE_CHUNK_SIZE (1,000) rows is one
 * transaction. Larger putRecords / deleteRecords / applyBatch / putIssues /
 * addToArchive calls commit chunk by chunk: a failure leaves the earlier chunks
 * written (each is a consistent set of whole rows, and every write here is
 * idempotent, so the caller simply repeats the call). `reinstall` is the
 * exception on purpose: clearing the old data and putting `keep` back is one
 * transaction whatever the size, because a crash between the two would lose
 * records the rep created and never uploaded.
 */
export class DexieLocalStore implements LocalStore {
  constructor(
    readonly databaseName: string,
    private readonly connection: DatabaseConnection,
    private readonly defaults: StoreSettings,
  ) {}

  close(): Promise<void> {
    return this.connection.close();
  }

  watchChanges(listener: () => void): () => void {
    return watchStoreChanges(this.databaseName, listener);
  }

  getSettings(): Promise<StoreSettings> {
    return this.run('read the settings', (db) => db.transaction('r', META_TABLE, async (tx) => this.settingsIn(tx)));
  }

  updateSettings(patch: Partial<StoreSettings>): Promise<StoreSettings> {
    return this.run('save the settings', (db) =>
      db.transaction('rw', META_TABLE, async (tx) => {
        const next: StoreSettings = { ...(await this.settingsIn(tx)), ...withoutUndefined(patch) };
        await metaTable(tx).put({ key: META_KEY.settings, value: next });
        return next;
      }),
    );
  }

  getAppliedPackage(): Promise<AppliedPackage | null> {
    return this.run('read the applied package', async (db) => (await getMeta(metaTable(db), META_KEY.appliedPackage)) ?? null);
  }

  replaceAppliedPackage(pkg: AppliedPackage): Promise<void> {
    return this.run('save the applied package', async (db) => {
      await metaTable(db).put({ key: META_KEY.appliedPackage, value: pkg });
    });
  }

  async reinstall(pkg: AppliedPackage, tables: readonly TableSpec[], plan: (unsent: UnsentWork) => ReinstallPlan): Promise<void> {
    try {
      const wanted = wantedSchema(tables);
      await this.connection.restructure(wanted, async (tx) => {
        // The unsent work as it is now, inside this transaction: the record tables about to
        // be dropped are still readable here (Dexie deletes them after this work has run).
        const { keep, archive } = plan(await readUnsent(tx));
        for (const record of keep) {
          if (!wanted.has(recordTableName(record.objectType))) throw missingTableError(record.objectType, 'reinstall');
        }
        for (const name of wanted.keys()) {
          if (objectTypeOfTable(name) !== null) await tx.table(name).clear();
        }
        await tx.table(ISSUES_TABLE).clear();
        await changeKeyState(
          tx,
          tables.map((spec) => spec.objectType),
        );
        await metaTable(tx).put({ key: META_KEY.appliedPackage, value: pkg });
        const listing: ListingState = { specs: specsOf(tables), complete: true };
        await metaTable(tx).put({ key: META_KEY.listing, value: listing });
        for (const [objectType, records] of groupBy(keep, (r) => r.objectType)) {
          await tx.table(recordTableName(objectType)).bulkPut(withListing(records, listing.specs[objectType]));
        }
        if (archive.length > 0) await tx.table(ARCHIVE_TABLE).bulkPut(archive);
      });
    } catch (error) {
      throw mapStorageError(error, 'rebuild its offline data');
    }
  }

  async checkStructure(tables: readonly TableSpec[]): Promise<string | null> {
    try {
      const wanted = wantedSchema(tables);
      const installed = await this.connection.installedSchema();
      // A store from before an index was added gets it in place (IndexedDB builds it from the rows).
      if (missingOnlyLaterIndexes(installed, wanted)) await this.connection.restructure(wanted, async () => {});
      const damage = findStructureDamage(await this.connection.installedSchema(), wanted);
      if (damage !== null) return damage;
      const pkg = await this.connection.use((db) => getMeta(metaTable(db), META_KEY.appliedPackage));
      if (pkg === undefined) return 'The copy of the applied package is missing.';
      await this.refreshListing(tables);
      return null;
    } catch (error) {
      throw mapStorageError(error, 'check its offline data');
    }
  }

  getRecord(objectType: string, localId: string): Promise<LocalRecord | undefined> {
    return this.run('read a record', async (db) => maybeRecord(await recordTable(db, objectType, 'read a record').get(localId)));
  }

  getRecordByRowId(objectType: string, rowId: string): Promise<LocalRecord | undefined> {
    return this.run('read a record', async (db) =>
      maybeRecord(await recordTable(db, objectType, 'read a record').where('rowId').equals(rowId).first()),
    );
  }

  /**
   * A record that came from the CRM has its row id as localId: one bulkGet finds those.
   * Only the rest (created here, `L-…`) are looked up in the row id index one by one,
   * which is far cheaper than one `anyOf` walk over the index.
   */
  async getRecordsByRowId(objectType: string, rowIds: readonly string[]): Promise<LocalRecord[]> {
    const found: LocalRecord[] = [];
    for (const chunk of splitIntoChunks([...new Set(rowIds)])) {
      const records = await this.run('read records', (db) =>
        db.transaction('r', recordTable(db, objectType, 'read records'), async (tx) => {
          const table = tx.table<StoredRecord, string>(recordTableName(objectType));
          const byId = await table.bulkGet(chunk);
          const out: LocalRecord[] = [];
          for (const [i, rowId] of chunk.entries()) {
            const direct = byId[i];
            const record = direct?.rowId === rowId ? direct : await table.where('rowId').equals(rowId).first();
            if (record) out.push(asRecord(record));
          }
          return out;
        }),
      );
      found.push(...records);
    }
    return found;
  }

  listRecords(objectType: string): Promise<LocalRecord[]> {
    return this.run('read records', async (db) => (await recordTable(db, objectType, 'read records').toArray()).map(asRecord));
  }

  listRecordIds(objectType: string, order: ListOrder, page?: ListPage): Promise<string[]> {
    return this.run('read a list', async (db) => {
      const table = recordTable(db, objectType, 'read a list');
      if (page !== undefined) return listPage(table, order, page).primaryKeys();
      // Ascending key reads (IDBIndex.getAllKeys): one call; the newest-first order is that list reversed.
      if (order === 'title') return table.orderBy('listing.sort').primaryKeys();
      return (await table.orderBy('listing.changed').primaryKeys()).reverse();
    });
  }

  sampleMatches(objectType: string, search: string, order: ListOrder, page: ListPage): Promise<ListSample> {
    const terms = searchTerms(search);
    return this.run('search records', async (db) =>
      matchesAmong(await listPage(recordTable(db, objectType, 'search records'), order, page).toArray(), terms),
    );
  }

  matchRecordIds(objectType: string, search: string): Promise<string[]> {
    const terms = searchTerms(search);
    return this.run('search records', (db) => {
      const table = recordTable(db, objectType, 'search records');
      if (terms.length === 0) return table.orderBy('listing.sort').primaryKeys();
      return db.transaction('r', table, async () => {
        let matched = new Set<string>();
        for (const [i, term] of terms.entries()) {
          // A record with two words starting with the term is listed twice by the multi-entry index: the set counts it once.
          const ids: string[] = await table.where('listing.words').startsWith(term).primaryKeys();
          const before = matched;
          matched = new Set(i === 0 ? ids : ids.filter((id) => before.has(id)));
          if (matched.size === 0) break;
        }
        return [...matched];
      });
    });
  }

  orderRecordIds(objectType: string, localIds: readonly string[], order: ListOrder): Promise<string[]> {
    return this.run('order records', async (db) => {
      const rows = await recordTable(db, objectType, 'order records').bulkGet([...new Set(localIds)]);
      const listed = rows.flatMap((row) => (row?.listing ? [{ id: row.localId, listing: row.listing }] : []));
      // The index's order: its key, then the primary key (code units, as IndexedDB compares strings).
      const key = (entry: (typeof listed)[number]) => (order === 'title' ? entry.listing.sort : entry.listing.changed);
      listed.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const ids = listed.map((entry) => entry.id);
      return order === 'title' ? ids : ids.reverse();
    });
  }

  countRecords(objectType: string): Promise<number> {
    return this.run('count records', (db) => {
      const table = recordTable(db, objectType, 'count records');
      return db.transaction('r', [table, metaTable(db)], async (tx) => {
        const listing = await getMeta(metaTable(tx), META_KEY.listing);
        // While records wait for their list keys (refreshListing), only the list index knows which are listed.
        if (listing?.complete !== true || listing.specs[objectType] === undefined) return table.orderBy('listing.sort').count();
        // Every live record is listed: the table's count less the few deleted here (state index). Counting
        // the list index answers the same at several times the cost (35,000 contacts: ≈ 180 ms against 50, bench:pane).
        return (await table.count()) - (await table.where('state').equals('deleted').count());
      });
    });
  }

  async refreshListing(tables: readonly TableSpec[]): Promise<void> {
    const wanted = specsOf(tables);
    const state = await this.run('read the list keys', (db) => getMeta(metaTable(db), META_KEY.listing));
    if (state?.complete === true && sameSpecs(state.specs, wanted)) return;
    await this.run('save the list keys', async (db) => {
      await metaTable(db).put({ key: META_KEY.listing, value: { specs: wanted, complete: false } });
    });
    for (const { objectType } of tables) {
      let after: string | undefined;
      for (;;) {
        const last = await this.run('key the lists', async (db) => {
          if (!db.tables.some((table) => table.name === recordTableName(objectType))) return undefined;
          const table = recordTable(db, objectType, 'key the lists');
          return db.transaction('rw', [table, metaTable(db)], async (tx) => {
            const page = await (after === undefined ? table.orderBy(':id') : table.where(':id').above(after))
              .limit(WRITE_CHUNK_SIZE)
              .toArray();
            // The specs as stored now: a write in between keyed its records with them too.
            const specs = (await getMeta(metaTable(tx), META_KEY.listing))?.specs ?? wanted;
            await table.bulkPut(withListing(page.map(asRecord), specs[objectType]));
            return page.length < WRITE_CHUNK_SIZE ? undefined : page[page.length - 1]?.localId;
          });
        });
        if (last === undefined) break;
        after = last;
      }
    }
    await this.run('save the list keys', (db) =>
      db.transaction('rw', metaTable(db), async (tx) => {
        // Only when no other pass changed the specs meanwhile: that one finishes its own.
        const now = await getMeta(metaTable(tx), META_KEY.listing);
        if (now !== undefined && sameSpecs(now.specs, wanted))
          await metaTable(tx).put({ key: META_KEY.listing, value: { specs: wanted, complete: true } });
      }),
    );
  }

  async forEachRecord(objectType: string, visit: (record: LocalRecord) => void): Promise<void> {
    // Keyset pages on the primary key: each page one getAll, never the whole type in memory.
    let after: string | undefined;
    for (;;) {
      const page = await this.run('read records', (db) => {
        const table = recordTable(db, objectType, 'read records');
        return (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(VISIT_PAGE_SIZE).toArray();
      });
      for (const record of page) visit(asRecord(record));
      if (page.length < VISIT_PAGE_SIZE) return;
      after = (page[page.length - 1] as StoredRecord).localId;
    }
  }

  getRecords(objectType: string, localIds: readonly string[]): Promise<LocalRecord[]> {
    return this.run('read records', async (db) => {
      const rows = await recordTable(db, objectType, 'read records').bulkGet([...localIds]);
      return rows.filter((row): row is StoredRecord => row !== undefined).map(asRecord);
    });
  }

  /** A key cursor over the `[rowId+lastUpd]` index: keys and primary keys only, in row id order. */
  listChangeKeys(objectType: string): Promise<StoredChangeKey[]> {
    return this.run('read the change keys', async (db) => {
      const keys: StoredChangeKey[] = [];
      await recordTable(db, objectType, 'read the change keys')
        .orderBy('[rowId+lastUpd]')
        .eachKey((key, cursor) => {
          const [rowId, lastUpd] = key as [string, string];
          keys.push({ localId: cursor.primaryKey, rowId, lastUpd });
        });
      return keys;
    });
  }

  /** Ordered by object type (table name), then localId. */
  listOutbox(objectType?: string): Promise<LocalRecord[]> {
    return this.run('read the changes to upload', async (db) => {
      const tables = db.tables
        .filter((t) => objectTypeOfTable(t.name) !== null && (objectType === undefined || objectTypeOfTable(t.name) === objectType))
        .sort((a, b) => compareText(a.name, b.name)) as RecordTable[];
      if (tables.length === 0) return [];
      return db.transaction('r', tables, async () => {
        const outbox: LocalRecord[] = [];
        for (const table of tables) outbox.push(...(await outboxOf(table)));
        return outbox;
      });
    });
  }

  /**
   * Uses the `fields.<field>` index when there is one and the value is an
   * IndexedDB key (string, number); null and booleans are never in an index, and
   * a field without an index is searched by a scan, so the answer is always right.
   * A missing field counts as null.
   */
  findByField(objectType: string, field: string, value: FieldValue): Promise<LocalRecord[]> {
    return this.run('search records', (db) => {
      const table = recordTable(db, objectType, 'search records');
      const keyPath = `fields.${field}`;
      const indexed = table.schema.indexes.some((index) => index.keyPath === keyPath);
      const rows =
        indexed && isIndexableKey(value)
          ? table.where(keyPath).equals(value).toArray()
          : table.filter((record) => (record.fields[field] ?? null) === value).toArray();
      return rows.then((found) => found.map(asRecord));
    });
  }

  async putRecords(records: readonly LocalRecord[]): Promise<void> {
    await this.applyBatch({ put: records, remove: [] });
  }

  async deleteRecords(objectType: string, localIds: readonly string[]): Promise<void> {
    await this.applyBatch({ put: [], remove: localIds.map((localId) => ({ objectType, localId })) });
  }

  updateRecords<T>(reads: RecordReads, decide: (seen: SeenRecords) => RecordWrites<T>): Promise<T> {
    return this.run('save records', (db) => {
      const types = [...new Set(reads.records.map((key) => key.objectType))];
      const tableNames = [...types.map((objectType) => recordTable(db, objectType, 'save records').name), ISSUES_TABLE, META_TABLE];
      return db.transaction('rw', tableNames, async (tx) => {
        const records = new Map<string, LocalRecord | undefined>();
        for (const [objectType, keys] of groupBy(reads.records, (key) => key.objectType)) {
          const ids = [...new Set(keys.map((key) => key.localId))];
          const rows = await tx.table<StoredRecord, string>(recordTableName(objectType)).bulkGet(ids);
          ids.forEach((id, i) => records.set(recordKey(objectType, id), maybeRecord(rows[i])));
        }
        const issueIds = [...new Set(reads.issueIds ?? [])];
        const issueRows = await tx.table<SyncIssue, string>(ISSUES_TABLE).bulkGet(issueIds);
        const issues = new Map(issueIds.map((id, i) => [id, issueRows[i]]));
        const seen: SeenRecords = {
          record: (objectType, localId) => {
            const key = recordKey(objectType, localId);
            if (!records.has(key)) throw new RangeError(`updateRecords: ${objectType} ${localId} was not read`);
            return records.get(key);
          },
          issue: (id) => {
            if (!issues.has(id)) throw new RangeError(`updateRecords: issue ${id} was not read`);
            return issues.get(id);
          },
        };
        let writes: RecordWrites<T>;
        try {
          writes = decide(seen);
        } catch (error) {
          throw new DecisionFailure(error);
        }
        const specs = (await getMeta(metaTable(tx), META_KEY.listing))?.specs ?? {};
        for (const [objectType, put] of groupBy(writes.put ?? [], (record) => record.objectType)) {
          if (!types.includes(objectType))
            throw new DecisionFailure(new RangeError(`updateRecords: ${objectType} records were written but not read`));
          await tx.table(recordTableName(objectType)).bulkPut(withListing(put, specs[objectType]));
        }
        for (const [objectType, removals] of groupBy(writes.remove ?? [], (key) => key.objectType)) {
          if (!types.includes(objectType))
            throw new DecisionFailure(new RangeError(`updateRecords: ${objectType} records were removed but not read`));
          await tx.table(recordTableName(objectType)).bulkDelete(removals.map((key) => key.localId));
        }
        if (writes.putIssues?.length) await tx.table(ISSUES_TABLE).bulkPut(writes.putIssues);
        if (writes.deleteIssues?.length) await tx.table(ISSUES_TABLE).bulkDelete([...writes.deleteIssues]);
        // A write that leaves every change key as it was (a rep's edit, a pending mark) keeps the summaries.
        const keyChanged = new Set<string>();
        for (const record of writes.put ?? []) {
          const key = recordKey(record.objectType, record.localId);
          if (!records.has(key) || changeKeyText(records.get(key)) !== changeKeyText(record)) keyChanged.add(record.objectType);
        }
        for (const removal of writes.remove ?? []) {
          const key = recordKey(removal.objectType, removal.localId);
          if (!records.has(key) || changeKeyText(records.get(key)) !== null) keyChanged.add(removal.objectType);
        }
        await changeKeyState(tx, keyChanged);
        return writes.result;
      });
    });
  }

  /**
   * Puts first, then removes. One transaction up to 1,000 rows (puts plus
   * removes); larger batches commit in chunks of 1,000 (see the class comment).
   * All object types are checked before anything is written.
   */
  async applyBatch(batch: { put: readonly LocalRecord[]; remove: ReadonlyArray<{ objectType: string; localId: string }> }): Promise<void> {
    type Step =
      | { readonly kind: 'put'; readonly record: LocalRecord }
      | { readonly kind: 'remove'; readonly objectType: string; readonly localId: string };
    const steps: Step[] = [
      ...batch.put.map((record): Step => ({ kind: 'put', record })),
      ...batch.remove.map(({ objectType, localId }): Step => ({ kind: 'remove', objectType, localId })),
    ];
    if (steps.length === 0) return;
    const objectTypes = new Set(steps.map((step) => (step.kind === 'put' ? step.record.objectType : step.objectType)));
    // Every table must exist before the first chunk is written (recordTable throws otherwise).
    await this.run('save records', (db) => {
      for (const objectType of objectTypes) recordTable(db, objectType, 'save records');
      return Promise.resolve();
    });
    for (const chunk of splitIntoChunks(steps)) {
      await this.run('save records', (db) => {
        const puts = groupBy(
          chunk.flatMap((step) => (step.kind === 'put' ? [step.record] : [])),
          (record) => record.objectType,
        );
        const removes = groupBy(
          chunk.flatMap((step) => (step.kind === 'remove' ? [step] : [])),
          (step) => step.objectType,
        );
        const tableNames = [...new Set([...puts.keys(), ...removes.keys()])].map(
          (objectType) => recordTable(db, objectType, 'save records').name,
        );
        return db.transaction('rw', [...tableNames, META_TABLE], async (tx) => {
          const specs = (await getMeta(metaTable(tx), META_KEY.listing))?.specs ?? {};
          for (const [objectType, records] of puts)
            await tx.table(recordTableName(objectType)).bulkPut(withListing(records, specs[objectType]));
          for (const [objectType, removals] of removes) {
            await tx.table(recordTableName(objectType)).bulkDelete(removals.map((removal) => removal.localId));
          }
          // Written without reading first: any keyed record put, any removal, may change a change key.
          const keyChanged = new Set(removes.keys());
          for (const [objectType, records] of puts) if (records.some((r) => changeKeyText(r) !== null)) keyChanged.add(objectType);
          await changeKeyState(tx, keyChanged);
        });
      });
    }
  }

  /** Ordered by id. */
  listIssues(): Promise<SyncIssue[]> {
    return this.run('read the sync issues', (db) => db.table<SyncIssue, string>(ISSUES_TABLE).toArray());
  }

  async putIssues(issues: readonly SyncIssue[]): Promise<void> {
    for (const chunk of splitIntoChunks(issues)) {
      await this.run('save sync issues', async (db) => {
        await db.table<SyncIssue, string>(ISSUES_TABLE).bulkPut(chunk);
      });
    }
  }

  async deleteIssues(ids: readonly string[]): Promise<void> {
    for (const chunk of splitIntoChunks(ids)) {
      await this.run('remove sync issues', (db) => db.table<SyncIssue, string>(ISSUES_TABLE).bulkDelete(chunk));
    }
  }

  /** Oldest first. */
  async listArchive(): Promise<ArchiveEntry[]> {
    const entries = await this.run('read the archive', (db) => db.table<ArchiveEntry, string>(ARCHIVE_TABLE).toArray());
    return entries.sort((a, b) => a.archivedAt - b.archivedAt || compareText(a.id, b.id));
  }

  /** An entry with the id of an existing one replaces it. */
  async addToArchive(entries: readonly ArchiveEntry[]): Promise<void> {
    for (const chunk of splitIntoChunks(entries)) {
      await this.run('archive changes', async (db) => {
        await db.table<ArchiveEntry, string>(ARCHIVE_TABLE).bulkPut(chunk);
      });
    }
  }

  getSyncHints(): Promise<SyncHints> {
    return this.run('read the sync hints', async (db) => (await getMeta(metaTable(db), META_KEY.syncHints)) ?? { readOnlyRowIds: {} });
  }

  setSyncHints(hints: SyncHints): Promise<void> {
    return this.run('save the sync hints', (db) =>
      db.transaction('rw', META_TABLE, async (tx) => {
        const before = (await getMeta(metaTable(tx), META_KEY.syncHints))?.readOnlyRowIds ?? {};
        const types = new Set([...Object.keys(before), ...Object.keys(hints.readOnlyRowIds)]);
        const same = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((id, i) => id === b[i]);
        const changed = [...types].filter((type) => !same(before[type], hints.readOnlyRowIds[type]));
        await metaTable(tx).put({ key: META_KEY.syncHints, value: hints });
        // The hinted rows are left out of the device side: a summary of it is stale once they change.
        await changeKeyState(tx, changed);
      }),
    );
  }

  getKeySummary(objectType: string): Promise<KeySummaryState> {
    return this.run('read the key summary', async (db) => {
      const state = (await getMeta(metaTable(db), META_KEY.keyState)) ?? NO_KEY_STATE;
      const generation = state.generations[objectType] ?? 0;
      const saved = state.summaries[objectType];
      return { generation, summary: saved !== undefined && saved.generation === generation ? saved.summary : null };
    });
  }

  saveKeySummary(objectType: string, generation: number, summary: KeySummary): Promise<void> {
    return this.run('save the key summary', (db) =>
      db.transaction('rw', META_TABLE, async (tx) => {
        const state = (await getMeta(metaTable(tx), META_KEY.keyState)) ?? NO_KEY_STATE;
        if ((state.generations[objectType] ?? 0) !== generation) return;
        const summaries = { ...state.summaries, [objectType]: { generation, summary } };
        await metaTable(tx).put({ key: META_KEY.keyState, value: { ...state, summaries } });
      }),
    );
  }

  getCheckpoint(): Promise<SyncCheckpoint | null> {
    return this.run('read the sync progress', async (db) => (await getMeta(metaTable(db), META_KEY.checkpoint)) ?? null);
  }

  setCheckpoint(checkpoint: SyncCheckpoint | null): Promise<void> {
    return this.run('save the sync progress', async (db) => {
      if (checkpoint === null) await metaTable(db).delete(META_KEY.checkpoint);
      else await metaTable(db).put({ key: META_KEY.checkpoint, value: checkpoint });
    });
  }

  appendSyncLog(entries: readonly SyncLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.run('save the sync log', (db) =>
      db.transaction('rw', SYNC_LOG_TABLE, async (tx) => {
        const table = tx.table<SyncLogEntry, number>(SYNC_LOG_TABLE);
        // Counted and trimmed in the append's own transaction: two panes appending at once cannot overshoot the cap.
        const { dropStored, dropAdding } = syncLogOverflow(await table.count(), entries.length);
        if (dropStored > 0) await table.bulkDelete(await table.orderBy(':id').limit(dropStored).primaryKeys());
        await table.bulkAdd(entries.slice(dropAdding));
      }),
    );
  }

  listSyncLog(): Promise<StoredSyncLogEntry[]> {
    return this.run('read the sync log', (db) => db.table<StoredSyncLogEntry, number>(SYNC_LOG_TABLE).orderBy(':id').toArray());
  }

  countSyncLog(): Promise<number> {
    return this.run('read the sync log', (db) => db.table(SYNC_LOG_TABLE).count());
  }

  clearSyncLog(): Promise<void> {
    return this.run('clear the sync log', (db) => db.table(SYNC_LOG_TABLE).clear());
  }

  /** Every call goes through here: one connection use, errors mapped at this edge (a caller's own decision's error passes as it is). */
  private async run<T>(operation: string, work: (db: Dexie) => Promise<T>): Promise<T> {
    try {
      return await this.connection.use(work);
    } catch (error) {
      if (error instanceof DecisionFailure) throw error.reason;
      throw mapStorageError(error, operation);
    }
  }

  /** Stored settings over the defaults, so a field added in a later version starts at its default. */
  private async settingsIn(source: Dexie | Transaction): Promise<StoreSettings> {
    const stored = await getMeta(metaTable(source), META_KEY.settings);
    return { ...this.defaults, ...stored };
  }
}

/** An error thrown by a caller's decision inside a transaction: the transaction aborts, and the caller gets its own error back. */
class DecisionFailure extends Error {
  constructor(readonly reason: unknown) {
    super('the decision inside the transaction failed', { cause: reason });
  }
}

/** Moves the key generation of `types` on, inside the writing transaction (see KeySummary). */
async function changeKeyState(tx: Transaction, types: Iterable<string>): Promise<void> {
  const list = [...types];
  if (list.length === 0) return;
  const state = (await getMeta(metaTable(tx), META_KEY.keyState)) ?? NO_KEY_STATE;
  await metaTable(tx).put({ key: META_KEY.keyState, value: withTypesChanged(state, list) });
}

/** The outbox and the issues, read with the transaction of a reinstall (every record table it can see). */
async function readUnsent(tx: Transaction): Promise<UnsentWork> {
  const outbox: LocalRecord[] = [];
  // The native transaction's stores: in an upgrade these include the tables being dropped,
  // which Dexie's own list (tx.storeNames) already leaves out but still lets us read.
  const names = Array.from(tx.idbtrans.objectStoreNames)
    .filter((name) => objectTypeOfTable(name) !== null)
    .sort(compareText);
  for (const name of names) outbox.push(...(await outboxOf(tx.table<StoredRecord, string>(name))));
  const issues = await tx.table<SyncIssue, string>(ISSUES_TABLE).toArray();
  return { outbox, issues };
}

/** One table's outbox, ordered by localId: through the state index and the pending-upload index. */
async function outboxOf(table: RecordTable): Promise<LocalRecord[]> {
  const byId = new Map<string, LocalRecord>();
  // One key range per state (IDBIndex.getAll), not anyOf's cursor stepping from key to key: a reinstall keeping 1,500 new records took seconds.
  for (const state of OUTBOX_STATES)
    for (const record of await table.where('state').equals(state).toArray()) byId.set(record.localId, asRecord(record));
  // Only records with a pending upload have a key in this index.
  for (const record of await table.orderBy('pending.operationId').toArray()) byId.set(record.localId, asRecord(record));
  return [...byId.values()].sort((a, b) => compareText(a.localId, b.localId));
}

function recordKey(objectType: string, localId: string): string {
  return `${objectType}\u0000${localId}`;
}

/** The meta table, bound to a transaction when one is given. */
function metaTable(source: Dexie | Transaction): Table<MetaRow, MetaKey> {
  // Dexie and Transaction declare `table` with different overloads; either answers the same table.
  return (source as Dexie).table<MetaRow, MetaKey>(META_TABLE);
}

async function getMeta<K extends MetaKey>(table: Table<MetaRow, MetaKey>, key: K): Promise<MetaValues[K] | undefined> {
  const row = await table.get(key);
  return row?.value as MetaValues[K] | undefined;
}

/** The record table of `objectType`; a missing one is structural damage, raised before any write. */
function recordTable(db: Dexie, objectType: string, operation: string): RecordTable {
  const name = recordTableName(objectType);
  if (!db.tables.some((table) => table.name === name)) throw missingTableError(objectType, operation);
  return db.table<StoredRecord, string>(name);
}

/** Which of `rows` are listed (a deleted record is in no list, so in no sample) and which of those match every term. */
function matchesAmong(rows: readonly StoredRecord[], terms: readonly string[]): ListSample {
  const listed = rows.flatMap((row) => (row.listing ? [{ id: row.localId, listing: row.listing }] : []));
  return { read: listed.map((row) => row.id), matched: listed.filter((row) => listingMatches(row.listing, terms)).map((row) => row.id) };
}

/**
 * The `page` of a record table's list in `order`, through its list index (newest first
 * is the changed index reversed). An offset is a cursor's advance inside the database:
 * no row before it crosses over.
 */
function listPage(table: RecordTable, order: ListOrder, page: ListPage): Collection<StoredRecord, string> {
  const index = order === 'title' ? table.orderBy('listing.sort') : table.orderBy('listing.changed').reverse();
  return (page.fromEnd === true ? index.reverse() : index)
    .offset(Math.max(0, Math.floor(page.offset)))
    .limit(Math.max(0, Math.floor(page.limit)));
}

/** The record without its list keys: what every read hands out. */
function asRecord(row: StoredRecord): LocalRecord {
  if (row.listing === undefined) return row;
  const record: StoredRecord = { ...row };
  delete record.listing;
  return record;
}

function maybeRecord(row: StoredRecord | undefined): LocalRecord | undefined {
  return row === undefined ? undefined : asRecord(row);
}

/** Records with their list keys under `spec` (none without a spec: refreshListing keys them once one is known). */
function withListing(records: readonly LocalRecord[], spec: ListSpec | undefined): StoredRecord[] {
  return records.map((record) => {
    const stored: StoredRecord = { ...record };
    delete stored.listing;
    const listing = spec === undefined ? null : recordListing(record, spec);
    if (listing !== null) stored.listing = listing;
    return stored;
  });
}

function specsOf(tables: readonly TableSpec[]): Record<string, ListSpec> {
  return Object.fromEntries(tables.map((table) => [table.objectType, table.list]));
}

function sameSpecs(a: Readonly<Record<string, ListSpec>>, b: Readonly<Record<string, ListSpec>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => sameListSpec(a[key], b[key]));
}

function isIndexableKey(value: FieldValue): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value));
}

function withoutUndefined<T extends object>(patch: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
