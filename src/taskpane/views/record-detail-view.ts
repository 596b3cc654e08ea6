import { type FieldDefinition, type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { LocalRecord, LocalStore, SyncIssue } from '../../store/index.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_EDIT_NOTE } from '../services/replaced-device-text.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { h, replaceChildren, uniqueId, type Child } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { formatFieldValue } from '../records/format-field-value.js';
import { queryRecords } from '../records/query-records.js';
import { errorBar, focusIfLost } from './records-shared.js';

/** Related records shown per group before "Show all". */
const RELATED_SHOWN = 10;

interface RelatedGroup {
  readonly key: string;
  readonly object: ObjectDefinition;
  readonly field: FieldDefinition;
  /** Whether `object` has several fields pointing at this type (the heading then names the field). */
  readonly ambiguous: boolean;
  readonly records: LocalRecord[];
}

interface DetailData {
  readonly objects: readonly ObjectDefinition[];
  readonly object: ObjectDefinition;
  readonly record: LocalRecord | undefined;
  readonly issue: SyncIssue | undefined;
  /** Per reference field name, the record it points at (undefined: not on this device). */
  readonly references: ReadonlyMap<string, LocalRecord | undefined>;
  readonly related: readonly RelatedGroup[];
}

/** A reference holds the ROW_ID, or the L- id of a record not uploaded yet: try both. */
async function findReferenced(store: LocalStore, objectType: string, id: string): Promise<LocalRecord | undefined> {
  const found = (await store.getRecordByRowId(objectType, id)) ?? (await store.getRecord(objectType, id));
  return found && found.state !== 'deleted' ? found : undefined;
}

async function findRelated(store: LocalStore, objects: readonly ObjectDefinition[], record: LocalRecord): Promise<RelatedGroup[]> {
  const ids = [...new Set([record.rowId, record.localId].filter((id): id is string => id !== null))];
  const groups: RelatedGroup[] = [];
  for (const object of objects) {
    const fields = object.fields.filter((f) => f.type === 'reference' && f.references === record.objectType);
    for (const field of fields) {
      const byId = new Map<string, LocalRecord>();
      for (const id of ids) {
        try {
          for (const found of await store.findByField(object.name, field.name, id)) byId.set(found.localId, found);
        } catch {
          // An object type without a table on this device (switched off): nothing related there.
        }
      }
      if (object.name === record.objectType) byId.delete(record.localId);
      const records = queryRecords([...byId.values()], object, { sort: 'titleAsc' });
      if (records.length > 0) groups.push({ key: `${object.name}.${field.name}`, object, field, ambiguous: fields.length > 1, records });
    }
  }
  return groups;
}

async function loadDetail(session: PaneSession, objectType: string, localId: string): Promise<DetailData> {
  const pkg = await session.requirePackage();
  const object = pkg.objects.find((o) => o.name === objectType);
  if (!object) throw new Error(`This configuration has no record type "${objectType}".`);
  const stored = await session.store.getRecord(objectType, localId);
  const record = stored && stored.state !== 'deleted' ? stored : undefined;
  const references = new Map<string, LocalRecord | undefined>();
  let issue: SyncIssue | undefined;
  let related: RelatedGroup[] = [];
  if (record) {
    for (const field of object.fields) {
      const value = record.fields[field.name];
      if (field.type !== 'reference' || !field.references || typeof value !== 'string') continue;
      references.set(field.name, await findReferenced(session.store, field.references, value));
    }
    issue = (await session.store.listIssues()).find((i) => i.id === `${objectType}/${localId}`);
    related = await findRelated(session.store, pkg.objects, record);
  }
  return { objects: pkg.objects, object, record, issue, references, related };
}

/**
 * One record: its fields by label, references as links to the records they
 * name, the records that refer to it, and Edit / Delete (not for records kept
 * read-only, nor on a device its administrator replaced). Re-reads after every
 * store write, keeping focus where it was.
 */
export function createRecordDetailView(session: PaneSession, navigate: Navigate, objectType: string, localId: string): View {
  const disposables = new Disposables();
  const element = h('section', { className: 'record-detail', 'aria-busy': 'true' }, h('p', { className: 'muted' }, 'Loading…'));
  const status = h('div', { className: 'record-status' });
  const expanded = new Set<string>();
  let data: DetailData | null = null;
  let first = true;
  let busy = false;
  let loadSeq = 0;
  let revoked = false;

  const back = (object: ObjectDefinition | undefined) =>
    h(
      'button',
      {
        type: 'button',
        className: 'subtle records-back',
        'data-focus-key': 'back',
        onclick: () => navigate({ tab: 'records', objectType }),
      },
      h('span', { 'aria-hidden': 'true' }, '← '),
      `Back to ${object?.label ?? object?.name ?? objectType}`,
    );

  const open = (type: string, id: string) => navigate({ tab: 'records', objectType: type, localId: id });

  const remove = async (object: ObjectDefinition, record: LocalRecord) => {
    if (busy) return;
    const title = recordTitle(record, object);
    const confirmed = await confirmDialog({
      title: `Delete this ${object.name.toLocaleLowerCase()}?`,
      body: [
        `“${title}” is removed from this device now and from the CRM at the next sync.`,
        'Records that refer to it keep an empty reference.',
      ],
      confirm: 'Delete',
      danger: true,
    });
    if (!confirmed) return;
    busy = true;
    replaceChildren(status, messageBar('info', 'Deleting…'));
    try {
      await (await session.edits()).delete(object.name, record.localId);
      navigate({ tab: 'records', objectType: object.name });
    } catch (error) {
      busy = false;
      replaceChildren(status, errorBar(error, 'The record could not be deleted.'));
    }
  };

  const fieldValue = (
    field: FieldDefinition,
    record: LocalRecord,
    references: ReadonlyMap<string, LocalRecord | undefined>,
    objects: readonly ObjectDefinition[],
  ): Child => {
    const value = record.fields[field.name];
    if (value === null || value === undefined || value === '') {
      return h(
        'span',
        {},
        h('span', { 'aria-hidden': 'true', className: 'muted' }, '—'),
        h('span', { className: 'visually-hidden' }, 'No value'),
      );
    }
    if (field.type === 'reference' && field.references) {
      const target = references.get(field.name);
      const targetObject = objects.find((o) => o.name === field.references);
      if (!target) return h('span', {}, String(value), ' ', h('span', { className: 'muted' }, '(not on this device)'));
      return h(
        'button',
        {
          type: 'button',
          className: 'link-button',
          'data-focus-key': `ref-${field.name}`,
          onclick: () => open(target.objectType, target.localId),
        },
        recordTitle(target, targetObject),
      );
    }
    const text = formatFieldValue(field, value);
    return field.bulk || (field.maxLength ?? 0) > 255 ? h('span', { className: 'long-text' }, text) : text;
  };

  const render = () => {
    if (!data) return;
    const { object, record, issue, references, related, objects } = data;
    const focusKey =
      document.activeElement instanceof HTMLElement && element.contains(document.activeElement)
        ? document.activeElement.dataset['focusKey']
        : undefined;
    element.removeAttribute('aria-busy');
    if (!record) {
      replaceChildren(
        element,
        back(object),
        h('h2', { tabindex: -1 }, `This ${object.name.toLocaleLowerCase()} is not on this device`),
        messageBar(
          'info',
          'It was deleted, or it is no longer within your filters.',
          `Go back to ${object.label ?? object.name} to find another.`,
        ),
      );
    } else {
      const title = recordTitle(record, object);
      const unsynced = record.state !== 'clean' || record.pending !== null;
      const headingId = uniqueId('record-title');
      const readOnlyNoteId = uniqueId('record-readonly');
      // A replaced device changes nothing any more (LocalEdits refuses too); the note says why.
      const locked = record.readOnly || revoked;
      const lockedNote = revoked ? REPLACED_EDIT_NOTE : 'Read-only records cannot be changed or deleted here.';
      replaceChildren(
        element,
        back(object),
        h('h2', { id: headingId, tabindex: -1 }, title),
        h('p', { className: 'muted' }, object.name, record.owner ? ` · owner ${record.owner}` : ''),
        record.readOnly ? messageBar('info', 'Shown read-only: it is outside your filters but a record you have refers to it.') : null,
        unsynced ? messageBar('warning', 'Changed on this device, not yet synced.') : null,
        issue
          ? h(
              'div',
              { className: 'message error' },
              h('strong', {}, 'This record has a sync issue.'),
              h('span', {}, issue.message, ' '),
              h(
                'button',
                {
                  type: 'button',
                  className: 'link-button',
                  'data-focus-key': 'issue',
                  onclick: () => navigate({ tab: 'issues', issueId: issue.id }),
                },
                'Open the sync issue',
              ),
            )
          : null,
        status,
        h(
          'div',
          { className: 'toolbar', role: 'group', 'aria-label': 'Record actions' },
          h(
            'button',
            {
              type: 'button',
              className: 'primary',
              'data-focus-key': 'edit',
              disabled: locked,
              'aria-describedby': locked ? readOnlyNoteId : null,
              onclick: () => navigate({ tab: 'records', objectType: object.name, localId: record.localId, create: true }),
            },
            'Edit',
          ),
          h(
            'button',
            {
              type: 'button',
              className: 'danger',
              'data-focus-key': 'delete',
              disabled: locked,
              'aria-describedby': locked ? readOnlyNoteId : null,
              onclick: () => void remove(object, record),
            },
            'Delete',
          ),
          locked ? h('span', { id: readOnlyNoteId, className: 'muted' }, lockedNote) : null,
        ),
        h(
          'section',
          { className: 'card', 'aria-labelledby': headingId },
          h(
            'dl',
            { className: 'fields' },
            object.fields.flatMap((field) => [
              h('dt', {}, field.label ?? field.name),
              h('dd', {}, fieldValue(field, record, references, objects)),
            ]),
          ),
        ),
        related.length > 0 ? h('h3', {}, 'Related records') : null,
        related.map((group) => {
          const groupLabel = `${group.object.label ?? group.object.name}${group.ambiguous ? ` (${group.field.label ?? group.field.name})` : ''}`;
          const groupId = uniqueId('related');
          const all = expanded.has(group.key);
          const shown = all ? group.records : group.records.slice(0, RELATED_SHOWN);
          return h(
            'section',
            { className: 'card related', 'aria-labelledby': groupId },
            h('h4', { id: groupId }, `${groupLabel} `, h('span', { className: 'muted' }, `(${group.records.length.toLocaleString()})`)),
            h(
              'ul',
              { className: 'plain related-list' },
              shown.map((rel) =>
                h(
                  'li',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      className: 'link-button',
                      'data-focus-key': `rel-${rel.objectType}-${rel.localId}`,
                      onclick: () => open(rel.objectType, rel.localId),
                    },
                    recordTitle(rel, group.object),
                  ),
                ),
              ),
            ),
            shown.length < group.records.length
              ? h(
                  'button',
                  {
                    type: 'button',
                    className: 'subtle',
                    'data-focus-key': `more-${group.key}`,
                    onclick: () => {
                      expanded.add(group.key);
                      render();
                    },
                  },
                  `Show all ${group.records.length.toLocaleString()} ${(group.object.label ?? group.object.name).toLocaleLowerCase()}`,
                )
              : null,
          );
        }),
      );
    }
    if (focusKey) element.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
    if (first) {
      first = false;
      const heading = element.querySelector<HTMLElement>('h2');
      if (heading) focusIfLost(heading);
    }
  };

  const load = async () => {
    const seq = ++loadSeq;
    try {
      const next = await loadDetail(session, objectType, localId);
      if (seq !== loadSeq) return;
      data = next;
      render();
    } catch (error) {
      if (seq !== loadSeq) return;
      element.removeAttribute('aria-busy');
      replaceChildren(element, back(undefined), errorBar(error, 'This record cannot be shown.'));
    }
  };

  disposables.add(
    session.changes$.subscribe(() => {
      if (!busy) void load();
    }),
  );
  disposables.add(
    deviceRevoked$(session).subscribe((at) => {
      if (revoked === (at !== null)) return;
      revoked = at !== null;
      render();
    }),
  );
  disposables.add(() => {
    loadSeq += 1;
  });
  return { element, dispose: () => disposables.dispose() };
}
