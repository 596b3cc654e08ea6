import type { KeySummary } from './stored-change-key.js';

/**
 * The meta row behind key summaries: per object type, a generation moved on by every
 * write that can change a change key, and the summaries the engine saved with the
 * generation they describe.
 */
export interface KeyState {
  readonly generations: Readonly<Record<string, number>>;
  readonly summaries: Readonly<Record<string, { readonly generation: number; readonly summary: KeySummary }>>;
}

export const NO_KEY_STATE: KeyState = { generations: {}, summaries: {} };

/** The record's change key as the `[rowId+lastUpd]` index holds it, or null when it is not in that index. */
export function changeKeyText(record: { readonly rowId: string | null; readonly lastUpd: string | null } | undefined): string | null {
  return record?.rowId && record.lastUpd ? `${record.rowId} ${record.lastUpd}` : null;
}

/** `state` with the generations of `types` moved on and their summaries dropped. */
export function withTypesChanged(state: KeyState, types: Iterable<string>): KeyState {
  const generations = { ...state.generations };
  const summaries = { ...state.summaries };
  for (const type of types) {
    generations[type] = (generations[type] ?? 0) + 1;
    delete summaries[type];
  }
  return { generations, summaries };
}
