/** The export's file name, dated by the device's calendar day: fieldbook-archive-2026-11-22.json. */
export function archiveFileName(extension: 'json' | 'csv', now: Date): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
  return `fieldbook-archive-${day}.${extension}`;
}
