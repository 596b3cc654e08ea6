import type { SyncLogEntry } from '../store/index.js';
import { formatSyncLogEntry } from './format-sync-log-entry.js';
import { redactLogText } from './redact-log-text.js';

/** Who the log is of, for the file's header. */
export interface SyncLogAbout {
  readonly userName: string;
  readonly gatewayUrl: string;
  readonly productVersion: string;
  readonly writtenAt: number;
}

const COLUMNS = ['time', 'sync', 'step', 'object type', 'duration', 'counts', 'code', 'message', 'details'];

/** The downloadable sync log: a short header, the column names, then one line per entry, oldest first. Pure. */
export function syncLogFile(entries: readonly SyncLogEntry[], about: SyncLogAbout): string {
  return [
    '# Fieldbook sync log',
    `# ${redactLogText(about.userName)} at ${redactLogText(about.gatewayUrl)}, Fieldbook ${redactLogText(about.productVersion)}`,
    `# Written ${new Date(about.writtenAt).toISOString()}; ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, oldest first.`,
    '# Steps, counts, errors and timings only: no record contents, passwords or session tokens.',
    COLUMNS.join('\t'),
    ...entries.map(formatSyncLogEntry),
    '',
  ].join('\n');
}
