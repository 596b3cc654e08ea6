import type { FieldDefinition, ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import { fromDatetimeLocal } from '../../src/taskpane/records/datetime-local.js';
import { readFormValues, type FormInput } from '../../src/taskpane/records/read-form-values.js';
import { FORM_OPPORTUNITY as OPPORTUNITY } from '../support/demo-package.js';

const valid: Record<string, FormInput> = { Name: 'Big deal', AccountId: 'ROW-1', Stage: 'Proposal' };
const read = (patch: Record<string, FormInput>) => readFormValues(OPPORTUNITY, { ...valid, ...patch });

describe('readFormValues', () => {
  test.each<[string, Record<string, FormInput>, string, unknown]>([
    ['text is trimmed', { Name: '  Big deal  ' }, 'Name', 'Big deal'],
    ['a number', { Revenue: '1250.5' }, 'Revenue', 1250.5],
    ['a negative number with spaces', { Revenue: ' -3 ' }, 'Revenue', -3],
    ['an empty optional number clears the field', { Revenue: '' }, 'Revenue', null],
    ['a date', { CloseDate: '2026-02-28' }, 'CloseDate', '2026-02-28'],
    ['a datetime-local value becomes ISO UTC', { Start: '2026-03-05T14:30' }, 'Start', fromDatetimeLocal('2026-03-05T14:30')],
    ['an ISO date-time with a zone is kept (normalised)', { Start: '2026-03-05T14:30:00+01:00' }, 'Start', '2026-03-05T13:30:00.000Z'],
    ['a checked checkbox', { Hot: true }, 'Hot', true],
    ['an unchecked checkbox is false, not empty', { Hot: false }, 'Hot', false],
    ['a picklist value', { Stage: 'Closed Won' }, 'Stage', 'Closed Won'],
    ['a reference id', { AccountId: 'L-1234' }, 'AccountId', 'L-1234'],
    ['text exactly at the maximum length', { Name: 'x'.repeat(12) }, 'Name', 'x'.repeat(12)],
  ])('reads %s', (_name, patch, field, expected) => {
    const { values, errors } = read(patch);
    expect(errors).toEqual({});
    expect(values[field]).toEqual(expected);
  });

  test.each<[string, Record<string, FormInput>, string, string]>([
    ['a missing required text', { Name: '' }, 'Name', 'Name is required.'],
    ['a required text of spaces only', { Name: '   ' }, 'Name', 'Name is required.'],
    ['a missing required picklist', { Stage: '' }, 'Stage', 'Stage is required.'],
    ['a missing required reference', { AccountId: '' }, 'AccountId', 'Account is required.'],
    ['text over the maximum length', { Name: 'x'.repeat(13) }, 'Name', 'Name can be at most 12 characters; it has 13.'],
    ['a picklist value not in the list', { Stage: 'Won-ish' }, 'Stage', 'Choose one of the listed values for Stage.'],
    ['text in a number field', { Revenue: '12,5' }, 'Revenue', 'Enter a number, such as 1250 or 12.5.'],
    ['a day that does not exist', { CloseDate: '2026-02-30' }, 'CloseDate', 'Enter a real date.'],
    ['a date in another format', { CloseDate: '28/02/2026' }, 'CloseDate', 'Enter a real date.'],
    ['a date-time that does not exist', { Start: '2026-04-31T10:00' }, 'Start', 'Enter a real date and time.'],
    ['a date-time without a time', { Start: '2026-04-30' }, 'Start', 'Enter a real date and time.'],
    ['a reference that is not an id', { AccountId: 'Acme Corp' }, 'AccountId', 'Choose an account from the list.'],
  ])('refuses %s', (_name, patch, field, message) => {
    const { values, errors } = read(patch);
    expect(errors).toEqual({ [field]: message });
    expect(values).not.toHaveProperty(field);
  });

  test('reports every problem at once', () => {
    expect(Object.keys(readFormValues(OPPORTUNITY, { Name: '', AccountId: '', Stage: 'x', Revenue: 'y' }).errors).sort()).toEqual([
      'AccountId',
      'Name',
      'Revenue',
      'Stage',
    ]);
  });

  test('reads only the fields the form has (read-only fields are left alone)', () => {
    const { values } = read({});
    expect(Object.keys(values).sort()).toEqual(['AccountId', 'Name', 'Stage']);
  });

  test('a reference is mapped through resolveReference; no match is an error', () => {
    const titles: Record<string, string> = { 'Acme Corp': 'ROW-7' };
    const seen: FieldDefinition[] = [];
    const resolveReference = (field: FieldDefinition, text: string) => {
      seen.push(field);
      return titles[text] ?? null;
    };
    expect(readFormValues(OPPORTUNITY, { ...valid, AccountId: 'Acme Corp' }, { resolveReference }).values['AccountId']).toBe('ROW-7');
    expect(readFormValues(OPPORTUNITY, { ...valid, AccountId: 'Nobody' }, { resolveReference }).errors).toEqual({
      AccountId: 'Choose an account from the list.',
    });
    expect(readFormValues(OPPORTUNITY, { ...valid, AccountId: '' }, { resolveReference }).errors).toEqual({
      AccountId: 'Account is required.',
    });
    expect(seen.map((f) => f.name)).toEqual(['AccountId', 'AccountId']);
  });

  describe("the package's constraints, checked with checkFieldValue", () => {
    const RULED: ObjectDefinition = {
      ...OPPORTUNITY,
      fields: [
        ...OPPORTUNITY.fields,
        { name: 'Probability', type: 'number', kind: 'percent', label: 'Probability (%)' },
        { name: 'Email', type: 'text', kind: 'email', label: 'E-mail' },
      ],
    };
    const readRuled = (patch: Record<string, FormInput>, serverValues?: Record<string, FieldValue>) =>
      readFormValues(RULED, { ...valid, ...patch }, { serverValues: serverValues ?? null });

    test.each<[string, Record<string, FormInput>, string, string]>([
      ['a percent over 100', { Probability: '150' }, 'Probability', 'Probability (%) must be at most 100.'],
      ['a negative percent', { Probability: '-1' }, 'Probability', 'Probability (%) must be at least 0.'],
      ['an e-mail address with two @', { Email: 'not an email@@' }, 'Email', 'E-mail must be an e-mail address like name@example.com.'],
    ])('refuses %s at its field', (_name, patch, field, message) => {
      const { values, errors } = readRuled(patch);
      expect(errors).toEqual({ [field]: message });
      expect(values).not.toHaveProperty(field);
    });

    test('accepts values inside the rules', () => {
      expect(readRuled({ Probability: '100', Email: 'a@example.com' })).toEqual({
        values: { ...valid, Probability: 100, Email: 'a@example.com' },
        errors: {},
      });
    });

    test('a value the server already holds is not refused for a rule (it is not uploaded again); a new one is', () => {
      expect(readRuled({ Probability: '150' }, { Probability: 150 }).errors).toEqual({});
      expect(readRuled({ Probability: '151' }, { Probability: 150 }).errors).toEqual({
        Probability: 'Probability (%) must be at most 100.',
      });
      // Required and type still apply to a server value.
      expect(readRuled({ Name: '' }, { Name: null }).errors).toEqual({ Name: 'Name is required.' });
    });
  });
});
