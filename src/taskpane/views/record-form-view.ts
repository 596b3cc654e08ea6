import { type FieldDefinition, findField, type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import { findDuplicateRecord } from '../../sync/index.js';
import type { BackTarget, Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { changedFields } from '../records/changed-fields.js';
import { duplicateRecordText } from '../records/duplicate-record-text.js';
import { toDatetimeLocal } from '../records/datetime-local.js';
import { queryRecords } from '../records/query-records.js';
import { readFormValues, type FormInput } from '../records/read-form-values.js';
import { errorBar, focusIfLost } from './records-shared.js';

/** Up to this many records a reference is a plain select; beyond, a text box suggesting titles. */
const SELECT_LIMIT = 300;
const SUGGESTIONS = 20;
/** Text fields longer than this get a multi-line box. */
const LONG_TEXT = 255;

/** The records a reference field can point at, by the text shown for each. */
interface ReferenceChoices {
  readonly object: ObjectDefinition | undefined;
  /** Display text (title, made unique) and the id stored in the reference. */
  readonly choices: readonly { readonly text: string; readonly id: string; readonly search: string }[];
  readonly idByText: ReadonlyMap<string, string>;
  readonly textById: ReadonlyMap<string, string>;
}

/** One control of the form: how to read it and where to show its error. */
interface FieldControl {
  readonly field: FieldDefinition;
  readonly control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  readonly error: HTMLElement;
  /** The label, control, hint and error line together. */
  readonly container: HTMLElement;
  /** Ids the control is always described by (a hint), besides its error. */
  readonly hintId: string | null;
  read(): FormInput;
  resolve(text: string): string | null;
}

async function loadChoices(session: PaneSession, objects: readonly ObjectDefinition[], objectType: string): Promise<ReferenceChoices> {
  const object = objects.find((o) => o.name === objectType);
  let records: LocalRecord[] = [];
  try {
    records = object ? queryRecords(await session.store.listRecords(objectType), object, { sort: 'titleAsc' }) : [];
  } catch {
    // No table for that type on this device: the rep can still keep or type an id.
  }
  const titles = records.map((record) => recordTitle(record, object));
  const counts = new Map<string, number>();
  for (const title of titles) counts.set(title, (counts.get(title) ?? 0) + 1);
  const choices = records.map((record, index) => {
    const title = titles[index] ?? record.localId;
    const id = record.rowId ?? record.localId;
    const text = (counts.get(title) ?? 0) > 1 ? `${title} (${id})` : title;
    return { text, id, search: text.toLocaleLowerCase() };
  });
  const idByText = new Map(choices.map((c) => [c.text, c.id]));
  const textById = new Map(choices.map((c) => [c.id, c.text]));
  // A reference may hold the local id of a record uploaded since: show it by title too.
  for (const record of records) if (record.rowId !== null) textById.set(record.localId, textById.get(record.rowId) ?? record.localId);
  return { object, choices, idByText, textById };
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
      const choices = new Map<string, ReferenceChoices>();
      for (const field of editable) {
        if (field.type === 'reference' && field.references && !choices.has(field.references))
          choices.set(field.references, await loadChoices(session, pkg.objects, field.references));
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
        renderForm(object, editable, record, choices);
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
    choices: ReadonlyMap<string, ReferenceChoices>,
  ): void {
    const status = h('div', { className: 'record-form-status' });
    const controls = fields.map((field) =>
      buildControl(
        field,
        (record ? record.fields[field.name] : initial?.[field.name]) ?? null,
        field.references ? choices.get(field.references) : undefined,
      ),
    );
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

    const byName = new Map(controls.map((c) => [c.field.name, c]));
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
      return references === undefined ? text : (choices.get(references)?.textById.get(text) ?? text);
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
function buildControl(field: FieldDefinition, value: FieldValue, references: ReferenceChoices | undefined): FieldControl {
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
      return buildReference(field, text, references, { id, common, error, labelText, wrap });
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

/** A reference: a select of the referenced records by title, or for many records a text box suggesting matching titles. */
function buildReference(field: FieldDefinition, id: string, references: ReferenceChoices | undefined, parts: ControlParts): FieldControl {
  const required = field.required === true;
  const choices = references?.choices ?? [];
  const knownText = id === '' ? '' : references?.textById.get(id);
  const referencedLabel = references?.object?.name.toLocaleLowerCase() ?? field.references ?? 'record';

  if (choices.length <= SELECT_LIMIT) {
    const placeholder = required
      ? id === ''
        ? h(
            'option',
            { value: '', selected: true, disabled: true },
            `Choose ${/^[aeiou]/i.test(referencedLabel) ? 'an' : 'a'} ${referencedLabel}`,
          )
        : null
      : h('option', { value: '', selected: id === '' }, '(none)');
    // A referenced record not on this device keeps its id, so saving does not clear it.
    const unknown = id !== '' && knownText === undefined ? h('option', { value: id, selected: true }, `${id} (not on this device)`) : null;
    const listed = choices.map((c) =>
      h('option', { value: c.id, selected: c.id === id || (knownText !== undefined && c.text === knownText) }, c.text),
    );
    const select = h('select', parts.common, placeholder, unknown, listed);
    const container = parts.wrap(h('label', { for: parts.id }, parts.labelText), select);
    return { field, control: select, error: parts.error, container, hintId: null, read: () => select.value, resolve: (t) => t };
  }

  const listId = `${parts.id}-titles`;
  const datalist = h('datalist', { id: listId });
  const hintId = `${parts.id}-hint`;
  const input = h('input', {
    ...parts.common,
    type: 'text',
    list: listId,
    autocomplete: 'off',
    value: knownText ?? id,
    'aria-describedby': hintId,
  });
  const suggest = () => {
    const typed = input.value.trim().toLocaleLowerCase();
    const matches: HTMLOptionElement[] = [];
    for (const c of choices) {
      if (matches.length >= SUGGESTIONS) break;
      if (typed === '' || c.search.includes(typed)) matches.push(h('option', { value: c.text }));
    }
    replaceChildren(datalist, matches);
  };
  input.addEventListener('input', suggest);
  suggest();
  const container = parts.wrap(
    h('label', { for: parts.id }, parts.labelText),
    input,
    datalist,
    h('p', { id: hintId, className: 'muted field-hint' }, `Type part of the ${referencedLabel}'s name and pick it from the suggestions.`),
  );
  /** Exact text of a suggestion, the same ignoring case when only one matches, or an id typed as is. */
  const resolve = (text: string): string | null => {
    const exact = references?.idByText.get(text);
    if (exact !== undefined) return exact;
    const lower = text.toLocaleLowerCase();
    const folded = choices.filter((c) => c.search === lower);
    if (folded.length === 1 && folded[0]) return folded[0].id;
    if (references?.textById.has(text) || text === id) return text;
    return null;
  };
  return { field, control: input, error: parts.error, container, hintId, read: () => input.value, resolve };
}
