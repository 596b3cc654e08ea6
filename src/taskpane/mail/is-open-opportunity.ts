import type { FieldValue } from '../../protocol/index.js';

/** The stages that end an opportunity. */
export const CLOSED_STAGES: readonly string[] = ['Closed Won', 'Closed Lost'];

/** Whether an opportunity is still being worked on: its Stage is not a closed one (a missing stage counts as open). */
export function isOpenOpportunity(fields: Readonly<Record<string, FieldValue>>): boolean {
  const stage = fields['Stage'];
  return !(typeof stage === 'string' && CLOSED_STAGES.includes(stage.trim()));
}
