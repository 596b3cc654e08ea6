import { findUserKeyMatch, userKeyEntries, type ObjectDefinition, type UserKeyMatch } from '../metadata/index.js';
import type { FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore } from '../store/index.js';

/**
 * A record already on the device with the same user key as `fields` (Siebel:
 * "IBM Notes insert. Use the user key that is defined in the metadata"), so the pane
 * can say so when the rep saves a new record instead of the next sync meeting the
 * gateway's DUPLICATE_USER_KEY. Never `ownLocalId` (the record being saved) nor a
 * record being deleted (its key is on its way out).
 *
 * First the store's index on each key's first field (user-key fields are indexed,
 * table-specs.ts) is asked for the usual spellings of the value (as typed, spacing
 * collapsed, lower, upper and title case), and findUserKeyMatch compares the whole
 * key by the gateway's rule: a duplicate typed the way it is stored is found at once.
 * The index compares exactly and the gateway does not ("BEACON AS" clashes with
 * "Beacon AS"), so when the index finds none, a paged pass over the type
 * (forEachRecord, bounded memory) settles it. Saving a new record is one human
 * action; a pass over a few thousand records costs tens of milliseconds.
 */
export async function findDuplicateRecord(
  store: Pick<LocalStore, 'findByField' | 'forEachRecord'>,
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  ownLocalId: string | null,
): Promise<UserKeyMatch<LocalRecord> | null> {
  const entries = userKeyEntries(object, fields);
  if (entries.length === 0) return null;
  const counts = (record: LocalRecord) => record.localId !== ownLocalId && record.state !== 'deleted';
  const candidates = new Map<string, LocalRecord>();
  for (const entry of entries) {
    const first = entry.fields[0];
    if (first === undefined) continue;
    for (const value of spellings(fields[first] ?? null)) {
      for (const record of await store.findByField(object.name, first, value)) if (counts(record)) candidates.set(record.localId, record);
    }
  }
  const indexed = findUserKeyMatch(object, fields, [...candidates.values()]);
  if (indexed) return indexed;
  let scanned: UserKeyMatch<LocalRecord> | null = null;
  await store.forEachRecord(object.name, (record) => {
    if (!counts(record) || candidates.has(record.localId)) return;
    const match = findUserKeyMatch(object, fields, [record]);
    // Keep the match of the earliest key, as the index path does.
    if (match && (scanned === null || object.userKeys.indexOf(match.key) < object.userKeys.indexOf(scanned.key))) scanned = match;
  });
  return scanned;
}
/** The spellings of a key value worth an exact index lookup; a number or boolean is only itself. */
function spellings(value: FieldValue): FieldValue[] {
  if (typeof value !== 'string') return [value];
  const collapsed = value.trim().replace(/\s+/g, ' ');
  const lower = collapsed.toLocaleLowerCase();
  const title = lower.replace(/(^|[\s\-'’(])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toLocaleUpperCase());
  return [...new Set([value, collapsed, lower, collapsed.toLocaleUpperCase(), title])];
}
