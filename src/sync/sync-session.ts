import type { CustomizationPackage } from '../metadata/index.js';
import type { OperationName } from '../protocol/index.js';
import type { LocalStore } from '../store/index.js';
import { NO_COUNTS, type SyncCounts, type SyncStep } from './sync-status.js';
import type { CallContext, Transport } from './transport.js';

/** What the engine lends every step: its ports, its clock and ids, and its status. */
export interface EngineParts {
  readonly store: LocalStore;
  readonly transport: Transport;
  readonly deviceName: string;
  readonly productVersion: string;
  now(): number;
  newOperationId(): string;
  report(step: SyncStep, objectType: string | null, done: number, total: number, counts: SyncCounts): void;
}

/**
 * The state of one sync once the session and the package are settled: what the
 * data steps (sync-object.ts, upload-record.ts, cleanup-step.ts) share. One per
 * sync, never on the engine, so nothing of a failed sync leaks into the next.
 */
export interface SyncSession {
  readonly store: LocalStore;
  readonly transport: Transport;
  readonly context: CallContext;
  readonly pkg: CustomizationPackage;
  readonly userName: string;
  counts: SyncCounts;
  notice: string | null;
  /** ROW_IDs this session's inserts received: their keys are already local, not server inserts. */
  readonly insertedRowIds: Set<string>;
  /** Records this session uploaded: whether they are inside the filters is judged here, not by the keys fetched before. */
  readonly uploadedLocalIds: Set<string>;
  /** Operations the gateway answered "unknown" to in this sync (an older gateway): their fallbacks are used instead. */
  readonly lacking: Set<OperationName>;
  /** Per object type, the clean records outside the filters found by its data step; clean-up removes them or keeps them read-only. */
  readonly pendingRemovals: Map<string, Set<string>>;
  /**
   * What the streams of this sync wrote (stream-records.ts): per object type the row ids,
   * and per referenced object type the row ids referred to. When every type was streamed,
   * clean-up needs nothing more and reads no record back.
   */
  readonly streamed: { readonly rowIds: Map<string, Set<string>>; readonly references: Map<string, Set<string>> };
  now(): number;
  newOperationId(): string;
  /** Progress of a step, with this session's counts. */
  report(step: SyncStep, objectType: string | null, done: number, total: number): void;
}

export function newSyncSession(
  parts: EngineParts,
  start: { readonly context: CallContext; readonly pkg: CustomizationPackage; readonly userName: string; readonly notice: string | null },
): SyncSession {
  const session: SyncSession = {
    store: parts.store,
    transport: parts.transport,
    ...start,
    counts: NO_COUNTS,
    insertedRowIds: new Set(),
    uploadedLocalIds: new Set(),
    pendingRemovals: new Map(),
    lacking: new Set(),
    streamed: { rowIds: new Map(), references: new Map() },
    now: () => parts.now(),
    newOperationId: () => parts.newOperationId(),
    report: (step, objectType, done, total) => parts.report(step, objectType, done, total, session.counts),
  };
  return session;
}
