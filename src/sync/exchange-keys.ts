import type { KeyExchange, ObjectDefinition } from '../metadata/index.js';
import type { ChangeKey } from '../protocol/index.js';
import type { KeySummary, StoredChangeKey } from '../store/index.js';
import { checkCancelled } from './check-cancelled.js';
import { lacksOperation } from './lacks-operation.js';
import { objectSyncScope, type ObjectSyncScope } from '../metadata/index.js';
import { reconcileKeys, type ReconcileInput } from './reconcile-step.js';
import type { ServerKeyChanges } from './server-key-changes.js';
import type { SyncOptions } from './sync-options.js';
import type { SyncSession } from './sync-session.js';

/** What the key exchange learnt of one object type: how its data step finds its work. */
export type ObjectKeys =
  /** Nothing downloaded (a disabled type, or "local changes only"): the device's own keys. */
  | { readonly kind: 'upload only'; readonly scope: ObjectSyncScope; readonly local: () => Promise<readonly StoredChangeKey[]> }
  /** Siebel mode: every change key of the gateway under the filters. */
  | { readonly kind: 'listed'; readonly scope: ObjectSyncScope; readonly server: readonly ChangeKey[] }
  /** Reconcile mode: only the rows whose gateway key differs from the device's. */
  | {
      readonly kind: 'reconciled';
      readonly scope: ObjectSyncScope;
      /** Row ids left out of the device's side (kept read-only, see SyncHints). */
      readonly leftOut: ReadonlySet<string>;
      readonly changes: ServerKeyChanges;
    }
  /** Nothing of this type on the device yet: whole records are streamed page by page, no keys needed. */
  | { readonly kind: 'stream'; readonly scope: ObjectSyncScope };

/**
 * Step 3 of Siebel's "How Siebel CRM Desktop Synchronizes Siebel CRM Data" (compare
 * the change keys), for every object type before any type's downloads: in reconcile
 * mode one exchange of range fingerprints for all types (reconcile-step.ts), in
 * Siebel mode every key of each type. A gateway without ReconcileKeys (an older
 * version) is synced the Siebel way for the rest of the sync; the next sync asks again.
 */
export async function exchangeKeys(
  session: SyncSession,
  objects: readonly ObjectDefinition[],
  mode: KeyExchange,
  options: SyncOptions,
  /** false: a type without local keys is compared like any other instead of streamed (SyncEngineOptions.streamFirstSync). */
  streamFirstSync = true,
): Promise<Map<string, ObjectKeys>> {
  const { store } = session;
  const settings = await store.getSettings();
  const result = new Map<string, ObjectKeys>();
  interface Compared {
    object: ObjectDefinition;
    scope: ObjectSyncScope;
    local: () => Promise<readonly StoredChangeKey[]>;
    generation: number;
    summary: KeySummary | null;
  }
  const toCompare: Compared[] = [];
  for (const object of objects) {
    const scope = objectSyncScope(session.pkg, settings, object.name);
    // The generation is read before the keys: a summary made from them is saved as current or already stale, never newer.
    const { generation, summary } = await store.getKeySummary(object.name);
    const local = once(() => store.listChangeKeys(object.name));
    if (!scope.enabled || options.localOnly) result.set(object.name, { kind: 'upload only', scope, local });
    else if (
      streamFirstSync &&
      !(summary && summary.fingerprint.count > 0) &&
      (await local()).length === 0 &&
      !session.lacking.has('ListRecords')
    )
      result.set(object.name, { kind: 'stream', scope });
    else toCompare.push({ object, scope, local, generation, summary: mode === 'reconcile' ? summary : null });
  }
  if (mode === 'reconcile' && !session.lacking.has('ReconcileKeys') && toCompare.length > 0) {
    const hints = await store.getSyncHints();
    // Records kept read-only are outside the gateway's side by definition: leaving them out keeps them from being a difference every sync.
    const leftOut = new Map(toCompare.map(({ object }) => [object.name, new Set(hints.readOnlyRowIds[object.name] ?? [])]));
    try {
      const changes = await reconcileKeys(
        session,
        toCompare.map(({ object, scope, local, generation, summary }): ReconcileInput => {
          const readOnly = leftOut.get(object.name) ?? new Set<string>();
          return {
            objectType: object.name,
            filter: scope.filter,
            summary,
            keys: async () => (await local()).filter((key) => !readOnly.has(key.rowId)).map(({ rowId, lastUpd }) => ({ rowId, lastUpd })),
            keysOf: async (rowIds) =>
              (await store.getRecordsByRowId(object.name, rowIds)).flatMap((r) =>
                r.rowId !== null && r.lastUpd !== null && !readOnly.has(r.rowId) ? [{ rowId: r.rowId, lastUpd: r.lastUpd }] : [],
              ),
            saveSummary: (made) => store.saveKeySummary(object.name, generation, made),
          };
        }),
        options.signal,
      );
      for (const { object, scope } of toCompare) {
        result.set(object.name, {
          kind: 'reconciled',
          scope,
          leftOut: leftOut.get(object.name) ?? new Set(),
          changes: changes.get(object.name) ?? new Map(),
        });
      }
      return result;
    } catch (error) {
      if (!lacksOperation(error, 'ReconcileKeys')) throw error;
      session.lacking.add('ReconcileKeys');
    }
  }
  for (const { object, scope } of toCompare) {
    checkCancelled(options.signal);
    result.set(object.name, { kind: 'listed', scope, server: await listServerKeys(session, object, scope, options) });
  }
  return result;
}

/** Siebel mode: GetChangeKeys page by page, with EstimateCount first for the progress bar. */
export async function listServerKeys(
  session: SyncSession,
  object: ObjectDefinition,
  scope: ObjectSyncScope,
  options: SyncOptions,
): Promise<ChangeKey[]> {
  const { transport } = session;
  const filter = scope.filter ? { filter: scope.filter } : {};
  const { count } = await transport.call('EstimateCount', { objectType: object.name, ...filter }, session.context);
  session.report('download', object.name, 0, count);
  const keys: ChangeKey[] = [];
  let pageToken: string | undefined;
  do {
    checkCancelled(options.signal);
    const page = await transport.call(
      'GetChangeKeys',
      { objectType: object.name, pageSize: session.pkg.sync.pageSize, ...filter, ...(pageToken ? { pageToken } : {}) },
      session.context,
    );
    keys.push(...page.keys);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return keys;
}

/** `load` run on the first call only; later calls share its answer. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
