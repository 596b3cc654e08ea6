import { listSpecOf, type LocalRecord, type LocalStore } from '../../store/index.js';
import type { PersonRole } from './mail-object-roles.js';
import { normalizeEmail, sameEmail } from './same-email.js';

/**
 * The contacts (the package's contact role) whose e-mail is `email`, ignoring case and
 * blanks; deleted ones left out, oldest local id first. The field's index answers exact
 * matches; when it finds none, the word index, which holds every searched address
 * folded from its first word, finds "Jordan.Avery@X.com" stored for "jordan.avery@x.com"
 * (most senders are no contact: a scan of 35,000 contacts per message opened was the
 * Email tab's cost). Only a field the lists do not search is scanned. A role without an
 * e-mail field finds no one.
 */
export async function findContactsByEmail(
  store: Pick<LocalStore, 'findByField' | 'listRecords' | 'matchRecordIds' | 'getRecords'>,
  role: Pick<PersonRole, 'object' | 'email'>,
  email: string,
): Promise<LocalRecord[]> {
  const field = role.email;
  const wanted = normalizeEmail(email);
  if (wanted === '' || field === null) return [];
  const type = role.object.name;
  const addressOf = (record: LocalRecord): string => {
    const value = record.fields[field];
    return typeof value === 'string' ? value : '';
  };
  const live = (records: readonly LocalRecord[]): LocalRecord[] =>
    records
      .filter((r) => r.state !== 'deleted' && sameEmail(addressOf(r), wanted))
      .sort((a, b) => (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0));
  const exact = live([
    ...(await store.findByField(type, field, email.trim())),
    ...(email.trim() === wanted ? [] : await store.findByField(type, field, wanted)),
  ]);
  if (exact.length > 0) return dedupe(exact);
  if (listSpecOf(role.object).searchFields.includes(field))
    return live(await store.getRecords(type, await store.matchRecordIds(type, wanted)));
  return live(await store.listRecords(type));
}

function dedupe(records: readonly LocalRecord[]): LocalRecord[] {
  return records.filter((r, i) => records.findIndex((o) => o.localId === r.localId) === i);
}
