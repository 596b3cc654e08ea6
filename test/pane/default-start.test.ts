import type { ObjectDefinition } from '../../src/metadata/index.js';
import { defaultStartField, nextQuarterHour } from '../../src/taskpane/records/default-start.js';

describe('nextQuarterHour', () => {
  it.each([
    ['2026-12-01T09:07:00.000Z', '2026-12-01T09:15:00.000Z'],
    ['2026-12-01T09:15:00.000Z', '2026-12-01T09:30:00.000Z'],
    ['2026-12-01T09:59:59.999Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-31T23:50:00.000Z', '2027-01-01T00:00:00.000Z'],
  ])('%s → %s', (now, next) => expect(nextQuarterHour(Date.parse(now))).toBe(next));
});

describe('defaultStartField', () => {
  const activity: ObjectDefinition = {
    name: 'Activity',
    titleField: 'Subject',
    fields: [
      { name: 'Subject', type: 'text' },
      { name: 'Due', type: 'datetime' },
      { name: 'Start', type: 'datetime' },
    ],
    userKeys: [],
  };
  it.each([
    ['an activity starts now-ish', activity, undefined, 'Start'],
    ['unless it is given a start', activity, { Start: '2026-12-01T10:00:00.000Z' }, null],
    ['an empty given start still gets one', activity, { Start: '' }, 'Start'],
    ['a type without a Start field gets none', { ...activity, fields: [{ name: 'Due', type: 'datetime' }] }, undefined, null],
    ['a read-only Start is left alone', { ...activity, fields: [{ name: 'Start', type: 'datetime', readOnly: true }] }, undefined, null],
    ['a date (not date-time) Start is left alone', { ...activity, fields: [{ name: 'StartDate', type: 'date' }] }, undefined, null],
  ])('%s', (_name, object, initial, field) => {
    expect(defaultStartField(object as ObjectDefinition, initial)).toBe(field);
  });
});
