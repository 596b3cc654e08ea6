import type { ObjectDefinition } from '../../src/metadata/index.js';
import { foldText, listingMatches, listSpecOf, recordListing, searchTerms, type ListSpec } from '../../src/store/index.js';
import { CONTACT_LIST, NAME_LIST, record } from './store-fixtures.js';

const contact = (first: string, last: string, email: string | null = null) =>
  record('Contact', `c-${first}-${last}`, {}, { FirstName: first, LastName: last, Email: email });

describe('foldText', () => {
  it.each([
    ['Ærøskøbing', 'ærøskøbing'],
    ['  José   MARÍA ', 'jose maria'],
    ['Ｆｕｌｌｗｉｄｔｈ', 'fullwidth'],
    ['Straße', 'straße'],
    ['', ''],
  ])('%j folds to %j', (text, folded) => expect(foldText(text)).toBe(folded));
});

describe('searchTerms', () => {
  it.each([
    ['', []],
    ['   ', []],
    ['Ada', ['ada']],
    ['ada  LOVELACE', ['ada', 'lovelace']],
    ['@example', ['example']],
    ['ada ada', ['ada']],
    ['!!! ?', []],
    ['Zoë', ['zoe']],
  ])('%j → %j', (search, terms) => expect(searchTerms(search)).toEqual(terms));

  it('cuts a term to the stored entry length, so a long paste still finds its record', () => {
    const long = 'x'.repeat(100);
    const listing = recordListing(record('Account', 'a1', {}, { Name: long }), NAME_LIST);
    expect(listing && listingMatches(listing, searchTerms(long))).toBe(true);
  });
});

describe('recordListing', () => {
  it('has no keys for a deleted record, so it is in no list', () => {
    expect(recordListing(record('Account', 'a1', { state: 'deleted' }), NAME_LIST)).toBeNull();
  });

  it('orders contacts by last name, then by the full title', () => {
    const keys = [contact('Zed', 'Adams'), contact('Ada', 'Lovelace'), contact('Alan', 'Adams')].map(
      (r) => recordListing(r, CONTACT_LIST)?.sort ?? '',
    );
    expect([...keys].sort()).toEqual([keys[2], keys[0], keys[1]]);
  });

  it.each([
    ['Unit 9', 'Unit 10'],
    ['unit 2', 'Unit 3'],
    ['Émile', 'Eve'],
    ['Ab', 'abc'],
    ['007 Agents', '8 Ball'],
  ])('sorts %j before %j (numbers by value, accents and case ignored)', (first, second) => {
    const key = (name: string) => recordListing(record('Account', name, {}, { Name: name }), NAME_LIST)?.sort ?? '';
    expect(key(first) < key(second)).toBe(true);
  });

  it('falls back to the usual name fields when the title field is empty, like the title the row shows', () => {
    const listing = recordListing(record('Account', 'a1', {}, { Name: null, Email: 'x@y.no' }), NAME_LIST);
    expect(listing?.sort).toBe('x@y.no\u0001x@y.no');
  });

  it("takes the later of the rep's edit and DB_LAST_UPD as the change time, 0 when neither is known", () => {
    const at = (patch: Parameters<typeof record>[2]) => recordListing(record('Account', 'a1', patch), NAME_LIST)?.changed;
    expect(at({ lastUpd: '2024-01-01T00:00:00.000Z', changedAt: null })).toBe(Date.parse('2024-01-01T00:00:00.000Z'));
    expect(at({ lastUpd: '2024-01-01T00:00:00.000Z', changedAt: Date.parse('2025-01-01T00:00:00.000Z') })).toBe(
      Date.parse('2025-01-01T00:00:00.000Z'),
    );
    expect(at({ lastUpd: null, changedAt: null })).toBe(0);
    expect(at({ lastUpd: 'not a date', changedAt: null })).toBe(0);
  });

  const ada = contact('Ada', 'Lovelace', 'ada.lovelace@example.com');
  it.each([
    ['ada', true],
    ['love', true],
    ['LOVELACE', true],
    ['ada lovelace', true],
    ['lovelace ada', true],
    ['lovelace@ex', true],
    ['example.com', true],
    ['@example', true],
    // Inside a domain only from its start: "com" would find every .com address.
    ['com', false],
    ['ovelace', false],
    ['ada babbage', false],
    ['grace', false],
  ])('a search for %j finds Ada Lovelace: %s', (search, found) => {
    const listing = recordListing(ada, CONTACT_LIST);
    expect(listing && listingMatches(listing, searchTerms(search))).toBe(found);
  });

  const call = record('Account', 'a3', {}, { Name: 'Call with Ada about pricing (2nd round)' });
  it.each([
    ['with ada', true],
    ['about pri', true],
    ['pricing call', true],
    ['2nd', true],
    ['round', true],
    ['withada', false],
    ['ada about pricing x', false],
  ])('a search for %j finds "Call with Ada about pricing (2nd round)": %s', (search, found) => {
    const listing = recordListing(call, NAME_LIST);
    expect(listing && listingMatches(listing, searchTerms(search))).toBe(found);
  });

  it('keeps no word entry that another entry starts with: the same searches find it with fewer index rows', () => {
    // "ada" (first name) and "lovelace" (last name) are found through the e-mail address's entries.
    expect(recordListing(ada, CONTACT_LIST)?.words).toEqual(['ada.lovelace@example.com', 'example.com', 'lovelace@example.com']);
    // The domain's later pieces are no entries; an '@' in prose leaves the words after it alone.
    const hill = contact('Kofi', 'Hill', 'hill@borealis-analytics.de');
    expect(recordListing(hill, CONTACT_LIST)?.words).toEqual(['borealis-analytics.de', 'hill@borealis-analytics.de', 'kofi']);
    const call = recordListing(record('Account', 'a2', {}, { Name: 'Call @ office today' }), NAME_LIST);
    expect(call?.words).toEqual(['call', 'office', 'today']);
    // Each entry ends at the next space: "nord" is the start of "nordic", and a word twice is one entry.
    const same = recordListing(record('Account', 'a1', {}, { Name: 'Nord Nordic nord' }), NAME_LIST);
    expect(same?.words).toEqual(['nordic']);
  });

  it("searches only the spec's fields", () => {
    const spec: ListSpec = { ...NAME_LIST, searchFields: ['Name'] };
    const listing = recordListing(record('Account', 'a1', {}, { Name: 'Beacon', City: 'Bergen' }), spec);
    expect(listing && listingMatches(listing, ['bergen'])).toBe(false);
    expect(listing && listingMatches(listing, ['beacon'])).toBe(true);
  });

  it('bounds the word entries of a long text', () => {
    const text = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const listing = recordListing(record('Account', 'a1', {}, { Name: text }), NAME_LIST);
    expect(listing?.words.length).toBeLessThanOrEqual(96);
    expect(listing?.words.every((word) => word.length <= 48)).toBe(true);
  });
});

