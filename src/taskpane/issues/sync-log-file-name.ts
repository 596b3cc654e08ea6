/** The sync log's file name, dated by the device's calendar day like the archive's: fieldbook-sync-log-2026-11-30.txt. */
export function syncLogFileName(now: Date): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
  return `fieldbook-sync-log-${day}.txt`;
}
