import { type FieldDefinition, type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { LocalRecord, LocalStore, SyncIssue } from '../../store/index.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import { backTo } from '../services/back-target.js';
import type { BackTarget, Navigate, PaneRoute } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_EDIT_NOTE } from '../services/replaced-device-text.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { h, replaceChildren, uniqueId, type Child } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { mailObjectRoles, type MailObjectRoles } from '../mail/mail-object-roles.js';
import { activityTimeline } from '../records/activity-timeline.js';
import { fieldHref } from '../records/field-href.js';
import { formatFieldValue } from '../records/format-field-value.js';
import { queryRecords } from '../records/query-records.js';
import { quickActions } from '../records/quick-actions.js';
import { errorBar, focusIfLost } from './records-shared.js';
import { formatCount } from '../format/display-format.js';

/** Related records (and timeline entries) shown per group before "Show all". */
const RELATED_SHOWN = 10;
/** The expanded-state key of the timeline. */
const TIMELINE_KEY = 'timeline';

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
  readonly roles: MailObjectRoles;
  /** An account's or contact's activities, newest first; null for other record types (their activities stay in Related). */
  readonly timeline: readonly LocalRecord[] | null;
  /** Per related opportunity (local id), its account's title: a row names the account it belongs to. */
  readonly accountTitles: ReadonlyMap<string, string>;
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
  const roles = mailObjectRoles(pkg);
  const { activity, account, opportunity } = roles;
  // Accounts and contacts show their activities as a timeline instead of a related group.
  const hasTimeline = activity !== null && (objectType === account?.object.name || objectType === roles.contact?.object.name);
  const timeline = hasTimeline
    ? activityTimeline(
        related.filter((g) => g.object === activity.object).flatMap((g) => g.records),
        activity,
      )
    : null;
  if (hasTimeline) related = related.filter((g) => g.object !== activity.object);
  const accountTitles = new Map<string, string>();
  if (account && opportunity?.account) {
    const field = opportunity.account;
    for (const group of related) {
      // On an account's page its opportunities are all its own: naming it again says nothing.
      if (group.object !== opportunity.object || group.field.name === field) continue;
      for (const rel of group.records) {
        const value = rel.fields[field];
        const target =
          typeof value === 'string' && value !== '' ? await findReferenced(session.store, account.object.name, value) : undefined;
        if (target) accountTitles.set(rel.localId, recordTitle(target, account.object));
      }
    }
  }
  return { objects: pkg.objects, object, record, issue, references, related, roles, timeline, accountTitles };
}

/**
 * One record: its fields by label (e-mail and phone as links to write or call),
 * references as links to the records they name, the records that refer to it (an
 * account's or contact's activities as a timeline), quick actions that open a new
 * record's form filled in for this one, and Edit / Delete (not for records kept
 * read-only, nor on a device its administrator replaced). "Back" returns where the
 * rep came from (`back`: the Email tab, another record), else to the list.
 * Re-reads after every store write, keeping focus where it was.
 */
