import { type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { LocalRecord } from '../../store/index.js';

/** How a record list is ordered: by title A–Z, Z–A, or most recently changed first. */
export type RecordSort = 'titleAsc' | 'titleDesc' | 'recent';

export interface RecordQuery {
  /** Words that must all occur (case-insensitively) in the record's text or picklist fields. */
  readonly search?: string;
  readonly sort?: RecordSort;
  /** For the title order; defaults to the runtime's locale. */
  readonly locale?: string;
}

/** The words of a search, lower-cased; empty when nothing was typed. */
function searchTerms(search: string | undefined, locale: string | undefined): string[] {
  return (search ?? '')
    .toLocaleLowerCase(locale)
    .split(/\s+/)
    .filter((term) => term !== '');
}

/** When a record last changed, as epoch ms: the rep's own change or the server's DB_LAST_UPD, whichever is later. */
function changedTime(record: LocalRecord): number {
  const server = record.lastUpd === null ? Number.NaN : Date.parse(record.lastUpd);
  const local = record.changedAt ?? Number.NaN;
  if (Number.isNaN(server)) return Number.isNaN(local) ? Number.NEGATIVE_INFINITY : local;
  return Number.isNaN(local) ? server : Math.max(server, local);
}

/**
 * The records a list shows: deleted ones left out, those matching every search
 * word kept (each word may match a different field), in the chosen order. Ties
 * keep a stable order by id, so a list does not reshuffle between re-reads.
 */
export function queryRecords(records: readonly LocalRecord[], object: ObjectDefinition, query: RecordQuery = {}): LocalRecord[] {
  const terms = searchTerms(query.search, query.locale);
  const searchable = object.fields.filter((field) => field.type === 'text' || field.type === 'picklist').map((field) => field.name);
  const kept = records.filter((record) => {
    if (record.state === 'deleted') return false;
    if (terms.length === 0) return true;
    const haystack = searchable
      .map((name) => record.fields[name])
      .filter((value): value is string => typeof value === 'string')
      .join('\n')
      .toLocaleLowerCase(query.locale);
    return terms.every((term) => haystack.includes(term));
  });

  const collator = new Intl.Collator(query.locale, { sensitivity: 'base', numeric: true });
  // Ordered by the title field itself (contacts by last name), then by the whole title shown.
  const keys = new Map(
    kept.map((record) => {
      const title = recordTitle(record, object);
      const own = record.fields[object.titleField];
      return [record.localId, { own: typeof own === 'string' || typeof own === 'number' ? String(own).trim() || title : title, title }];
    }),
  );
  const byTitle = (a: LocalRecord, b: LocalRecord) => {
    const ka = keys.get(a.localId);
    const kb = keys.get(b.localId);
    return collator.compare(ka?.own ?? '', kb?.own ?? '') || collator.compare(ka?.title ?? '', kb?.title ?? '');
  };
  const byId = (a: LocalRecord, b: LocalRecord) => (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0);

  switch (query.sort ?? 'titleAsc') {
    case 'titleAsc':
      return kept.sort((a, b) => byTitle(a, b) || byId(a, b));
    case 'titleDesc':
      return kept.sort((a, b) => byTitle(b, a) || byId(a, b));
    case 'recent': {
      const times = new Map(kept.map((record) => [record.localId, changedTime(record)]));
      return kept.sort((a, b) => {
        const ta = times.get(a.localId) ?? Number.NEGATIVE_INFINITY;
        const tb = times.get(b.localId) ?? Number.NEGATIVE_INFINITY;
        if (ta !== tb) return tb > ta ? 1 : -1;
        return byTitle(a, b) || byId(a, b);
      });
    }
  }
}
