import type { FieldValue } from '../../protocol/index.js';
import type { Resolution } from '../../store/index.js';
import { sameFieldValue } from './same-field-value.js';

type Fields = Readonly<Record<string, FieldValue>>;
export type Side = 'local' | 'server';

/**
 * The side preselected for each differing field of a "both updated" conflict:
 * the rep's earlier answer when there is one; otherwise what the engine's merge
 * would take — the side that changed the field since the last sync (`base`),
 * the rep's when both did or the base is unknown.
 */
export function defaultPicks(
  fields: readonly string[],
  local: Fields | null,
  server: Fields | null,
  base: Fields | null,
  answer: Resolution | null,
): Record<string, Side> {
  const picks: Record<string, Side> = {};
  for (const name of fields) {
    if (answer?.choice === 'local' || answer?.choice === 'server') {
      picks[name] = answer.choice;
      continue;
    }
    const answered = answer?.choice === 'fields' && Object.hasOwn(answer.pick, name) ? answer.pick[name] : undefined;
    if (answered) {
      picks[name] = answered;
      continue;
    }
    const localChanged = base === null || !sameFieldValue(local?.[name], base[name]);
    const serverChanged = base !== null && !sameFieldValue(server?.[name], base[name]);
    picks[name] = !localChanged && serverChanged ? 'server' : 'local';
  }
  return picks;
}
