import { recordTitle, type ObjectDefinition, type TitleSource } from '../metadata/index.js';
import type { FieldValue } from '../protocol/index.js';
import { foldText } from './fold-text.js';
import type { LocalRecord } from './local-record.js';

/**
 * What the store needs of an object type to list and search its records through
 * indexes: the title field and the fields a search looks in (text and picklist,
 * bulk bodies excluded). Kept in the meta table, so every write computes the same keys.
 */
export interface ListSpec extends TitleSource {
  /** The fields whose words a search finds, in the package's order. */
  readonly searchFields: readonly string[];
}

/**
 * The keys a record is listed by, stored with it (`listing`) and indexed:
 * - `sort`: its folded title field, then its whole folded title, digit runs padded
 *   so "Unit 9" comes before "Unit 10";
 * - `changed`: when it last changed (the rep's edit or DB_LAST_UPD, epoch ms; 0 unknown);
 * - `words`: for every word of a searchable field, the folded text from that word to
 *   the next space (so "lovelace@ex" finds ada.lovelace@example.com; a search term
 *   never holds a space, so what follows one is never compared), multi-entry;
 *   none that another entry starts with, since that one is found by the same terms,
 *   and none inside an e-mail domain after its start ("example.com", not "com").
 * A deleted record has none: it is in no list index at all.
 */
export interface RecordListing {
  readonly sort: string;
  readonly changed: number;
  readonly words: readonly string[];
}

/** Longest stored word entry and search term: a prefix this long is specific enough. */
export const LISTING_WORD_MAX = 48;
/** Most word entries per record, so one long text field cannot grow the index without bound. */
const LISTING_WORDS_MAX = 96;
const SORT_KEY_MAX = 160;
const DIGIT_PAD = 16;
const WORD_START = /[\p{L}\p{N}]+/gu;

function textOf(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A folded text whose digit runs compare as numbers ("9" before "10"), cut to a bounded key. */
function sortKey(folded: string): string {
  return folded
    .replace(/\d+/g, (digits) => {
      const trimmed = digits.replace(/^0+(?=\d)/, '');
      return trimmed.length >= DIGIT_PAD ? trimmed : trimmed.padStart(DIGIT_PAD, '0');
    })
    .slice(0, SORT_KEY_MAX);
}

/** When the record last changed, as epoch ms: the later of the rep's edit and DB_LAST_UPD. */
function changedTime(record: Pick<LocalRecord, 'lastUpd' | 'changedAt'>): number {
  const server = record.lastUpd === null ? Number.NaN : Date.parse(record.lastUpd);
  const local = record.changedAt ?? Number.NaN;
  const times = [server, local].filter((t) => Number.isFinite(t));
  return times.length === 0 ? 0 : Math.max(...times);
}

/**
 * Whether `index` starts a word inside an e-mail address's domain after its first
 * ("com" and "analytics.de" in hill@borealis-analytics.de, not "borealis-analytics.de"):
 * such a piece matches every address of a country or a hyphenated name, and cost a
 * contact two index rows of its five.
 */
function insideDomain(folded: string, index: number): boolean {
  const at = folded.lastIndexOf('@', index);
  return at !== -1 && index > at + 1 && !folded.slice(at, index).includes(' ');
}

/**
 * The search entries of one folded field value: the text from each word's start to the
 * next space. Entries to the field's end would match the same terms and made the index
 * bytes of an activity's subject 108 characters a record instead of ≈ 40.
 */
function wordEntries(folded: string, into: Set<string>): void {
  for (const match of folded.matchAll(WORD_START)) {
    if (into.size >= LISTING_WORDS_MAX) return;
    if (insideDomain(folded, match.index)) continue;
    const space = folded.indexOf(' ', match.index);
    into.add(folded.slice(match.index, Math.min(space === -1 ? folded.length : space, match.index + LISTING_WORD_MAX)));
  }
}

/** The listing keys of `record` under `spec`; null for a deleted record. */
export function recordListing(record: LocalRecord, spec: ListSpec): RecordListing | null {
  if (record.state === 'deleted') return null;
  const title = recordTitle(record, spec);
  const own = textOf(record.fields[spec.titleField]) ?? title;
  // Each text folded once: the title field is usually the title too, and searched as well.
  const folded = new Map<string, string>();
  const fold = (text: string): string => {
    let done = folded.get(text);
    if (done === undefined) {
      done = foldText(text);
      folded.set(text, done);
    }
    return done;
  };
  const words = new Set<string>();
  for (const field of spec.searchFields) {
    const value = textOf(record.fields[field]);
    if (value !== null) wordEntries(fold(value), words);
  }
  return { sort: `${sortKey(fold(own))}\u0001${sortKey(fold(title))}`, changed: changedTime(record), words: withoutPrefixes(words) };
}

/**
 * The entries no other entry starts with: a term that finds "lovelace" finds
 * "lovelace@example.com" as well, so the shorter one is an index row IndexedDB would
 * write for nothing. Sorted, an entry that starts another is followed by one it starts.
 */
function withoutPrefixes(entries: ReadonlySet<string>): string[] {
  const sorted = [...entries].sort();
  return sorted.filter((entry, i) => !(sorted[i + 1]?.startsWith(entry) ?? false));
}

/**
 * The terms of a search box's text: folded, split at white space, each starting at
 * its first letter or digit ("@example" looks for "example") and cut to the stored
 * entry length. Empty when nothing searchable was typed.
 */
export function searchTerms(search: string): string[] {
  const terms = new Set<string>();
  for (const part of foldText(search).split(' ')) {
    const start = part.search(/[\p{L}\p{N}]/u);
    if (start !== -1) terms.add(part.slice(start, start + LISTING_WORD_MAX));
  }
  return [...terms];
}

/** Whether a record with `listing` matches every term (the index answers the same; this is its definition). */
export function listingMatches(listing: RecordListing, terms: readonly string[]): boolean {
  return terms.every((term) => listing.words.some((word) => word.startsWith(term)));
}

/** Fields a search looks in besides the title field: names and addresses (a search for "lovelace" or "@example"). */
const SEARCHED_NAME = /(^|[a-z])(name|email|subject)$/i;

/**
 * The list spec of an object type: its title field, the text fields a title may fall
 * back to, and the fields a search finds words in: the title field and the name,
 * e-mail and subject fields (not job titles, phone numbers or notes). Every entry is
 * an index row IndexedDB writes with the record, so the first sync of 100,000 records
 * pays for each one.
 */
export function listSpecOf(object: ObjectDefinition): ListSpec {
  const texts = object.fields.filter((field) => field.type === 'text' && !field.bulk);
  return {
    titleField: object.titleField,
    fields: texts.map((field) => ({ name: field.name, type: field.type })),
    searchFields: texts.filter((field) => field.name === object.titleField || SEARCHED_NAME.test(field.name)).map((field) => field.name),
  };
}

/** Whether two specs list records alike (the meta copy against the package's). */
export function sameListSpec(a: ListSpec | undefined, b: ListSpec | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
