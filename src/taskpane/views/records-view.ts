import { type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { LocalRecord } from '../../store/index.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { BackTarget, Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_EDIT_NOTE } from '../services/replaced-device-text.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { formatFieldValue } from '../records/format-field-value.js';
import { headOfMatches } from '../records/head-of-matches.js';
import { idPageSpan } from '../records/id-page-span.js';
import type { RecordSort } from '../records/query-records.js';
import { recordCountText } from '../records/record-count-text.js';
import { searchHead } from '../records/search-head.js';
import { displayFormat } from '../format/display-format.js';
import { RECORD_TAG_TEXT, recordTags } from '../records/record-tags.js';
import { summaryFields } from '../records/summary-fields.js';
import { createRecordDetailView } from './record-detail-view.js';
import { createRecordFormView, type RecordFormOptions } from './record-form-view.js';
import { errorBar, focusIfLost } from './records-shared.js';
import { createVirtualList, type RowRange } from './records-virtual-list.js';

export interface RecordsRoute {
  readonly objectType?: string;
  readonly localId?: string;
  /** With a localId: edit that record; without: a new record of objectType. */
  readonly create?: boolean;
  /** A new record's starting values, and where Back returns (navigation.ts). */
  readonly initial?: RecordFormOptions['initial'];
  readonly back?: BackTarget;
}

/** What the list remembers per object type while the pane is open, so "Back" returns to the same place. */
interface ListMemory {
  search: string;
  sort: RecordSort;
  scrollTop: number;
  activeKey: string | null;
}

const memories = new WeakMap<PaneSession, { objectType: string | null; lists: Map<string, ListMemory> }>();

function memoryOf(session: PaneSession) {
  let memory = memories.get(session);
  if (!memory) {
    memory = { objectType: null, lists: new Map() };
    memories.set(session, memory);
  }
  return memory;
}

function listMemory(session: PaneSession, objectType: string): ListMemory {
  const lists = memoryOf(session).lists;
  let memory = lists.get(objectType);
  if (!memory) {
    memory = { search: '', sort: 'titleAsc', scrollTop: 0, activeKey: null };
    lists.set(objectType, memory);
  }
  return memory;
}

/**
 * The Records tab: the list of one object type, or (by route) a record's detail,
 * or the form to create or edit one.
 */
export function createRecordsView(session: PaneSession, navigate: Navigate, route: RecordsRoute): View {
  const { initial, back } = route;
  if (route.objectType && route.create)
    return createRecordFormView(session, navigate, route.objectType, route.localId ?? null, {
      ...(initial ? { initial } : {}),
      ...(back ? { back } : {}),
    });
  if (route.objectType && route.localId) return createRecordDetailView(session, navigate, route.objectType, route.localId, back);
  return createRecordListView(session, navigate, route.objectType);
}

const ROW_HEIGHT_REM = 3.5;
const SEARCH_DELAY_MS = 150;
/** Records kept for rows: a few screens' worth, so scrolling back does not read again, and memory stays flat. */
const ROW_CACHE_MAX = 400;
/** Ids read at a time around the rows in view: a few screens' worth, so a little scrolling reads nothing. */
const ID_PAGE_ROWS = 100;
/** The key of a row whose id is not read yet (its page is read when it comes into view). */
const NOT_READ_YET = '';

function createRecordListView(session: PaneSession, navigate: Navigate, requestedType: string | undefined): View {
  const disposables = new Disposables();
  const body = h('div', { className: 'records-list-body' });
  const element = h('section', { className: 'records-view', 'aria-label': 'Records' }, body);
  let current: { dispose(): void } | null = null;

  const show = (objects: readonly ObjectDefinition[], objectType: string) => {
    current?.dispose();
    memoryOf(session).objectType = objectType;
    const object = objects.find((o) => o.name === objectType) ?? objects[0];
    if (!object) return;
    current = renderList(session, navigate, body, objects, object, (next) => show(objects, next));
  };

  void (async () => {
    try {
      const pkg = await session.requirePackage();
      if (pkg.objects.length === 0) {
        replaceChildren(
          body,
          messageBar('info', 'Your configuration has no record types.', 'Ask your administrator to publish a package with objects.'),
        );
        return;
      }
      const remembered = memoryOf(session).objectType;
      const known = (name: string | null | undefined) => (name ? pkg.objects.find((o) => o.name === name)?.name : undefined);
      const objectType = known(requestedType) ?? known(remembered) ?? pkg.objects[0]?.name ?? '';
      show(pkg.objects, objectType);
    } catch (error) {
      replaceChildren(body, errorBar(error, 'The records cannot be shown.'));
    }
  })();

  disposables.add(() => current?.dispose());
  return { element, dispose: () => disposables.dispose() };
}

/** Renders the list of `object` into `host`; returns what to stop when the list goes. */
function renderList(
  session: PaneSession,
  navigate: Navigate,
  host: HTMLElement,
  objects: readonly ObjectDefinition[],
  object: ObjectDefinition,
  switchTo: (objectType: string) => void,
): { dispose(): void } {
  const disposables = new Disposables();
  const memory = listMemory(session, object.name);
  const label = object.label ?? object.name;
  const titleField = object.fields.find((f) => f.name === object.titleField);
  const titleLabel = titleField?.label ?? object.titleField;
  const secondary = summaryFields(object);
  let issueIds = new Set<string>();
  let loaded = false;
  /** The records read for rows, newest last; a window's worth and a little more, never the whole type. */
  const cache = new Map<string, LocalRecord>();
  /** Keys read and not found (deleted meanwhile): the change that removed them reloads the list. */
  const gone = new Set<string>();
  const reading = new Set<string>();
  /**
   * The keys the list shows, NOT_READ_YET where an id is not read yet, and how the
   * missing ones are read (`filling`): without a search, one key per record of the
   * type in the chosen order, read a page at a time; with one, the matches, of which
   * the head is read first and the rest in the list's order when scrolled to.
   */
  let items: string[] = [];
  let filling: { sort: RecordSort; matched: ReadonlySet<string> | null } | null = null;
  /** The number of records of the type, kept until the store changes (a search's "of 35,000"). */
  let listTotal: number | null = null;
  /** The ids of the whole type in the chosen order, read when a searched list is scrolled past its head; kept until the store changes. */
  let ordered: { sort: RecordSort; ids: Promise<readonly string[]> } | null = null;
  const orderedIds = (sort: RecordSort): Promise<readonly string[]> => {
    if (ordered === null || ordered.sort !== sort) {
      const ids = session.store
        .listRecordIds(object.name, sort === 'recent' ? 'recent' : 'title')
        .then((read) => (sort === 'titleDesc' ? read.reverse() : read));
      const kept = { sort, ids };
      ordered = kept;
      ids.catch(() => {
        if (ordered === kept) ordered = null;
      });
    }
    return ordered.ids;
  };

  const typeId = uniqueId('records-type');
  const typeSelect = h(
    'select',
    {
      id: typeId,
      onchange: () => {
        memory.scrollTop = list.scrollTop();
        memory.activeKey = list.activeKey();
        switchTo(typeSelect.value);
        focusIfLost(host.querySelector<HTMLSelectElement>('select') ?? host);
      },
    },
    objects.map((o) => h('option', { value: o.name, selected: o.name === object.name }, o.label ?? o.name)),
  );

  const search = h('input', {
    type: 'search',
    value: memory.search,
    placeholder: `Search ${label.toLocaleLowerCase()}`,
    'aria-label': `Search ${label}`,
    autocomplete: 'off',
  });
  let searchTimer: ReturnType<typeof setTimeout> | null = null;
  search.addEventListener('input', () => {
    if (searchTimer !== null) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      searchTimer = null;
      if (memory.search === search.value) return;
      memory.search = search.value;
      void load(true);
    }, SEARCH_DELAY_MS);
  });
  disposables.add(() => {
    if (searchTimer !== null) clearTimeout(searchTimer);
  });

  const sortId = uniqueId('records-sort');
  const sortOptions: [RecordSort, string][] = [
    ['titleAsc', `${titleLabel} A–Z`],
    ['titleDesc', `${titleLabel} Z–A`],
    ['recent', 'Recently changed'],
  ];
  const sort = h(
    'select',
    {
      id: sortId,
      onchange: () => {
        memory.sort = sort.value as RecordSort;
        void load(true);
      },
    },
    sortOptions.map(([value, text]) => h('option', { value, selected: value === memory.sort }, text)),
  );

  const newButton = h(
    'button',
    { type: 'button', className: 'primary', onclick: () => navigate({ tab: 'records', objectType: object.name, create: true }) },
    `New ${object.name}`,
  );
  // On a replaced device nothing new can be entered: the button stays, disabled, and the note says why.
  const replacedNoteId = uniqueId('records-replaced');
  const replacedNote = h('p', { id: replacedNoteId, className: 'muted', hidden: true }, REPLACED_EDIT_NOTE);
  disposables.add(
    deviceRevoked$(session).subscribe((at) => {
      newButton.disabled = at !== null;
      replacedNote.hidden = at === null;
      if (at !== null) newButton.setAttribute('aria-describedby', replacedNoteId);
      else newButton.removeAttribute('aria-describedby');
    }),
  );
  const count = h('p', { className: 'records-count muted', role: 'status' }, 'Loading…');
  const empty = h('div', { className: 'records-empty' });

  const remember = (records: readonly LocalRecord[]) => {
    for (const record of records) {
      cache.delete(record.localId);
      cache.set(record.localId, record);
    }
    for (const key of cache.keys()) {
      if (cache.size <= ROW_CACHE_MAX) break;
      cache.delete(key);
    }
  };

  const list = createVirtualList({
    label,
    rowHeightRem: ROW_HEIGHT_REM,
    onOpen: (key) => {
      if (key === NOT_READ_YET) return;
      memory.scrollTop = list.scrollTop();
      memory.activeKey = key;
      navigate({ tab: 'records', objectType: object.name, localId: key });
    },
    renderRow: (key) => {
      if (key === NOT_READ_YET) return null;
      const record = cache.get(key);
      if (record === undefined) {
        if (!gone.has(key)) return null;
        return [h('div', { className: 'primary-line' }, h('span', { className: 'row-title muted' }, 'No longer on this device'))];
      }
      const tags = recordTags(record, issueIds.has(`${record.objectType}/${record.localId}`));
      const details = secondary.map((field) => formatFieldValue(field, record.fields[field.name])).filter((text) => text !== '');
      return [
        h(
          'div',
          { className: 'primary-line' },
          h('span', { className: 'row-title' }, recordTitle(record, object)),
          tags.map((tag) => h('span', { className: `tag ${tag}` }, RECORD_TAG_TEXT[tag])),
        ),
        h('div', { className: 'secondary-line' }, details.length > 0 ? details.join(' · ') : '\u00a0'),
      ];
    },
    onMissing: (keys, range) => {
      if (keys.includes(NOT_READ_YET)) readIdsOf(range);
      const wanted = keys.filter((key) => key !== NOT_READ_YET && !reading.has(key));
      if (wanted.length === 0) return;
      for (const key of wanted) reading.add(key);
      const seq = loadSeq;
      void session.store.getRecords(object.name, wanted).then(
        (records) => {
          for (const key of wanted) reading.delete(key);
          if (seq !== loadSeq) return;
          remember(records);
          const found = new Set(records.map((record) => record.localId));
          for (const key of wanted) if (!found.has(key)) gone.add(key);
          list.refresh();
        },
        () => {
          for (const key of wanted) reading.delete(key);
        },
      );
    },
  });
  disposables.add(() => list.dispose());

  const showEmpty = (shown: number, total: number, estimated = false) => {
    count.textContent = recordCountText(object, shown, total, displayFormat(), estimated);
    list.element.hidden = shown === 0;
    replaceChildren(
      empty,
      shown > 0
        ? null
        : total === 0
          ? messageBar('info', `No ${label.toLocaleLowerCase()} on this device.`, `Sync to download them, or choose "New ${object.name}".`)
          : messageBar(
              'info',
              `No ${label.toLocaleLowerCase()} match “${memory.search.trim()}”.`,
              'Check the spelling or search for fewer words.',
            ),
    );
  };

  let loadSeq = 0;

  /** Fills `target` (the list's keys without a search, in `sort` order) with the ids of rows `first` to `last`. */
  const readIdPage = async (target: string[], sort: RecordSort, first: number, last: number): Promise<void> => {
    const span = idPageSpan(sort, target.length, first, last, ID_PAGE_ROWS);
    if (span === null) return;
    const ids = await session.store.listRecordIds(object.name, span.order, span.page);
    // Fewer ids than rows: the type changed since it was counted, and that change reloads the list.
    if (ids.length !== span.to - span.from) return;
    if (span.reversed) ids.reverse();
    for (const [i, id] of ids.entries()) target[span.from + i] = id;
  };

  /**
   * The rows of a search whose every match is known: its head (`known`, the first
   * matches in order, when still true, else read again) and the rest filled when scrolled to.
   */
  const matchedRows = async (
    matches: readonly string[],
    sort: RecordSort,
    total: number,
    top: number,
    known: readonly string[] = [],
  ): Promise<{ next: string[]; how: typeof filling }> => {
    const matched = new Set(matches);
    const head =
      known.length > 0 && known.length <= matches.length && known.every((key) => matched.has(key))
        ? known
        : await headOfMatches(session.store, object.name, matches, sort, total, list.rangeAt(matches.length, top).last + 1);
    if (head.length === matches.length) return { next: [...head], how: null };
    const next = new Array<string>(matches.length).fill(NOT_READ_YET);
    for (const [i, key] of head.entries()) next[i] = key;
    return { next, how: { sort, matched } };
  };

  /** After an estimated first answer (searchHead): every match, then the exact count and the rows past the head. */
  const allMatches = async (seq: number, search: string, sort: RecordSort, total: number): Promise<void> => {
    try {
      const matches = await session.store.matchRecordIds(object.name, search);
      if (seq !== loadSeq) return;
      const end = items.indexOf(NOT_READ_YET);
      const top = list.scrollTop();
      const { next, how } = await matchedRows(matches, sort, total, top, end === -1 ? items : items.slice(0, end));
      if (seq !== loadSeq) return;
      items = next;
      filling = how;
      showEmpty(next.length, total);
      list.setItems(next, top);
    } catch (error) {
      if (seq !== loadSeq) return;
      replaceChildren(empty, errorBar(error, `The ${label.toLocaleLowerCase()} cannot be read.`));
    }
  };

  /**
   * Rows came into view whose ids are not read yet: read their page, one read at a
   * time, and then the page where the list is by then (scrolling fast skips the
   * pages flown over).
   */
  let idsWanted: RowRange | null = null;
  let idsReading = false;
  const readIdsOf = (range: RowRange) => {
    idsWanted = range;
    if (idsReading) return;
    idsReading = true;
    void (async () => {
      try {
        while (idsWanted !== null) {
          const { first, last } = idsWanted;
          idsWanted = null;
          const target = items;
          const how = filling;
          const seq = loadSeq;
          if (how === null || !target.slice(first, last + 1).includes(NOT_READ_YET)) continue;
          if (how.matched === null) await readIdPage(target, how.sort, first, last);
          else {
            // Past a search's head: every match in the list's order, once.
            const all = await orderedIds(how.sort);
            const keys = all.filter((key) => how.matched?.has(key));
            if (keys.length === target.length) for (const [i, key] of keys.entries()) target[i] = key;
            if (filling === how) filling = { sort: how.sort, matched: null };
          }
          // The rows now know their keys: drawing them asks for their records (onMissing).
          if (seq === loadSeq && target === items) list.refresh();
        }
      } catch {
        // The rows stay "Loading…"; the next scroll or change asks again.
        idsWanted = null;
      } finally {
        idsReading = false;
      }
    })();
  };

  /**
   * Reads the list and draws it. Without a search: the count and the page of ids at
   * the scroll position through the list index, never the ids of the whole list, so
   * opening it costs the same at 1,000 and 100,000 records. With one: the matches
   * from the word index in the order of the list. Then only the records of the rows
   * in view, before the list is drawn, so it changes without a flash.
   * `resetScroll`: a new search or order starts at the top.
   */
  const load = async (resetScroll: boolean, storeChanged = false) => {
    const seq = ++loadSeq;
    try {
      await session.listsReady();
      const sortNow = memory.sort;
      const searchNow = memory.search;
      if (storeChanged) {
        ordered = null;
        listTotal = null;
      }
      const issuesRead = storeChanged || !loaded ? session.store.listIssues() : null;
      const top = resetScroll ? 0 : loaded ? list.scrollTop() : memory.scrollTop;
      let next: string[];
      let total: number;
      let how: typeof filling;
      let estimated = false;
      if (searchNow.trim() === '') {
        total = await session.store.countRecords(object.name);
        listTotal = total;
        next = new Array<string>(total).fill(NOT_READ_YET);
        const range = list.rangeAt(total, top);
        await readIdPage(next, sortNow, range.first, range.last);
        how = { sort: sortNow, matched: null };
      } else {
        total = listTotal ?? (await session.store.countRecords(object.name));
        listTotal = total;
        const quick = await searchHead(session.store, object.name, searchNow, sortNow, total, list.rangeAt(total, top).last + 1);
        if (quick !== null) {
          next = [...quick.head];
          while (next.length < quick.total) next.push(NOT_READ_YET);
          // Estimated: the rows past the head wait for every match (allMatches, once this is drawn).
          how = null;
          estimated = !quick.exact;
        } else {
          const matches = await session.store.matchRecordIds(object.name, searchNow);
          ({ next, how } = await matchedRows(matches, sortNow, total, top));
        }
      }
      const issues = issuesRead === null ? null : await issuesRead;
      const range = list.rangeAt(next.length, top);
      const inView = next.slice(range.first, range.last + 1).filter((key) => key !== NOT_READ_YET);
      const records = await session.store.getRecords(object.name, inView);
      if (seq !== loadSeq) return;
      if (storeChanged) {
        cache.clear();
        gone.clear();
      }
      remember(records);
      if (issues !== null) issueIds = new Set(issues.map((issue) => issue.id));
      const first = !loaded;
      loaded = true;
      items = next;
      filling = how;
      showEmpty(next.length, total, estimated);
      list.setItems(next, top);
      if (estimated) void allMatches(seq, searchNow, sortNow, total);
      if (first && memory.activeKey !== null) {
        // Back from a record: the same scroll position and row.
        list.setActiveKey(memory.activeKey);
        if (list.activeKey() !== null) focusIfLost(list.element);
      }
    } catch (error) {
      if (seq !== loadSeq) return;
      count.textContent = '';
      replaceChildren(empty, errorBar(error, `The ${label.toLocaleLowerCase()} cannot be read.`));
    }
  };
  disposables.add(session.changes$.subscribe(() => void load(false, true)));
  disposables.add(() => {
    loadSeq += 1;
    memory.scrollTop = list.scrollTop();
    memory.activeKey = list.activeKey();
  });

  replaceChildren(
    host,
    h(
      'div',
      { className: 'records-toolbar' },
      h('div', { className: 'toolbar' }, h('label', { for: typeId, className: 'visually-hidden' }, 'Record type'), typeSelect, newButton),
      replacedNote,
      h('div', { className: 'toolbar' }, search),
      h('div', { className: 'toolbar records-sort' }, h('label', { for: sortId, className: 'records-sort-label' }, 'Sort by'), sort),
    ),
    count,
    empty,
    list.element,
  );

  return { dispose: () => disposables.dispose() };
}
