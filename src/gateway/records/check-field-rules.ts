import type { FieldValue } from '../../protocol/index.js';
import { assertNoFieldProblems, checkRecordFields, type ObjectDefinition } from '../../metadata/index.js';
import type { FieldRules } from '../packages/published-field-rules.js';

/**
 * Refuses, with INVALID_REQUEST naming field and rule (details { field, rule }),
 * written values that break the caller's package's field rules. Only the fields
 * being written: an update that leaves a field alone is not refused for the value it
 * already holds (a record from before a rule existed stays editable).
 */
export function checkFieldRules(rules: FieldRules, object: ObjectDefinition, written: Readonly<Record<string, FieldValue>>): void {
  const defined = rules.get(object.name);
  if (defined) assertNoFieldProblems(defined, checkRecordFields(defined, written));
}
