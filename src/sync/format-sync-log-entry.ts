import type { SyncLogEntry } from '../store/index.js';
import { redactLogText } from './redact-log-text.js';

/**
 * One entry as a line of the downloaded log, tab-separated so support can sort and
 * filter it: UTC time, the sync (by its start), step, object type, duration, counts,
 * error code, message, details. Every text passes the redaction again, so an entry
 * stored by an older version, or written by hand, cannot leak through the file. Pure.
 */
export function formatSyncLogEntry(entry: SyncLogEntry): string {
  const counts = Object.entries(entry.counts)
    .map(([name, n]) => `${safe(name)}=${n}`)
    .join(' ');
  const details = Object.entries(entry.details)
    .map(([name, value]) => `${safe(name)}=${typeof value === 'string' ? redactLogText(value) : String(value)}`)
    .join(' ');
  return [
    isoTime(entry.at),
    `sync ${isoTime(entry.syncStartedAt)}`,
    safe(entry.step),
    entry.objectType === null ? '-' : safe(entry.objectType),
    entry.durationMs === null ? '-' : `${entry.durationMs} ms`,
    counts || '-',
    entry.code === null ? '-' : safe(entry.code),
    entry.message === null ? '-' : redactLogText(entry.message),
    details || '-',
  ]
    .map((column) => column.replace(/[\t\r\n]+/g, ' '))
    .join('\t');
}

function isoTime(at: number): string {
  return Number.isFinite(at) ? new Date(at).toISOString() : '-';
}

/** Names (steps, object types, count names) are short identifiers; anything else is redacted like a message. */
function safe(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : redactLogText(name);
}
