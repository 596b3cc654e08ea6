import type { FieldValue } from '../../protocol/index.js';
import type { OpportunityRole } from './mail-object-roles.js';

/** The stages that end an opportunity in the demo package (used when no role is given). */
export const CLOSED_STAGES: readonly string[] = ['Closed Won', 'Closed Lost'];

const DEMO_STAGES: Pick<OpportunityRole, 'stage' | 'closedStages'> = { stage: 'Stage', closedStages: CLOSED_STAGES };

/**
 * Whether an opportunity is still being worked on: its stage is not a closed one (a
 * missing stage counts as open, and so does every opportunity of a package without a
 * stage field). The stage field and its closed values come from the package's role.
 */
export function isOpenOpportunity(
  fields: Readonly<Record<string, FieldValue>>,
  role: Pick<OpportunityRole, 'stage' | 'closedStages'> = DEMO_STAGES,
): boolean {
  if (role.stage === null) return true;
  const stage = fields[role.stage];
  return !(typeof stage === 'string' && role.closedStages.includes(stage.trim()));
}
