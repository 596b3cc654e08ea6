import { type FieldDefinition, findField, type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import { listingMatches, listSpecOf, recordListing, searchTerms, type LocalRecord } from '../../store/index.js';
import { findDuplicateRecord } from '../../sync/index.js';
import type { BackTarget, Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { changedFields } from '../records/changed-fields.js';
import { duplicateRecordText } from '../records/duplicate-record-text.js';
import { toDatetimeLocal } from '../records/datetime-local.js';
import { defaultStartField, nextQuarterHour } from '../records/default-start.js';
import { formatFieldValue } from '../records/format-field-value.js';
import { firstMatchingIds } from '../records/first-matching-ids.js';
import { summaryFields } from '../records/summary-fields.js';
import { createCombobox, type ComboboxOption } from '../dom/combobox.js';
import { readFormValues, type FormInput } from '../records/read-form-values.js';
import { errorBar, focusIfLost } from './records-shared.js';

/** Suggestions a reference box shows at once; typing narrows them through the store's word index. */
const SUGGESTIONS = 20;
/** Text fields longer than this get a multi-line box. */
const LONG_TEXT = 255;

/**
 * What a reference field needs: the referenced type, the titles of the ids the form
 * starts with, and how to suggest records. `preferred` names another reference of the
 * form whose choice narrows this one first (Primary contact: the chosen account's contacts).
 */
interface ReferenceSource {
  readonly object: ObjectDefinition | undefined;
  readonly titles: Map<string, string>;
  suggest(text: string, preferredBy: { field: string; value: string; title: string } | null): Promise<ComboboxOption[]>;
}

/** One control of the form: how to read it and where to show its error. */
interface FieldControl {
  readonly field: FieldDefinition;
  readonly control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  /** For a reference: the id chosen now ('' none), so another reference can narrow its suggestions by it. */
  readonly chosenId?: () => string;
  readonly error: HTMLElement;
  /** The label, control, hint and error line together. */
  readonly container: HTMLElement;
  /** Ids the control is always described by (a hint), besides its error. */
  readonly hintId: string | null;
  read(): FormInput;
  resolve(text: string): string | null;
}

/** A record as a suggestion: its title, and one telling field to tell namesakes apart. */
function optionOf(record: LocalRecord, object: ObjectDefinition | undefined, note?: string): ComboboxOption {
  const detail = object ? summaryFields(object, 1).map((field) => formatFieldValue(field, record.fields[field.name]))[0] : undefined;
  const notes = [note, detail].filter((text): text is string => text !== undefined && text !== '');
  return {
    value: record.rowId ?? record.localId,
    text: recordTitle(record, object),
    ...(notes.length > 0 ? { note: notes.join(' · ') } : {}),
  };
}

/**
 * The reference source of `objectType`: titles of `startIds` read at once (an id not
 * on this device shows as such and is kept), suggestions through the list and word
 * indexes a page at a time, the preferred records (those whose `preferredBy.field`
 * holds the chosen value) first.
 */
async function referenceSource(
  session: PaneSession,
  objects: readonly ObjectDefinition[],
  objectType: string,
  startIds: readonly string[],
): Promise<ReferenceSource> {
  const object = objects.find((o) => o.name === objectType);
  const store = session.store;
  const titles = new Map<string, string>();
  try {
    await session.listsReady();
    for (const id of startIds) {
      const record = (await store.getRecordByRowId(objectType, id)) ?? (await store.getRecord(objectType, id));
      if (record) titles.set(id, recordTitle(record, object));
    }
  } catch {
    // No table for that type on this device: the rep can still keep the id there is.
  }
  const matches = (record: LocalRecord, text: string) => {
    const terms = searchTerms(text);
    const listing = object ? recordListing(record, listSpecOf(object)) : null;
    return terms.length === 0 || (listing !== null && listingMatches(listing, terms));
  };
  return {
    object,
    titles,
    async suggest(text, preferredBy) {
      if (!object) return [];
      const preferred = preferredBy
        ? (await store.findByField(objectType, preferredBy.field, preferredBy.value))
            .filter((record) => record.state !== 'deleted' && matches(record, text))
            .sort((a, b) => recordTitle(a, object).localeCompare(recordTitle(b, object)))
            .slice(0, SUGGESTIONS)
        : [];
      const taken = new Set(preferred.map((record) => record.localId));
      // The first suggestions in title order through the indexes, not the ids of the whole type.
      const wanted = SUGGESTIONS - preferred.length + taken.size;
      const head = await firstMatchingIds(store, objectType, text, wanted);
      const ids = head.filter((id) => !taken.has(id)).slice(0, SUGGESTIONS - preferred.length);
      const rest = await store.getRecords(objectType, ids);
      return [
        ...preferred.map((record) => optionOf(record, object, preferredBy ? `of ${preferredBy.title}` : undefined)),
        ...rest.map((record) => optionOf(record, object)),
      ];
    },
  };
}

/**
 * The reference of the form that narrows `field`'s suggestions: another reference
 * (Account) to a type that `field`'s type (Contact) itself refers to (Contact.AccountId).
 */
function narrowingOf(
  field: FieldDefinition,
  fields: readonly FieldDefinition[],
  objects: readonly ObjectDefinition[],
): { formField: string; targetField: string } | null {
  const target = objects.find((o) => o.name === field.references);
  for (const other of fields) {
    if (other === field || other.type !== 'reference' || !other.references || other.references === field.references) continue;
    const back = target?.fields.find((f) => f.type === 'reference' && f.references === other.references);
    if (back) return { formField: other.name, targetField: back.name };
  }
  return null;
}

/** Where the form was opened from, and what a new record starts with. */
export interface RecordFormOptions {
  /** A new record's starting values (from an e-mail, a quick action); a field the rep cannot edit is left out. */
  readonly initial?: Readonly<Record<string, FieldValue>>;
  /** Where Cancel returns to (and, after saving an edit, Save); a new record's page keeps it as its Back. */
  readonly back?: BackTarget;
}

/**
 * The form to create a record (localId null) or edit one: a labelled control per
 * editable field, checked by the package's rules before saving, every problem
 * shown at its field. Saving goes through LocalEdits, then opens the record.
 */
export function createRecordFormView(
  session: PaneSession,
  navigate: Navigate,
  objectType: string,
  localId: string | null,
  options: RecordFormOptions = {},
): View {
  const disposables = new Disposables();
  const element = h('section', { className: 'record-form', 'aria-busy': 'true' }, h('p', { className: 'muted' }, 'Loading…'));
  let disposed = false;
  disposables.add(() => {
    disposed = true;
  });

  const { back, initial } = options;
  const leave = () =>
    navigate(back ? back.route : localId === null ? { tab: 'records', objectType } : { tab: 'records', objectType, localId });

  void (async () => {
    try {
      const pkg = await session.requirePackage();
      const object = pkg.objects.find((o) => o.name === objectType);
      if (!object) throw new Error(`This configuration has no record type "${objectType}".`);
      const stored = localId === null ? undefined : await session.store.getRecord(objectType, localId);
      const record = stored && stored.state !== 'deleted' ? stored : undefined;
      const editable = object.fields.filter((f) => !f.readOnly);
      const choices = new Map<string, ReferenceSource>();
      const startValue = (field: FieldDefinition) => (record ? record.fields[field.name] : initial?.[field.name]) ?? null;
      for (const field of editable) {
        if (field.type !== 'reference' || !field.references || choices.has(field.references)) continue;
        const startIds = editable
          .filter((f) => f.references === field.references)
          .map(startValue)
          .filter((v): v is string => typeof v === 'string' && v !== '');
        choices.set(field.references, await referenceSource(session, pkg.objects, field.references, startIds));
      }
      if (disposed) return;
      element.removeAttribute('aria-busy');
      if (localId !== null && !record) {
        replaceChildren(
          element,
          h('h2', { tabindex: -1 }, `This ${object.name.toLocaleLowerCase()} is not on this device`),
          messageBar('info', 'It was deleted, or it is no longer within your filters.'),
          backButton(object),
        );
      } else if (record?.readOnly) {
        replaceChildren(
          element,
          h('h2', { tabindex: -1 }, recordTitle(record, object)),
          messageBar(
            'info',
            'Shown read-only: it is outside your filters but a record you have refers to it.',
            'It cannot be changed on this device.',
          ),
          backButton(object),
        );
      } else {
        renderForm(object, editable, record, choices, pkg.objects);
      }
      const heading = element.querySelector<HTMLElement>('h2');
      if (heading) focusIfLost(heading);
    } catch (error) {
      if (disposed) return;
      element.removeAttribute('aria-busy');
      replaceChildren(element, errorBar(error, 'The form cannot be shown.'), backButton(undefined));
    }
  })();

  function backButton(object: ObjectDefinition | undefined): HTMLElement {
    return h(
      'button',
      { type: 'button', onclick: leave },
      back ? `Back to ${back.label}` : localId === null ? `Back to ${object?.label ?? objectType}` : 'Back to the record',
    );
  }

  function renderForm(
    object: ObjectDefinition,
    fields: readonly FieldDefinition[],
    record: LocalRecord | undefined,
    choices: ReadonlyMap<string, ReferenceSource>,
    objects: readonly ObjectDefinition[],
  ): void {
    const status = h('div', { className: 'record-form-status' });
    const startTime = record ? null : defaultStartField(object, initial);
    const byName = new Map<string, FieldControl>();
    const controls = fields.map((field) => {
      const narrowing = field.type === 'reference' ? narrowingOf(field, fields, objects) : null;
      const preferredBy = () => {
        const by = narrowing ? byName.get(narrowing.formField) : undefined;
        const value = by?.chosenId?.() ?? '';
        if (!narrowing || !by || value === '') return null;
        const title = by.field.references ? (choices.get(by.field.references)?.titles.get(value) ?? value) : value;
        return { field: narrowing.targetField, value, title };
      };
      const start = field.name === startTime ? nextQuarterHour(Date.now()) : null;
      const control = buildControl(
        field,
        start ?? (record ? record.fields[field.name] : initial?.[field.name]) ?? null,
        field.references ? choices.get(field.references) : undefined,
        preferredBy,
      );
      byName.set(field.name, control);
      return control;
    });
    const save = h('button', { type: 'submit', className: 'primary' }, 'Save');
    const cancel = h('button', { type: 'button', onclick: leave }, 'Cancel');
    let saving = false;

    /** The error next to one control: its text, aria-invalid, and aria-describedby pointing at it. */
    const showError = (c: FieldControl, message: string | undefined) => {
      c.error.textContent = message ?? '';
      c.error.hidden = message === undefined;
      const describedBy = [message === undefined ? null : c.error.id, c.hintId].filter((x): x is string => x !== null).join(' ');
      if (message === undefined) c.control.removeAttribute('aria-invalid');
      else c.control.setAttribute('aria-invalid', 'true');
      if (describedBy === '') c.control.removeAttribute('aria-describedby');
      else c.control.setAttribute('aria-describedby', describedBy);
    };
    const showErrors = (errors: Readonly<Record<string, string>>) => {
      for (const c of controls) showError(c, errors[c.field.name]);
    };

    const readOptions = {
      resolveReference: (field: FieldDefinition, text: string) => {
        const c = byName.get(field.name);
        return c ? c.resolve(text) : text;
      },
      serverValues: record?.base ?? null,
    };
    /** One field by the same rules as Save (readFormValues → checkFieldValue), so its error shows before saving. */
    const checkField = (c: FieldControl) => {
      const { errors } = readFormValues({ ...object, fields: [c.field] }, { [c.field.name]: c.read() }, readOptions);
      showError(c, errors[c.field.name]);
    };
    for (const c of controls) {
      // Checked when the rep leaves a changed field (change fires on blur, at once for selects and checkboxes)…
      c.control.addEventListener('change', () => checkField(c));
      // …and, once it shows an error, while they type, so the error goes as soon as the value is right.
      c.control.addEventListener('input', () => {
        if (c.control.getAttribute('aria-invalid') === 'true') checkField(c);
      });
    }

    /** A key value as the rep knows it: a reference by its record's title. */
    const showValue = (name: string, value: FieldValue): string => {
      const text = value === null ? '' : String(value);
      const references = findField(object, name)?.references;
      return references === undefined ? text : (choices.get(references)?.titles.get(text) ?? text);
    };

    const submit = async (event: Event) => {
      event.preventDefault();
      if (saving) return;
      const inputs: Record<string, FormInput> = {};
      for (const c of controls) inputs[c.field.name] = c.read();
      const { values, errors } = readFormValues(object, inputs, readOptions);
      showErrors(errors);
      const invalid = controls.filter((c) => errors[c.field.name] !== undefined);
      if (invalid.length > 0) {
        replaceChildren(
          status,
          messageBar(
            'error',
            invalid.length === 1 ? 'One field needs your attention.' : `${invalid.length} fields need your attention.`,
            'Correct the highlighted fields, then save again.',
          ),
        );
        invalid[0]?.control.focus();
        return;
      }
      saving = true;
      save.disabled = true;
      save.textContent = 'Saving…';
      replaceChildren(status);
      try {
        const edits = await session.edits();
        if (record) {
          const changes = changedFields(record.fields, values);
          if (Object.keys(changes).length > 0) await edits.update(object.name, record.localId, changes);
          navigate(back ? back.route : { tab: 'records', objectType: object.name, localId: record.localId });
        } else {
          // A record of the same type with the same user key would meet the gateway's
          // DUPLICATE_USER_KEY at the next sync: say so now and offer the one there is.
          const duplicate = await findDuplicateRecord(session.store, object, values, null);
          if (duplicate) {
            saving = false;
            save.disabled = false;
            save.textContent = 'Save';
            const bar = messageBar('error', duplicateRecordText(object, duplicate.key, duplicate.record.fields, showValue));
            const open = () => navigate({ tab: 'records', objectType: object.name, localId: duplicate.record.localId });
            bar.append(h('button', { type: 'button', onclick: open }, 'Open it'));
            replaceChildren(status, bar);
            return;
          }
          const created = await edits.create(object.name, values);
          navigate({ tab: 'records', objectType: object.name, localId: created.localId, ...(back ? { back } : {}) });
        }
      } catch (error) {
        saving = false;
        save.disabled = false;
        save.textContent = 'Save';
        const fieldErrors = errorsFromProtocol(error, object);
        showErrors(fieldErrors);
        replaceChildren(status, errorBar(error, 'The record could not be saved.'));
        controls.find((c) => fieldErrors[c.field.name] !== undefined)?.control.focus();
      }
    };

    const anyRequired = fields.some((f) => f.required);
    replaceChildren(
      element,
      h('h2', { tabindex: -1 }, record ? `Edit ${recordTitle(record, object)}` : `New ${object.name}`),
      anyRequired
        ? h(
            'p',
            { className: 'muted' },
            'Fields marked ',
            h('span', { 'aria-hidden': 'true' }, '*'),
            h('span', { className: 'visually-hidden' }, 'with a star'),
            ' are required.',
          )
        : null,
      h(
        'form',
        {
          novalidate: true,
          onsubmit: (event: Event) => void submit(event),
          'aria-label': record ? `Edit ${object.name}` : `New ${object.name}`,
        },
        controls.map((c) => c.container),
        status,
        h('div', { className: 'toolbar form-actions' }, save, cancel),
      ),
    );
  }
  return { element, dispose: () => disposables.dispose() };
}

/** The field-level part of a LocalEdits refusal: details.field, or the fields its problems name. */
function errorsFromProtocol(error: unknown, object: ObjectDefinition): Record<string, string> {
  if (!(error instanceof ProtocolError) || !error.details) return {};
  const errors: Record<string, string> = {};
  const field = error.details['field'];
  if (typeof field === 'string') errors[field] = error.message;
  const problems = error.details['problems'];
  if (Array.isArray(problems)) {
    for (const problem of problems) {
      if (typeof problem !== 'string') continue;
      const named = object.fields.find((f) => problem.startsWith(`${f.name} `));
      if (named && errors[named.name] === undefined) errors[named.name] = problem;
    }
  }
  return errors;
}

function fieldLabel(field: FieldDefinition): string {
  return field.label ?? field.name;
}

/** A labelled control for `field` holding `value`, wrapped with its label and error line. */
function buildControl(
  field: FieldDefinition,
  value: FieldValue,
  references: ReferenceSource | undefined,
  preferredBy: () => { field: string; value: string; title: string } | null,
): FieldControl {
  const id = uniqueId(`field-${field.name}`);
  const error = h('p', { id: `${id}-error`, className: 'field-error', hidden: true });
  const required = field.required === true;
  const labelText = [fieldLabel(field), required ? h('span', { 'aria-hidden': 'true', className: 'required-mark' }, ' *') : null];
  const text = value === null ? '' : String(value);
  const common = { id, name: field.name, 'aria-required': required ? 'true' : null };
  const wrap = (...children: (Node | null)[]) => h('div', { className: 'form-field' }, children, error);
  /** What an input holds; a value the browser cannot parse (half a date) is passed on as text that fails the check. */
  const readInput = (input: HTMLInputElement) => (input.validity.badInput ? input.value || '?' : input.value);
  const identity = (t: string) => t;

  switch (field.type) {
    case 'boolean': {
      const input = h('input', { ...common, type: 'checkbox', checked: value === true });
      const container = wrap(h('label', { className: 'inline', for: id }, input, labelText));
      return { field, control: input, error, container, hintId: null, read: () => input.checked, resolve: identity };
    }
    case 'picklist': {
      const values = [...(field.values ?? [])];
      if (text !== '' && !values.includes(text)) values.unshift(text);
      const select = h(
        'select',
        common,
        !required
          ? h('option', { value: '', selected: text === '' }, '(none)')
          : text === ''
            ? h('option', { value: '', selected: true, disabled: true }, `Choose ${fieldLabel(field).toLocaleLowerCase()}`)
            : null,
        values.map((v) => h('option', { value: v, selected: v === text }, v)),
      );
      const container = wrap(h('label', { for: id }, labelText), select);
      return { field, control: select, error, container, hintId: null, read: () => select.value, resolve: identity };
    }
    case 'reference':
      return buildReference(field, text, references, preferredBy, { id, common, error, labelText, wrap });
    case 'text': {
      const long = field.bulk === true || (field.maxLength ?? 0) > LONG_TEXT;
      const attributes = { ...common, maxlength: field.maxLength ?? null, value: text };
      const control = long ? h('textarea', { ...attributes, rows: 4 }) : h('input', { ...attributes, type: 'text', autocomplete: 'off' });
      const container = wrap(h('label', { for: id }, labelText), control);
      return { field, control, error, container, hintId: null, read: () => control.value, resolve: identity };
    }
    default: {
      const type = field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'datetime-local';
      const shown = field.type === 'datetime' ? toDatetimeLocal(text) : text;
      const input = h('input', {
        ...common,
        type,
        value: shown,
        step: type === 'number' ? 'any' : type === 'datetime-local' && shown.length > 16 ? 1 : null,
        inputmode: type === 'number' ? 'decimal' : null,
      });
      const container = wrap(h('label', { for: id }, labelText), input);
      return { field, control: input, error, container, hintId: null, read: () => readInput(input), resolve: identity };
    }
  }
}

interface ControlParts {
  readonly id: string;
  readonly common: Record<string, string | null>;
  readonly error: HTMLElement;
  readonly labelText: (string | HTMLElement | null)[];
  readonly wrap: (...children: (Node | null)[]) => HTMLElement;
}

/**
 * A reference: a combobox suggesting the referenced records by title (ARIA 1.2,
 * dom/combobox.ts), never a select of thousands. The value is the chosen record's id;
 * an id the form started with stays as it is, also when its record is not on this device.
 */
function buildReference(
  field: FieldDefinition,
  id: string,
  references: ReferenceSource | undefined,
  preferredBy: () => { field: string; value: string; title: string } | null,
  parts: ControlParts,
): FieldControl {
  const referencedLabel = references?.object?.name.toLocaleLowerCase() ?? field.references ?? 'record';
  const knownText = id === '' ? null : (references?.titles.get(id) ?? `${id} (not on this device)`);
  const hintId = `${parts.id}-hint`;
  const box = createCombobox({
    attributes: { ...parts.common, 'aria-describedby': hintId },
    initial: knownText === null ? null : { value: id, text: knownText },
    suggest: (text) => references?.suggest(text, preferredBy()) ?? Promise.resolve([]),
    noMatch: `No ${referencedLabel} matches.`,
    onChoose: (chosen) => {
      if (chosen) references?.titles.set(chosen.value, chosen.text);
      // A choice is a change: checked at once, as a select's would be.
      box.input.dispatchEvent(new Event('change'));
    },
  });
  const container = parts.wrap(
    h('label', { for: parts.id }, parts.labelText),
    box.element,
    h('p', { id: hintId, className: 'muted field-hint' }, `Type part of the ${referencedLabel}'s name, then pick it from the list.`),
  );
  const read = () => box.chosen()?.value ?? box.input.value.trim();
  /** The chosen record's id, the id the form started with, '' for an empty box; typed text that was not picked is refused. */
  const resolve = (text: string): string | null => {
    if (text === '') return '';
    if (text === box.chosen()?.value || text === id) return text;
    return null;
  };
  return {
    field,
    control: box.input,
    error: parts.error,
    container,
    hintId,
    read,
    resolve,
    chosenId: () => box.chosen()?.value ?? '',
  };
}
