import type { CustomizationPackage } from '../../src/metadata/index.js';
import type { LocalStore } from '../../src/store/index.js';
import type { SyncStep, Transport } from '../../src/sync/index.js';
import { newSyncSession, type SyncSession } from '../../src/sync/sync-session.js';

/** A sync session for testing one engine step against a store and a scripted gateway, with a fixed clock and numbered operation ids. */
export function testSession(
  store: LocalStore,
  transport: Transport,
  pkg: CustomizationPackage,
  options: {
    newOperationId?: () => string;
    report?: (step: SyncStep, objectType: string | null, done: number, total: number) => void;
  } = {},
): SyncSession {
  let seq = 0;
  return newSyncSession(
    {
      store,
      transport,
      deviceName: 'laptop',
      productVersion: '1.0.0.0',
      now: () => 1_700_000_000_000,
      newOperationId: options.newOperationId ?? (() => `op-${String(++seq).padStart(4, '0')}`),
      report: options.report ?? (() => undefined),
    },
    { context: {}, pkg, userName: 'alice', notice: null },
  );
}
