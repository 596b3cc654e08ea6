/**
 * The description of CRM objects: their fields with type, required and length,
 * and their user keys. The gateway's catalog (the server-side repository every
 * request is checked against) and, later, the objects of a customization package
 * use the same shapes, so client and gateway validate a record the same way.
 */
export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'boolean' | 'reference' | 'picklist';

/**
 * What a value means beyond its type (a package constraint, docs/customization-package.md):
 * e-mail, phone and url hold text, percent and currency hold numbers. checkFieldValue
 * knows the rule of each.
 */
export const FIELD_KINDS = ['email', 'phone', 'url', 'percent', 'currency'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly required?: boolean;
  /** Maximum length of text values (text, picklist). */
  readonly maxLength?: number;
  /** For `reference` fields: the object type the row id points to. */
  readonly references?: string;
  /** For `picklist` fields: the allowed values. */
  readonly values?: readonly string[];
  /** Bulk data (long bodies, attachments): not part of a device extract. */
  readonly bulk?: boolean;
  /** Shown but not editable on the client (a package's security rule). */
  readonly readOnly?: boolean;
  /** What people see; defaults to the name. */
  readonly label?: string;
  /** Smallest allowed value of a number field (inclusive). */
  readonly min?: number;
  /** Largest allowed value of a number field (inclusive). */
  readonly max?: number;
  /** A regular expression the whole text value must match (checked safe when the package is read). */
  readonly pattern?: string;
  readonly kind?: FieldKind;
  /** For kind `currency`: the ISO 4217 code of the amounts (`EUR`). */
  readonly currency?: string;
}

export interface ObjectDefinition {
  readonly name: string;
  /** The field that names a record for people (lists, conflicts). */
  readonly titleField: string;
  readonly fields: readonly FieldDefinition[];
  /** Alternative user keys; a record matching all fields of any key is a duplicate. */
  readonly userKeys: readonly (readonly string[])[];
  /** Plural label for lists; defaults to the name. */
  readonly label?: string;
  /** Whether a rep may switch synchronisation of this object type off (package setting). */
  readonly canDisable?: boolean;
}

export interface ObjectCatalog {
  readonly objects: readonly ObjectDefinition[];
}

export function findObject(catalog: ObjectCatalog, name: string): ObjectDefinition | undefined {
  return catalog.objects.find((o) => o.name === name);
}

export function findField(object: ObjectDefinition, name: string): FieldDefinition | undefined {
  return object.fields.find((f) => f.name === name);
}
