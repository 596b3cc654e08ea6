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
import type { RecordSort } from '../records/query-records.js';
import { recordCountText } from '../records/record-count-text.js';
import { RECORD_TAG_TEXT, recordTags } from '../records/record-tags.js';
import { summaryFields } from '../records/summary-fields.js';
import { createRecordDetailView } from './record-detail-view.js';
import { createRecordFormView, type RecordFormOptions } from './record-form-view.js';
import { errorBar, focusIfLost } from './records-shared.js';
import { createVirtualList } from './records-virtual-list.js';

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
/** Rows of a list's head read before the ids of the whole list: more than a tall pane shows. */
const HEAD_ROWS = 60;
/** The key of a row whose id is not read yet (the whole list's ids are on their way). */
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
  /** The ids of the whole type in the chosen order, kept until the store changes, so a search reads only the word index. */
  let ordered: { sort: RecordSort; ids: readonly string[] } | null = null;

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
    onMissing: (keys) => {
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

  const showEmpty = (shown: number, total: number) => {
    count.textContent = recordCountText(object, shown, total);
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
  /**
   * Reads the list: the ids in order through the list index (kept until the store
   * changes), the search's matches through the word index, then only the records of
   * the rows in view, before the list is drawn, so it changes without a flash.
   * `resetScroll`: a new search or order starts at the top.
   */
  const load = async (resetScroll: boolean, storeChanged = false) => {
    const seq = ++loadSeq;
    try {
      await session.listsReady();
      const sortNow = memory.sort;
      const searchNow = memory.search;
      if (!loaded && searchNow.trim() === '' && sortNow !== 'titleDesc' && memory.scrollTop === 0 && memory.activeKey === null) {
        // A list opened at its top is drawn from the head of its index and its count
        // first; the ids of the whole list follow for scrolling and search.
        const order = sortNow === 'recent' ? 'recent' : 'title';
        const [head, total, issues] = await Promise.all([
          session.store.listRecordIds(object.name, order, HEAD_ROWS),
          session.store.countRecords(object.name),
          session.store.listIssues(),
        ]);
        const records = await session.store.getRecords(object.name, list.keysInView(head));
        if (seq !== loadSeq) return;
        remember(records);
        issueIds = new Set(issues.map((issue) => issue.id));
        loaded = true;
        showEmpty(total, total);
        list.setItems(head.length >= total ? head : [...head, ...new Array<string>(total - head.length).fill(NOT_READ_YET)]);
      }
      if (storeChanged || ordered === null || ordered.sort !== sortNow) {
        const ids = await session.store.listRecordIds(object.name, sortNow === 'recent' ? 'recent' : 'title');
        ordered = { sort: sortNow, ids: sortNow === 'titleDesc' ? ids.reverse() : ids };
      }
      const all = ordered.ids;
      const matched = searchNow.trim() === '' ? null : new Set(await session.store.matchRecordIds(object.name, searchNow));
      const keys = matched === null ? all : all.filter((key) => matched.has(key));
      const issues = storeChanged || !loaded ? await session.store.listIssues() : null;
      if (resetScroll) list.setScrollTop(0);
      else if (!loaded) list.setScrollTop(memory.scrollTop);
      const inView = list.keysInView(keys);
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
      showEmpty(keys.length, all.length);
      list.setItems(keys);
      if (first) {
        // Back from a record: the same scroll position and row.
        list.setScrollTop(memory.scrollTop);
        if (memory.activeKey !== null) {
          list.setActiveKey(memory.activeKey);
          if (list.activeKey() !== null) focusIfLost(list.element);
        }
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
