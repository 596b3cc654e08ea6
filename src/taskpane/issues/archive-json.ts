import type { ArchiveEntry } from '../../store/index.js';

/** The archive as pretty-printed JSON: the entries as stored, archivedAt as ISO 8601 UTC. */
export function archiveJson(entries: readonly ArchiveEntry[]): string {
  const rows = entries.map((entry) => ({ ...entry, archivedAt: new Date(entry.archivedAt).toISOString() }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
