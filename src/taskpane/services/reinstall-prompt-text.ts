import type { PackageDecision } from '../../metadata/index.js';
import { formatCount } from '../format/display-format.js';

/** The reinstall prompt's words: what "Reinstall now" does, to the records and to the changes not sent yet. */
export interface ReinstallPrompt {
  readonly title: string;
  readonly body: readonly string[];
  readonly confirm: string;
  readonly cancel: string;
}

const REINSTALLS = 'removes the records on this device, installs the new data structure and downloads your records again';
const LATER = 'Later keeps the current configuration for now; Fieldbook asks again at the next sync.';

function changes(count: number): string {
  return `${formatCount(count)} change${count === 1 ? '' : 's'}`;
}

/**
 * "The Customization Package Changed": the structure differs, so the local data is
 * reinstalled once the rep agrees. The prompt names what becomes of `unsent`
 * changes (the outbox): sent first when the server still accepts them
 * (uploadThenReinstall), kept in the archive when it does not (reinstallWithArchive).
 */
export function reinstallPromptText(
  action: Extract<PackageDecision['action'], 'uploadThenReinstall' | 'reinstallWithArchive'>,
  unsent: number,
): ReinstallPrompt {
  const whatHappens =
    unsent === 0
      ? `Reinstall now ${REINSTALLS}. You have no changes waiting to be sent, so nothing of yours is lost.`
      : action === 'uploadThenReinstall'
        ? `Reinstall now first sends your ${changes(unsent)} not yet synced, then ${REINSTALLS}.`
        : `Your ${changes(unsent)} not yet synced cannot be sent with the new configuration: Reinstall now keeps ${unsent === 1 ? 'it' : 'them'} in the archive (Issues → Archive), where you can view and export ${unsent === 1 ? 'it' : 'them'}, then ${REINSTALLS}.`;
  return {
    title: 'New configuration',
    body: ['Your company has published a new Fieldbook configuration with a different data structure.', whatHappens, LATER],
    confirm: 'Reinstall now',
    cancel: 'Later',
  };
}