export function createRecordDetailView(
  session: PaneSession,
  navigate: Navigate,
  objectType: string,
  localId: string,
  back?: BackTarget,
): View {
  const disposables = new Disposables();
  const element = h('section', { className: 'record-detail', 'aria-busy': 'true' }, h('p', { className: 'muted' }, 'Loading…'));
  const status = h('div', { className: 'record-status' });
  const expanded = new Set<string>();
  let data: DetailData | null = null;
  let first = true;
  let busy = false;
  let loadSeq = 0;
  let revoked = false;

  /** This page, with its own Back: where the records opened from here return to. */
  const here: PaneRoute = { tab: 'records', objectType, localId, ...(back ? { back } : {}) };
  const list: PaneRoute = { tab: 'records', objectType };
  const backButton = (object: ObjectDefinition | undefined) =>
    h(
      'button',
      {
        type: 'button',
        className: 'subtle records-back',
        'data-focus-key': 'back',
        onclick: () => navigate(back ? back.route : list),
      },
      h('span', { 'aria-hidden': 'true' }, '← '),
      `Back to ${back ? back.label : (object?.label ?? object?.name ?? objectType)}`,
    );

  /** The title this page goes by in the Back of the pages opened from it. */
  let hereTitle = objectType;
  const open = (type: string, id: string) => navigate({ tab: 'records', objectType: type, localId: id, back: backTo(here, hereTitle) });

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
      // The record is gone: back where the rep came from.
      navigate(back ? back.route : list);
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
    const href = fieldHref(field, value);
    if (href) return h('a', { href, 'data-focus-key': `link-${field.name}` }, text);
    return field.bulk || (field.maxLength ?? 0) > 255 ? h('span', { className: 'long-text' }, text) : text;
  };

  /** Log a call, new contact / opportunity / activity: each opens the form filled in for this record; Cancel and Back return here. */
  const quickActionBar = (roles: MailObjectRoles, record: LocalRecord, title: string): HTMLElement | null => {
    const actions = quickActions(roles, record, title, Date.now());
    if (actions.length === 0) return null;
    return h(
      'div',
      { className: 'toolbar quick-actions', role: 'group', 'aria-label': 'Quick actions' },
      actions.map((action) =>
        h(
          'button',
          {
            type: 'button',
            'data-focus-key': `quick-${action.label}`,
            onclick: () =>
              navigate({
                tab: 'records',
                objectType: action.objectType,
                create: true,
                initial: action.initial,
                back: backTo(here, title),
              }),
          },
          action.label,
        ),
      ),
    );
  };

  /** The account's or contact's activities, newest first: when, what kind, the subject (a link), the status. */
  const timelineSection = (
    entries: readonly LocalRecord[],
    role: NonNullable<MailObjectRoles['activity']>,
    objects: readonly ObjectDefinition[],
  ): HTMLElement => {
    const headingId = uniqueId('timeline');
    const label = role.object.label ?? role.object.name;
    const all = expanded.has(TIMELINE_KEY);
    const shown = all ? entries : entries.slice(0, RELATED_SHOWN);
    const fieldText = (record: LocalRecord, name: string | null): string => {
      const field = name === null ? undefined : role.object.fields.find((f) => f.name === name);
      return field ? formatFieldValue(field, record.fields[field.name]) : '';
    };
    const activityObject = objects.find((o) => o.name === role.object.name) ?? role.object;
    return h(
      'section',
      { className: 'card timeline', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, `${label} `, h('span', { className: 'muted' }, `(${formatCount(entries.length)})`)),
      entries.length === 0
        ? h('p', { className: 'muted' }, `No ${label.toLocaleLowerCase()} yet.`)
        : h(
            'ol',
            { className: 'plain timeline-list' },
            shown.map((entry) => {
              const when = fieldText(entry, role.start);
              const details = [fieldText(entry, role.type), fieldText(entry, role.status)].filter((t) => t !== '').join(' · ');
              return h(
                'li',
                {},
                h('span', { className: 'timeline-when muted' }, when || 'No date'),
                ' ',
                h(
                  'button',
                  {
                    type: 'button',
                    className: 'link-button',
                    'data-focus-key': `timeline-${entry.localId}`,
                    onclick: () => open(entry.objectType, entry.localId),
                  },
                  recordTitle(entry, activityObject),
                ),
                details ? h('span', { className: 'muted timeline-details' }, ` · ${details}`) : null,
              );
            }),
          ),
      shown.length < entries.length
        ? h(
            'button',
            {
              type: 'button',
              className: 'subtle',
              'data-focus-key': `more-${TIMELINE_KEY}`,
              onclick: () => {
                expanded.add(TIMELINE_KEY);
                render();
              },
            },
            `Show all ${formatCount(entries.length)} ${label.toLocaleLowerCase()}`,
          )
        : null,
    );
  };

  const render = () => {
    if (!data) return;
    const { object, record, issue, references, related, objects, roles, timeline, accountTitles } = data;
    const focusKey =
      document.activeElement instanceof HTMLElement && element.contains(document.activeElement)
        ? document.activeElement.dataset['focusKey']
        : undefined;
    element.removeAttribute('aria-busy');
    if (!record) {
      replaceChildren(
        element,
        backButton(object),
        h('h2', { tabindex: -1 }, `This ${object.name.toLocaleLowerCase()} is not on this device`),
        messageBar(
          'info',
          'It was deleted, or it is no longer within your filters.',
          `Go back to ${object.label ?? object.name} to find another.`,
        ),
      );
    } else {
      const title = recordTitle(record, object);
      hereTitle = title;
      const unsynced = record.state !== 'clean' || record.pending !== null;
      const headingId = uniqueId('record-title');
      const readOnlyNoteId = uniqueId('record-readonly');
      // A replaced device changes nothing any more (LocalEdits refuses too); the note says why.
      const locked = record.readOnly || revoked;
      const lockedNote = revoked ? REPLACED_EDIT_NOTE : 'Read-only records cannot be changed or deleted here.';
      replaceChildren(
        element,
        backButton(object),
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
              onclick: () =>
                navigate({ tab: 'records', objectType: object.name, localId: record.localId, create: true, back: backTo(here, title) }),
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
        revoked ? null : quickActionBar(roles, record, title),
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
        timeline && roles.activity ? timelineSection(timeline, roles.activity, objects) : null,
        related.length > 0 ? h('h3', {}, 'Related records') : null,
        related.map((group) => {
          const groupLabel = `${group.object.label ?? group.object.name}${group.ambiguous ? ` (${group.field.label ?? group.field.name})` : ''}`;
          const groupId = uniqueId('related');
          const all = expanded.has(group.key);
          const shown = all ? group.records : group.records.slice(0, RELATED_SHOWN);
          return h(
            'section',
            { className: 'card related', 'aria-labelledby': groupId },
            h('h4', { id: groupId }, `${groupLabel} `, h('span', { className: 'muted' }, `(${formatCount(group.records.length)})`)),
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
                  accountTitles.has(rel.localId)
                    ? h('span', { className: 'muted related-account' }, ` · ${accountTitles.get(rel.localId) ?? ''}`)
                    : null,
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
                  `Show all ${formatCount(group.records.length)} ${(group.object.label ?? group.object.name).toLocaleLowerCase()}`,
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
      replaceChildren(element, backButton(undefined), errorBar(error, 'This record cannot be shown.'));
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
