import { coerceFieldValue, type FieldDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';

const text: FieldDefinition = { name: 'Name', type: 'text', maxLength: 5 };
const picklist: FieldDefinition = { name: 'Stage', type: 'picklist', values: ['Open', 'Closed'], maxLength: 6 };
const number: FieldDefinition = { name: 'Revenue', type: 'number' };
const boolean: FieldDefinition = { name: 'Vip', type: 'boolean' };
const date: FieldDefinition = { name: 'CloseDate', type: 'date' };
const datetime: FieldDefinition = { name: 'Start', type: 'datetime' };
const reference: FieldDefinition = { name: 'AccountId', type: 'reference', references: 'Account' };
const ALL_TYPES = [text, picklist, number, boolean, date, datetime, reference];

describe('accepted values come back in stored form', () => {
  const cases: Array<[string, FieldDefinition, FieldValue, FieldValue]> = [
    ['text as given', text, 'Acme', 'Acme'],
    // Spaces are data: only user keys normalise them, the stored value keeps them.
    ['text keeps surrounding spaces', text, ' Ac ', ' Ac '],
    ['text of exactly maxLength', text, 'abcde', 'abcde'],
    ['maxLength counts characters, not bytes', text, 'École', 'École'],
    ['picklist value', picklist, 'Open', 'Open'],
    ['picklist value of exactly maxLength', picklist, 'Closed', 'Closed'],
    ['JSON number', number, 42, 42],
    ['negative fraction', number, -3.5, -3.5],
    ['zero', number, 0, 0],
    ['numeric string (SOAP sends text)', number, '42', 42],
    ['numeric string with surrounding spaces', number, ' 42 ', 42],
    ['negative decimal string', number, '-0.25', -0.25],
    ['exponent string', number, '1e3', 1000],
    ['JSON true', boolean, true, true],
    ['JSON false', boolean, false, false],
    ["'true' (SOAP)", boolean, 'true', true],
    ["'false' (SOAP)", boolean, 'false', false],
    ['calendar date', date, '2026-11-21', '2026-11-21'],
    ['29 February of a leap year', date, '2024-02-29', '2024-02-29'],
    ['datetime already in stored form', datetime, '2026-11-21T09:00:00.000Z', '2026-11-21T09:00:00.000Z'],
    ['datetime with a positive offset → UTC with milliseconds', datetime, '2026-11-21T10:30:00+02:00', '2026-11-21T08:30:00.000Z'],
    ['datetime with a negative offset crossing midnight', datetime, '2026-11-21T23:30-05:00', '2026-11-22T04:30:00.000Z'],
    ['datetime with fractional seconds', datetime, '2026-11-21T08:30:00.5Z', '2026-11-21T08:30:00.500Z'],
    ['datetime on 29 February of a leap year', datetime, '2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['reference row id', reference, '1-ABC.x_9', '1-ABC.x_9'],
    ['reference row id of 64 characters', reference, 'X'.repeat(64), 'X'.repeat(64)],
  ];
  test.each(cases)('%s', (_, field, input, stored) => {
    expect(coerceFieldValue(field, input)).toEqual({ ok: true, value: stored });
  });
});

describe('refused values say why', () => {
  const cases: Array<[string, FieldDefinition, FieldValue, string]> = [
    ['text one over maxLength', text, 'abcdef', 'Name must be at most 5 characters, got 6'],
    ['a number for text', text, 42, 'Name must be text, got 42'],
    ['a boolean for text', text, true, 'Name must be text'],
    ['a value outside the picklist', picklist, 'Won', 'Stage must be one of Open, Closed, got "Won"'],
    ['a picklist value in another case', picklist, 'open', 'Stage must be one of Open, Closed'],
    ['picklist one over maxLength', picklist, 'Closed!', 'Stage must be at most 6 characters, got 7'],
    ['a number for a picklist', picklist, 1, 'Stage must be text'],
    ["'abc' for a number", number, 'abc', 'Revenue must be a number, got "abc"'],
    ['digits followed by letters', number, '12abc', 'Revenue must be a number'],
    ['hexadecimal text', number, '0x10', 'Revenue must be a number'],
    ['Infinity', number, Infinity, 'Revenue must be a number'],
    ['NaN', number, NaN, 'Revenue must be a number'],
    ['a boolean for a number', number, true, 'Revenue must be a number'],
    ["'TRUE' in capitals", boolean, 'TRUE', 'Vip must be true or false, got "TRUE"'],
    ["'yes'", boolean, 'yes', 'Vip must be true or false'],
    ['1 for a boolean', boolean, 1, 'Vip must be true or false'],
    ['30 February', date, '2026-02-30', 'CloseDate must be a real calendar date'],
    ['29 February of a common year', date, '2025-02-29', 'CloseDate must be a real calendar date'],
    ['month 13', date, '2026-13-01', 'CloseDate must be a date YYYY-MM-DD'],
    ['a date without leading zeros', date, '2026-1-5', 'CloseDate must be a date YYYY-MM-DD'],
    ['a datetime for a date', date, '2026-11-21T00:00:00Z', 'CloseDate must be a date YYYY-MM-DD'],
    ['a number for a date', date, 20261121, 'CloseDate must be a date YYYY-MM-DD'],
    ['a datetime without a zone', datetime, '2026-11-21T08:30:00', 'Start must be an ISO 8601 date and time with a zone'],
    ['a date for a datetime', datetime, '2026-11-21', 'Start must be an ISO 8601'],
    ['words for a datetime', datetime, 'tomorrow', 'Start must be an ISO 8601'],
    ['epoch milliseconds for a datetime', datetime, 1_795_000_000_000, 'Start must be an ISO 8601'],
    // Date.parse rolls 30 February over to 2 March; storing that would silently move the appointment.
    ['a datetime on 30 February', datetime, '2026-02-30T10:00:00Z', 'Start must be a real calendar date'],
    ['a row id with a space', reference, '1 ABC', 'AccountId must be the row id of a Account, got "1 ABC"'],
    ['a row id of 65 characters', reference, 'X'.repeat(65), 'AccountId must be the row id of a Account'],
    ['a number for a reference', reference, 42, 'AccountId must be the row id of a Account'],
  ];
  test.each(cases)('%s', (_, field, input, reason) => {
    const result = coerceFieldValue(field, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('no value is stored as null, whatever the type', () => {
  test.each(ALL_TYPES.map((f) => [f.type, f] as const))('%s: empty string and null → null', (_, field) => {
    expect(coerceFieldValue(field, '')).toEqual({ ok: true, value: null });
    expect(coerceFieldValue(field, null)).toEqual({ ok: true, value: null });
  });

  test('a single space is text, not "no value"', () => {
    expect(coerceFieldValue(text, ' ')).toEqual({ ok: true, value: ' ' });
  });
});
