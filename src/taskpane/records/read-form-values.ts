import { checkFieldValue, coerceFieldValue, type FieldDefinition, type ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import { fromDatetimeLocal } from './datetime-local.js';

/** What a form control holds: its text, or a checkbox's state. */
export type FormInput = string | boolean;

export interface ReadFormOptions {
  /**
   * Maps what was chosen or typed in a reference control to the id it stands for
   * (ROW_ID, or the L- id of a record not uploaded yet); null when nothing matches.
   * Without it the text is taken as the id.
   */
  readonly resolveReference?: (field: FieldDefinition, text: string) => string | null;
  /**
   * The server's values as last seen (the record's `base`). A value equal to the
   * server's is not held to the package's constraints (min, max, pattern, kind): an
   * update uploads only what differs from it, and the gateway checks only what is
   * written, so a record from before a rule stays editable. Type and required still apply.
   */
  readonly serverValues?: Readonly<Record<string, FieldValue>> | null;
}

export interface FormValues {
  /** Stored-form values of every field the form had; null clears a field. */
  readonly values: Record<string, FieldValue>;
  /** Per field name, what is wrong in the rep's words; empty when the form can be saved. */
  readonly errors: Record<string, string>;
}

function labelOf(field: FieldDefinition): string {
  return field.label ?? field.name;
}

/** The rep's words for a value the package's rules refuse (the rules themselves are coerceFieldValue's). */
function describeRefusal(field: FieldDefinition, value: FieldValue): string {
  switch (field.type) {
    case 'text':
    case 'picklist':
      if (field.maxLength !== undefined && typeof value === 'string' && value.length > field.maxLength) {
        return `${labelOf(field)} can be at most ${field.maxLength} characters; it has ${value.length}.`;
      }
      return field.type === 'picklist' ? `Choose one of the listed values for ${labelOf(field)}.` : `${labelOf(field)} must be text.`;
    case 'number':
      return `Enter a number, such as 1250 or 12.5.`;
    case 'date':
      return `Enter a real date.`;
    case 'datetime':
      return `Enter a real date and time.`;
    case 'boolean':
      return `Choose yes or no.`;
    case 'reference': {
      const noun = (field.references ?? 'record').toLocaleLowerCase();
      return `Choose ${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun} from the list.`;
    }
  }
}

/** The form's text in the shape coerceFieldValue expects, or a refusal when it cannot be brought there. */
function rawValue(
  field: FieldDefinition,
  input: FormInput,
  options: ReadFormOptions,
): { ok: true; value: FieldValue } | { ok: false; reason: string } {
  if (typeof input === 'boolean') return field.type === 'boolean' ? { ok: true, value: input } : { ok: true, value: String(input) };
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  switch (field.type) {
    case 'datetime':
      // The control gives wall-clock time; text that already carries a zone is checked as it is.
      return { ok: true, value: fromDatetimeLocal(text) ?? text };
    case 'reference': {
      const id = options.resolveReference ? options.resolveReference(field, text) : text;
      return id === null ? { ok: false, reason: describeRefusal(field, text) } : { ok: true, value: id };
    }
    default:
      return { ok: true, value: text };
  }
}

/**
 * Turns a record form's controls into field values by the package's rules (type,
 * length, picklist values: coerceFieldValue; min, max, pattern, kind:
 * checkFieldValue; the checks the gateway makes) and
 * reports every problem at its field, required fields included, so the rep sees
 * them all before saving. Only fields present in `inputs` are read; an empty
 * optional field is null (cleared).
 */
export function readFormValues(
  object: ObjectDefinition,
  inputs: Readonly<Record<string, FormInput>>,
  options: ReadFormOptions = {},
): FormValues {
  const values: Record<string, FieldValue> = {};
  const errors: Record<string, string> = {};
  for (const field of object.fields) {
    const input = inputs[field.name];
    if (input === undefined) continue;
    const raw = rawValue(field, input, options);
    if (!raw.ok) {
      errors[field.name] = raw.reason;
      continue;
    }
    const coerced = coerceFieldValue(field, raw.value);
    if (!coerced.ok) {
      errors[field.name] = describeRefusal(field, raw.value);
      continue;
    }
    if (coerced.value === null && field.required) {
      errors[field.name] = `${labelOf(field)} is required.`;
      continue;
    }
    // The package's constraints: checkFieldValue, the same check LocalEdits and the gateway make.
    const server = options.serverValues?.[field.name];
    const problem = server !== undefined && server === coerced.value ? null : checkFieldValue(field, coerced.value);
    if (problem) {
      errors[field.name] = `${problem.message}.`;
      continue;
    }
    values[field.name] = coerced.value;
  }
  return { values, errors };
}
