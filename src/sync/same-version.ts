import type { LocalRecord } from '../store/index.js';

/**
 * Whether `current` (read inside a write transaction) is still the version `seen`
 * of the record (read earlier, when the plan or the request was made): nothing —
 * a rep's edit, a delete, another write of the engine — changed it in between.
 */
export function sameVersion(current: LocalRecord, seen: LocalRecord): boolean {
  return sameData(current, seen);
}

/**
 * Whether the server's version of a record may overwrite the local one (Siebel:
 * server updates overwrite all local fields): only where the local record is still
 * the clean copy the plan saw — same change key, nothing pending. Absent is fine
 * (a server insert, or a copy removed meanwhile). Anything else is a local change,
 * which wins here and is classified by the next sync (a conflict if the server
 * changed too).
 */
export function serverMayOverwrite(current: LocalRecord | undefined, planned: LocalRecord | undefined): boolean {
  if (current === undefined) return true;
  if (current.state !== 'clean' || current.pending !== null) return false;
  return planned === undefined || current.lastUpd === planned.lastUpd;
}

/** Deep equality of plain data (what IndexedDB stores): objects by their own keys, in any order. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
