import {
  checkFieldValue,
  checkRecordFields,
  type FieldDefinition,
  type FieldRule,
  type ObjectDefinition,
} from '../../src/metadata/index.js';
import { ProtocolError, type FieldValue } from '../../src/protocol/index.js';
import { assertNoFieldProblems } from '../../src/metadata/index.js';

const probability: FieldDefinition = { name: 'Probability', type: 'number', kind: 'percent', label: 'Probability (%)' };
const narrowPercent: FieldDefinition = { name: 'Share', type: 'number', kind: 'percent', min: 10, max: 90 };
const revenue: FieldDefinition = { name: 'Revenue', type: 'number', kind: 'currency', currency: 'EUR', min: 0 };
const yen: FieldDefinition = { name: 'Price', type: 'number', kind: 'currency', currency: 'JPY' };
const dinar: FieldDefinition = { name: 'Fee', type: 'number', kind: 'currency', currency: 'KWD' };
const employees: FieldDefinition = { name: 'Employees', type: 'number', min: 0 };
const score: FieldDefinition = { name: 'Score', type: 'number', min: -5, max: 5.5 };
const phone: FieldDefinition = { name: 'Phone', type: 'text', maxLength: 40, kind: 'phone' };
const email: FieldDefinition = { name: 'Email', type: 'text', maxLength: 120, kind: 'email', label: 'E-mail' };
const website: FieldDefinition = { name: 'Website', type: 'text', maxLength: 200, kind: 'url' };
const postcode: FieldDefinition = { name: 'Postcode', type: 'text', pattern: '[0-9]{5}|[A-Z]{2}-[0-9]{4}' };
const name: FieldDefinition = { name: 'Name', type: 'text', required: true, maxLength: 5 };
const stage: FieldDefinition = { name: 'Stage', type: 'picklist', values: ['Open', 'Closed'] };
const closeDate: FieldDefinition = { name: 'CloseDate', type: 'date' };

describe('checkFieldValue: accepted values', () => {
  const cases: Array<[string, FieldDefinition, FieldValue]> = [
    ['percent 0', probability, 0],
    ['percent 100', probability, 100],
    ['percent with a fraction', probability, 12.5],
    ['percent as SOAP text', probability, '100'],
    ['percent inside narrowed bounds', narrowPercent, 90],
    ['no value on an optional field', probability, null],
    ['empty text is no value', email, ''],
    ['currency 0 (the min)', revenue, 0],
    ['currency with cents', revenue, 1250.75],
    ['currency as SOAP text', revenue, '1000.5'],
    ['whole yen', yen, 1500],
    ['three decimals of dinar', dinar, 1.125],
    ['min 0, value 0', employees, 0],
    ['fractional max reached', score, 5.5],
    ['negative min reached', score, -5],
    ['international phone', phone, '+49 30 1234 5678'],
    ['phone with brackets, dash, dot and slash', phone, '(030) 123-45.67/8'],
    ['five digits', phone, '12345'],
    ['e-mail', email, 'anna.berg@example.com'],
    ['e-mail with a plus and a subdomain', email, 'a+b@mail.example.co.uk'],
    ['e-mail with an accented domain', email, 'info@müller.de'],
    ['http address', website, 'http://example.com'],
    ['https address with a path and query', website, 'https://www.example.com/a/b?c=d#e'],
    ['address with a port', website, 'https://localhost:8443/'],
    ['pattern, first alternative', postcode, '12345'],
    ['pattern, second alternative', postcode, 'AT-1010'],
    ['required text', name, 'Acme'],
    ['picklist value', stage, 'Open'],
    ['date', closeDate, '2026-11-30'],
  ];
  test.each(cases)('%s', (_, field, value) => {
    expect(checkFieldValue(field, value)).toBeNull();
  });
});

