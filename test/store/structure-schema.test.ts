import { findStructureDamage } from '../../src/store/find-structure-damage.js';
import { dexieStoreSyntax, sameSchema, type SchemaShape, type TableShape } from '../../src/store/schema-shape.js';
import { FIXED_SCHEMA, wantedSchema } from '../../src/store/wanted-schema.js';
import { NAME_LIST } from './store-fixtures.js';

const tables = [
  { objectType: 'Account', indexedFields: ['Name'], list: NAME_LIST },
  { objectType: 'Contact', indexedFields: ['Email', 'AccountId'], list: NAME_LIST },
];

function without(schema: SchemaShape, change: (copy: Map<string, TableShape>) => void): SchemaShape {
  const copy = new Map(schema);
  change(copy);
  return copy;
}

describe('wantedSchema', () => {
  it('is the fixed tables plus one record table per object type', () => {
    const schema = wantedSchema(tables);
    expect([...schema.keys()].sort()).toEqual(['archive', 'issues', 'meta', 'rec_Account', 'rec_Contact', 'syncLog']);
    const contact = schema.get('rec_Contact');
    expect(contact && dexieStoreSyntax(contact)).toBe(
      'localId,rowId,[rowId+lastUpd],state,pending.operationId,fields.AccountId,fields.Email,listing.sort,listing.changed,*listing.words',
    );
    expect(dexieStoreSyntax(FIXED_SCHEMA.get('meta')!)).toBe('key');
  });

  it('merges repeated object types and ignores the order of fields', () => {
    const merged = wantedSchema([
      { objectType: 'Contact', indexedFields: ['Email'], list: NAME_LIST },
      { objectType: 'Contact', indexedFields: ['AccountId', 'Email'], list: NAME_LIST },
    ]);
    expect(
      sameSchema(
        merged,
        without(wantedSchema(tables), (s) => s.delete('rec_Account')),
      ),
    ).toBe(true);
  });

  it('refuses a field name that cannot be a key path', () => {
    expect(() => wantedSchema([{ objectType: 'Account', indexedFields: ['Account Name'], list: NAME_LIST }])).toThrow(/cannot be indexed/);
  });
});

describe('dexieStoreSyntax', () => {
  it.each<[TableShape, string]>([
    [{ keyPath: 'id', autoIncrement: false, indexes: [] }, 'id'],
    [{ keyPath: 'id', autoIncrement: true, indexes: [] }, '++id'],
    [{ keyPath: null, autoIncrement: false, indexes: [{ keyPath: 'a', unique: false, multiEntry: false }] }, ',a'],
    [
      {
        keyPath: ['a', 'b'],
        autoIncrement: false,
        indexes: [
          { keyPath: 'e', unique: true, multiEntry: false },
          { keyPath: 't', unique: false, multiEntry: true },
        ],
      },
      '[a+b],&e,*t',
    ],
  ])('%j → %s', (shape, syntax) => {
    expect(dexieStoreSyntax(shape)).toBe(syntax);
  });
});

describe('findStructureDamage', () => {
  const wanted = wantedSchema(tables);

  it.each<[string, SchemaShape, string | null]>([
    ['identical', wanted, null],
    ['identical plus Dexie’s $meta', without(wanted, (s) => s.set('$meta', { keyPath: null, autoIncrement: false, indexes: [] })), null],
    ['a record table missing', without(wanted, (s) => s.delete('rec_Contact')), 'The local table for Contact ("rec_Contact") is missing.'],
    ['a fixed table missing', without(wanted, (s) => s.delete('issues')), 'The local table "issues" is missing.'],
    [
      'an index missing',
      without(wanted, (s) =>
        s.set('rec_Account', { ...s.get('rec_Account')!, indexes: s.get('rec_Account')!.indexes.filter((i) => i.keyPath !== 'state') }),
      ),
      'The index state of the local table for Account ("rec_Account") is missing.',
    ],
    [
      'an extra index',
      without(wanted, (s) =>
        s.set('rec_Account', {
          ...s.get('rec_Account')!,
          indexes: [...s.get('rec_Account')!.indexes, { keyPath: 'fields.X', unique: false, multiEntry: false }],
        }),
      ),
      'The local table for Account ("rec_Account") has an index the package does not define (fields.X).',
    ],
    [
      'a different primary key',
      without(wanted, (s) => s.set('meta', { keyPath: null, autoIncrement: false, indexes: [] })),
      'The local table "meta" has the wrong primary key (none).',
    ],
    [
      'an extra record table',
      without(wanted, (s) => s.set('rec_Lead', s.get('rec_Account')!)),
      'The local table for Lead ("rec_Lead") is not part of the applied package.',
    ],
  ])('%s', (_case, installed, expected) => {
    expect(findStructureDamage(installed, wanted)).toBe(expected);
  });
});