describe('listSpecOf', () => {
  const contact: ObjectDefinition = {
    name: 'Contact',
    titleField: 'LastName',
    userKeys: [],
    fields: [
      { name: 'FirstName', type: 'text' },
      { name: 'LastName', type: 'text' },
      { name: 'Email', type: 'text' },
      { name: 'JobTitle', type: 'text' },
      { name: 'Phone', type: 'text' },
      { name: 'Notes', type: 'text', bulk: true },
      { name: 'Status', type: 'picklist', values: ['Active'] },
      { name: 'AccountId', type: 'reference', references: 'Account' },
    ],
  };
  it('searches the title field and the name and e-mail fields, keeps every short text field for the title fallback', () => {
    expect(listSpecOf(contact)).toEqual({
      titleField: 'LastName',
      fields: ['FirstName', 'LastName', 'Email', 'JobTitle', 'Phone'].map((name) => ({ name, type: 'text' })),
      searchFields: ['FirstName', 'LastName', 'Email'],
    });
  });
  it('searches an activity by its subject, an account by its name', () => {
    const activity: ObjectDefinition = {
      ...contact,
      name: 'Activity',
      titleField: 'Subject',
      fields: [
        { name: 'Subject', type: 'text' },
        { name: 'Type', type: 'picklist' },
      ],
    };
    expect(listSpecOf(activity).searchFields).toEqual(['Subject']);
    const account: ObjectDefinition = {
      ...contact,
      name: 'Account',
      titleField: 'Name',
      fields: [
        { name: 'Name', type: 'text' },
        { name: 'Location', type: 'text' },
      ],
    };
    expect(listSpecOf(account).searchFields).toEqual(['Name']);
  });
});
