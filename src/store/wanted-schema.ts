import { ProtocolError } from '../protocol/index.js';
import type { TableSpec } from './local-store.js';
import type { IndexShape, KeyPath, SchemaShape, TableShape } from './schema-shape.js';
import { ARCHIVE_TABLE, ISSUES_TABLE, META_TABLE, recordTableName, SYNC_LOG_TABLE } from './table-names.js';

const plainIndex = (keyPath: KeyPath): IndexShape => ({ keyPath, unique: false, multiEntry: false });

/**
 * The tables every store has, whatever package is installed. A store opened by a
 * version without one of them gets it at open (DatabaseConnection adds missing fixed
 * tables), keeping everything else: that is how `syncLog` reaches existing devices.
 */
export const FIXED_SCHEMA: SchemaShape = new Map<string, TableShape>([
  [META_TABLE, { keyPath: 'key', autoIncrement: false, indexes: [] }],
  [ISSUES_TABLE, { keyPath: 'id', autoIncrement: false, indexes: [] }],
  [ARCHIVE_TABLE, { keyPath: 'id', autoIncrement: false, indexes: [] }],
  // Keys given by IndexedDB in append order: the oldest entry has the lowest, which is what the cap drops first.
  [SYNC_LOG_TABLE, { keyPath: 'seq', autoIncrement: true, indexes: [] }],
]);

/**
 * Indexes of every record table: `rowId` (server lookups), `[rowId+lastUpd]` (the
 * change keys, read without the bodies for reconciliation; records without a row id
 * are not in it), `state` and `pending.operationId` (the outbox: a record without a
 * pending upload has no key there, so that index holds exactly the records with one).
 */
const RECORD_INDEXES: readonly KeyPath[] = ['rowId', ['rowId', 'lastUpd'], 'state', 'pending.operationId'];

/**
 * The list indexes (record-listing.ts): `listing.sort` (title order), `listing.changed`
 * (recently changed) and the multi-entry `listing.words` (search by word prefix). A
 * deleted record has no `listing`, so it is in none of them: a list reads live records only.
 */
const LISTING_INDEXES: readonly IndexShape[] = [
  plainIndex('listing.sort'),
  plainIndex('listing.changed'),
  { keyPath: 'listing.words', unique: false, multiEntry: true },
];

/**
 * Record-table indexes a later version of the store added: a store installed before
 * lacks them, and gets them in place on its next structure check (upgradeInPlace),
 * built by IndexedDB from the rows already there, instead of a reinstall.
 */
export const INDEXES_ADDED_LATER: readonly KeyPath[] = [['rowId', 'lastUpd'], ...LISTING_INDEXES.map((index) => index.keyPath)];

/** Field names become key path segments (`fields.Name`), so they must be identifiers. */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The structure the store should have for these object types: the fixed tables plus one record table each. */
export function wantedSchema(tables: readonly TableSpec[]): SchemaShape {
  const fields = new Map<string, Set<string>>();
  for (const spec of tables) {
    const set = fields.get(spec.objectType) ?? new Set<string>();
    for (const field of spec.indexedFields) {
      if (!FIELD_NAME.test(field)) {
        throw new ProtocolError(
          'INVALID_REQUEST',
          `The field name "${field}" of ${spec.objectType} cannot be indexed (letters, digits and _ only)`,
          {
            objectType: spec.objectType,
            field,
          },
        );
      }
      set.add(field);
    }
    fields.set(spec.objectType, set);
  }
  const schema = new Map<string, TableShape>(FIXED_SCHEMA);
  for (const [objectType, indexed] of fields) {
    const keyPaths: KeyPath[] = [...RECORD_INDEXES, ...[...indexed].sort().map((field) => `fields.${field}`)];
    schema.set(recordTableName(objectType), {
      keyPath: 'localId',
      autoIncrement: false,
      indexes: [...keyPaths.map(plainIndex), ...LISTING_INDEXES],
    });
  }
  return schema;
}
