import type { FieldValue } from '../protocol/index.js';
import type { FieldDefinition, ObjectDefinition } from './object-definition.js';

/** The parts of a record its title is made from (a LocalRecord fits). */
export interface TitledRecord {
  readonly localId: string;
  readonly rowId: string | null;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/**
 * What a title is made from: an object definition fits, and so does the store's
 * list spec (the title field and the text fields, kept with the record tables).
 */
export interface TitleSource {
  readonly titleField: ObjectDefinition['titleField'];
  readonly fields: readonly Pick<FieldDefinition, 'name' | 'type' | 'bulk'>[];
}

/** Fields that usually name a record, tried in order when the title field is empty. */
const NAME_FIELDS = ['Name', 'FullName', 'Title', 'Subject', 'LastName', 'FirstName', 'Email'] as const;

function text(value: FieldValue | undefined): string | null {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * What a record is called for people: its object's title field; a title field that
 * is a last name is preceded by the first name ("Ada Lovelace"). An empty title
 * falls back to the usual name fields, then to any text field of the object, then
 * to the record's id, so no row of a list is ever blank.
 */
export function recordTitle(record: TitledRecord, object: TitleSource | undefined): string {
  if (object) {
    const title = text(record.fields[object.titleField]);
    if (title !== null) {
      const first = /lastname$/i.test(object.titleField) ? text(record.fields[object.titleField.replace(/last(name)$/i, 'First$1')]) : null;
      return first === null ? title : `${first} ${title}`;
    }
  }
  for (const name of NAME_FIELDS) {
    const value = text(record.fields[name]);
    if (value !== null) return value;
  }
  for (const field of object?.fields ?? []) {
    if (field.type !== 'text' || field.bulk) continue;
    const value = text(record.fields[field.name]);
    if (value !== null) return value;
  }
  return record.rowId ?? record.localId;
}
