import type { FieldValue } from '../protocol/index.js';
import { checkFieldValue, type FieldProblem } from './check-field-value.js';
import { findField, type ObjectDefinition } from './object-definition.js';

/**
 * checkFieldValue for each field being written. Only those: an update that leaves a
 * field alone is not refused for the value the field already holds, so a record that
 * a newer package's rule finds wrong stays editable, and is refused only when the rep
 * writes that field (docs/customization-package.md, "Constraints"). Fields the object
 * does not define are left to normalizeFields, which refuses them.
 */
export function checkRecordFields(object: ObjectDefinition, fields: Readonly<Record<string, FieldValue>>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const field = findField(object, name);
    if (!field) continue;
    const problem = checkFieldValue(field, value);
    if (problem) problems.push(problem);
  }
  return problems;
}
