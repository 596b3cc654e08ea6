import type { FieldDefinition, ObjectDefinition } from '../../metadata/index.js';

/** Fields that tell records apart at a glance, in order of preference. */
const PREFERRED = ['Email', 'JobTitle', 'Location', 'Industry', 'Stage', 'CloseDate', 'Type', 'Start', 'Status', 'Phone', 'City'];
const SHOWN_TYPES = new Set<FieldDefinition['type']>(['text', 'picklist', 'date', 'datetime', 'number']);

/**
 * The fields of a list row's second line: up to `count` short fields that are not
 * the title (nor part of it), preferring the usual telling ones (Contact: e-mail
 * and job title; Opportunity: stage and close date), then the package's order.
 * References and bulk fields are left out: a row must not need another lookup.
 */
export function summaryFields(object: ObjectDefinition, count = 2): FieldDefinition[] {
  const titleParts = new Set([object.titleField, object.titleField.replace(/last(name)$/i, 'First$1')]);
  const candidates = object.fields.filter((field) => !titleParts.has(field.name) && !field.bulk && SHOWN_TYPES.has(field.type));
  const rank = (field: FieldDefinition) => {
    const index = PREFERRED.indexOf(field.name);
    return index === -1 ? PREFERRED.length : index;
  };
  return candidates
    .map((field, order) => ({ field, order }))
    .sort((a, b) => rank(a.field) - rank(b.field) || a.order - b.order)
    .slice(0, Math.max(0, count))
    .map(({ field }) => field);
}