describe('checkFieldValue: refused values name the field, the rule and say why', () => {
  const cases: Array<[string, FieldDefinition, FieldValue, FieldRule, string]> = [
    ['percent above 100', probability, 150, 'max', 'Probability (%) must be at most 100'],
    ['percent below 0', probability, -1, 'min', 'Probability (%) must be at least 0'],
    ['percent above a narrower max', narrowPercent, 95, 'max', 'Share must be at most 90'],
    ['percent below a narrower min', narrowPercent, 5, 'min', 'Share must be at least 10'],
    ['negative revenue', revenue, -1000, 'min', 'Revenue must be at least 0'],
    ['revenue as SOAP text', revenue, '-1000', 'min', 'Revenue must be at least 0'],
    ['fractions of a cent', revenue, 10.005, 'kind', 'Revenue must be an amount of EUR with at most 2 decimals'],
    ['fractions of a yen', yen, 10.5, 'kind', 'Price must be a whole amount of JPY'],
    ['four decimals of dinar', dinar, 1.1255, 'kind', 'Fee must be an amount of KWD with at most 3 decimals'],
    ['negative employees', employees, -5, 'min', 'Employees must be at least 0'],
    ['above a fractional max', score, 5.51, 'max', 'Score must be at most 5.5'],
    ['phone in words', phone, 'call me maybe ###', 'kind', 'Phone must be a phone number'],
    ['phone with four digits', phone, '12-34', 'kind', 'at least 5 digits'],
    ['phone with + in the middle', phone, '030 +1234567', 'kind', 'Phone must be a phone number'],
    ['phone with more than 20 digits', phone, '1'.repeat(21), 'kind', 'Phone must be a phone number'],
    ['phone with letters', phone, '0800-FLOWERS', 'kind', 'Phone must be a phone number'],
    ['two @ and a space', email, 'not an email@@', 'kind', 'E-mail must be an e-mail address'],
    ['no @', email, 'anna.example.com', 'kind', 'E-mail must be an e-mail address'],
    ['two @', email, 'a@b@example.com', 'kind', 'E-mail must be an e-mail address'],
    ['no dot in the domain', email, 'anna@localhost', 'kind', 'E-mail must be an e-mail address'],
    ['empty domain label', email, 'anna@example..com', 'kind', 'E-mail must be an e-mail address'],
    ['domain ends with a dot', email, 'anna@example.', 'kind', 'E-mail must be an e-mail address'],
    ['nothing before @', email, '@example.com', 'kind', 'E-mail must be an e-mail address'],
    ['a space inside', email, 'anna berg@example.com', 'kind', 'E-mail must be an e-mail address'],
    ['no scheme', website, 'www.example.com', 'kind', 'Website must be a web address starting with http:// or https://'],
    ['another scheme', website, 'ftp://example.com', 'kind', 'Website must be a web address'],
    ['javascript: is not a web address', website, 'javascript:alert(1)', 'kind', 'Website must be a web address'],
    ['no host', website, 'https://', 'kind', 'Website must be a web address'],
    ['a space inside', website, 'https://exa mple.com', 'kind', 'Website must be a web address'],
    ['pattern: too short', postcode, '1234', 'pattern', 'Postcode is not in the required format'],
    ['pattern matches the whole value, not a part', postcode, '123456', 'pattern', 'Postcode is not in the required format'],
    ['pattern: alternatives are anchored too', postcode, 'xAT-1010', 'pattern', 'Postcode is not in the required format'],
    ['required field emptied', name, null, 'required', 'Name is required'],
    ['required field emptied with ""', name, '', 'required', 'Name is required'],
    ['longer than the length', name, 'Acme Corp', 'maxLength', 'Name must be at most 5 characters'],
    ['not a picklist value', stage, 'Won', 'values', 'Stage must be one of Open, Closed'],
    ['not a number', revenue, 'lots', 'type', 'Revenue must be a number'],
    ['not a date', closeDate, '30.11.2026', 'type', 'CloseDate must be a date'],
  ];
  test.each(cases)('%s', (_, field, value, rule, words) => {
    const problem = checkFieldValue(field, value);
    expect(problem).toEqual({ field: field.name, rule, message: expect.stringContaining(words) as unknown });
  });
});

describe('checkRecordFields', () => {
  const opportunity: ObjectDefinition = {
    name: 'Opportunity',
    titleField: 'Name',
    userKeys: [],
    fields: [name, probability, revenue],
  };

  test('checks exactly the fields given, every one of them', () => {
    expect(checkRecordFields(opportunity, { Probability: 150, Revenue: -1000 }).map((p) => [p.field, p.rule])).toEqual([
      ['Probability', 'max'],
      ['Revenue', 'min'],
    ]);
  });

  test('a field not written is not checked, even when required (an update of other fields)', () => {
    expect(checkRecordFields(opportunity, { Probability: 50 })).toEqual([]);
  });

  test('fields the object does not define are left to normalizeFields', () => {
    expect(checkRecordFields(opportunity, { Color: 'red' })).toEqual([]);
  });

  test('assertNoFieldProblems refuses with INVALID_REQUEST naming field and rule, details { field, rule }', () => {
    const problems = checkRecordFields(opportunity, { Probability: 150, Revenue: -1000 });
    let thrown: unknown;
    try {
      assertNoFieldProblems(opportunity, problems);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    const error = thrown as ProtocolError;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toBe(
      'Invalid Opportunity: Probability (max): Probability (%) must be at most 100; Revenue (min): Revenue must be at least 0',
    );
    expect(error.details).toMatchObject({ objectType: 'Opportunity', field: 'Probability', rule: 'max' });
    expect(() => assertNoFieldProblems(opportunity, [])).not.toThrow();
  });
});
