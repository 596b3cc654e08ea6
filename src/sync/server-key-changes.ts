import type { ChangeKey } from '../protocol/index.js';
import type { KeyDifferences } from './reconcile-ranges.js';

/**
 * Where the gateway's change keys differ from the device's: row id → the gateway's
 * DB_LAST_UPD, or null when the gateway's side does not hold the row (deleted, or
 * outside visibility or filters). Rows not in the map are the same on both sides.
 */
export type ServerKeyChanges = ReadonlyMap<string, string | null>;

/**
 * Puts together what one object type's reconciliation learnt (DESIGN "Sync cost:
 * proportional to the change"): `device` is the device's side as first compared,
 * `recent` the gateway keys listed as changed after the device's newest key (the
 * device compared the rest with those keys already in place), and `differences` what
 * the ranges found against that adjusted side. Pure: the result names exactly the
 * rows whose gateway key differs from `device`, each with the gateway's key.
 */
export function serverKeyChanges(
  device: readonly ChangeKey[],
  recent: readonly ChangeKey[],
  differences: KeyDifferences,
): ServerKeyChanges {
  const mine = new Map(device.map((key) => [key.rowId, key.lastUpd]));
  const theirs = new Map<string, string | null>();
  for (const key of recent) theirs.set(key.rowId, key.lastUpd);
  // The ranges compared the adjusted side, so what they found overrides the recent keys.
  for (const key of differences.localOnly) theirs.set(key.rowId, null);
  for (const key of differences.serverOnly) theirs.set(key.rowId, key.lastUpd);
  for (const key of differences.changed) theirs.set(key.rowId, key.serverLastUpd);
  const changes = new Map<string, string | null>();
  for (const [rowId, lastUpd] of theirs) {
    if ((mine.get(rowId) ?? null) !== lastUpd) changes.set(rowId, lastUpd);
  }
  return changes;
}

/** The device's keys with the recent gateway keys in place of its own; null when they change nothing. */
export function withRecentKeys(device: readonly ChangeKey[], recent: readonly ChangeKey[]): ChangeKey[] | null {
  const merged = new Map(device.map((key) => [key.rowId, key.lastUpd]));
  let changed = false;
  for (const key of recent) {
    if (merged.get(key.rowId) === key.lastUpd) continue;
    merged.set(key.rowId, key.lastUpd);
    changed = true;
  }
  return changed ? [...merged].map(([rowId, lastUpd]) => ({ rowId, lastUpd })) : null;
}
