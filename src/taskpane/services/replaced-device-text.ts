/** What a replaced device (its site revoked by an administrator) tells the rep, wherever it says it. */
import { formatCount } from '../format/display-format.js';

export const REPLACED_TITLE = 'This device was replaced by your administrator.';

/** Beside Edit, Delete, New and the mail actions once the device is replaced. */
export const REPLACED_EDIT_NOTE = 'This device was replaced by your administrator: records can no longer be changed here.';

export interface ReplacedDeviceText {
  readonly title: string;
  readonly next: string;
  /** Whether there is anything to export (the banner offers "Export my changes" only then). */
  readonly canExport: boolean;
}

function changes(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'change' : 'changes'}`;
}

/**
 * The shell's banner: since when (already formatted for the device), that nothing
 * syncs or changes any more, and what becomes of the changes it still holds —
 * `unsent` counts the outbox, unresolved issues and the archive (unsentChanges).
 */
export function replacedDeviceText(when: string, unsent: number): ReplacedDeviceText {
  const since = `Since ${when} it can no longer sync or change records.`;
  if (unsent <= 0)
    return { title: REPLACED_TITLE, next: `${since} Nothing is waiting to be sent: use your new device from now on.`, canExport: false };
  const holds = unsent === 1 ? 'It still holds 1 unsent change' : `It still holds ${changes(unsent)} that were not sent`;
  return {
    title: REPLACED_TITLE,
    next: `${since} ${holds}: export ${unsent === 1 ? 'it' : 'them'}, then import ${unsent === 1 ? 'it' : 'them'} on your new device (Issues → Archive → Import changes).`,
    canExport: true,
  };
}

/** After the banner's export downloaded the file. */
export function exportedChangesText(count: number, fileName: string): string {
  return `Exported ${changes(count)} to ${fileName}.`;
}

/** Next to the disabled "Sync now". */
export function replacedSyncNote(when: string): string {
  return `This device was replaced by your administrator on ${when}: it can no longer sync. Export its unsent changes from the message above.`;
}
