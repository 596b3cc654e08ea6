import type { LocalRecord, LocalStore } from '../../store/index.js';
import { normalizeEmail, sameEmail } from './same-email.js';

/**
 * The contacts whose E-mail is `email`, ignoring case and blanks; deleted ones
 * left out, oldest local id first. The Email index answers exact matches; when it
 * finds none, a scan catches "Jordan.Avery@X.com" stored for "jordan.avery@x.com".
 */
export async function findContactsByEmail(store: Pick<LocalStore, 'findByField' | 'listRecords'>, email: string): Promise<LocalRecord[]> {
  const wanted = normalizeEmail(email);
  if (wanted === '') return [];
  const live = (records: readonly LocalRecord[]): LocalRecord[] =>
    records
      .filter((r) => r.state !== 'deleted' && sameEmail(typeof r.fields['Email'] === 'string' ? r.fields['Email'] : '', wanted))
      .sort((a, b) => (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0));
  const exact = live([
    ...(await store.findByField('Contact', 'Email', email.trim())),
    ...(email.trim() === wanted ? [] : await store.findByField('Contact', 'Email', wanted)),
  ]);
  if (exact.length > 0) return dedupe(exact);
  return live(await store.listRecords('Contact'));
}

function dedupe(records: readonly LocalRecord[]): LocalRecord[] {
  return records.filter((r, i) => records.findIndex((o) => o.localId === r.localId) === i);
}
