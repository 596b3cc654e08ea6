import { FILTER_CHOICE_LIMITS } from '../protocol/index.js';
import { filterChoiceOf } from './filter-choice-of.js';
import { lacksOperation } from './lacks-operation.js';
import type { SyncSession } from './sync-session.js';
import { unsentChanges } from './unsent-changes.js';

/**
 * The last request of a sync (ReportDevice): what this device still holds unsent after
 * it, for the admin who may replace it (SAP step 1: the rep "has to transfer data from
 * his outbound queue to the CRM server" first: the admin sees whether that happened),
 * and the rep's filter choice, which a replacement's extract uses.
 *
 * The sync's data work is done and stored by then, so a refused or lost report does
 * not fail the sync: the next sync reports again. A gateway without the operation is
 * remembered for the session and not asked.
 */
export async function reportDevice(session: SyncSession): Promise<void> {
  if (session.lacking.has('ReportDevice')) return;
  const { store } = session;
  const [settings, unsent] = await Promise.all([store.getSettings(), unsentChanges(store, session.now(), { outbox: '', issue: () => '' })]);
  const choice = filterChoiceOf(settings);
  // Within the contract's bound (the gateway refuses more); the first saved sets are kept.
  const filters = { ...choice, personalPresets: choice.personalPresets.slice(0, FILTER_CHOICE_LIMITS.maxPersonalPresets) };
  try {
    await session.transport.call(
      'ReportDevice',
      { unsentChanges: Math.min(unsent.length, FILTER_CHOICE_LIMITS.maxUnsentChanges), filters },
      session.context,
    );
  } catch (error) {
    if (lacksOperation(error, 'ReportDevice')) session.lacking.add('ReportDevice');
    // Anything else: the sync itself succeeded; the next one reports again.
  }
}
