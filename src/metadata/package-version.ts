// semver's compare only, not its index or its range grammar: the pane's bundle carries what it uses (budget 512 KiB).
import compare from 'semver/functions/compare.js';

/**
 * Versions of the client product and of packages look like `3.05.15.00`: four
 * parts compared as numbers (so `3.05` is `3.5`, and `3.10` comes after `3.9`).
 * Ranges are items separated by `;`, each a single version or `from-to`
 * (inclusive), e.g. `3.05.15.00-3.05.30.99;3.06.00.00` (Siebel, "How Siebel
 * CRM Desktop Determines Product and Version Compatibility").
 */
export type VersionParts = readonly [number, number, number, number];

const VERSION = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/;

export function parseVersion(text: string): VersionParts | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/**
 * semver rejects four parts and leading zeros (its satisfies() then silently
 * answers false), so each version is mapped onto three numbers first; the last
 * two parts share one, which keeps the order because each part is below 10,000.
 */
function toSemver(parts: VersionParts): string {
  return `${parts[0]}.${parts[1]}.${parts[2] * 10_000 + parts[3]}`;
}

function requireVersion(text: string): VersionParts {
  const parts = parseVersion(text);
  if (!parts) throw new RangeError(`"${text}" is not a version like 3.05.15.00`);
  return parts;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareVersions(a: string, b: string): number {
  return compare(toSemver(requireVersion(a)), toSemver(requireVersion(b)));
}

export interface VersionRangeItem {
  readonly from: string;
  readonly to: string;
}

export type ParsedRanges = { ok: true; items: readonly VersionRangeItem[] } | { ok: false; reason: string };

export function parseVersionRanges(text: string): ParsedRanges {
  const items: VersionRangeItem[] = [];
  const parts = text.split(';').map((p) => p.trim());
  if (text.trim() === '') return { ok: false, reason: 'the version list is empty' };
  for (const part of parts) {
    if (part === '') return { ok: false, reason: `"${text}" has an empty item between semicolons` };
    const bounds = part.split('-').map((b) => b.trim());
    if (bounds.length > 2) return { ok: false, reason: `"${part}" has more than one dash` };
    const from = bounds[0] as string;
    const to = bounds[1] ?? from;
    for (const bound of [from, to]) {
      if (!parseVersion(bound)) return { ok: false, reason: `"${bound}" is not a version like 3.05.15.00` };
    }
    if (compareVersions(from, to) > 0) return { ok: false, reason: `"${part}" starts after it ends` };
    items.push({ from, to });
  }
  return { ok: true, items };
}

/**
 * Whether `version` lies in any item of the range list, both ends included: Siebel's
 * items are plain intervals, so two comparisons answer it (semver's range grammar,
 * once used here, is a third of the semver code the pane would carry). Throws
 * RangeError on malformed input.
 */
export function versionInRanges(version: string, rangesText: string): boolean {
  const ranges = parseVersionRanges(rangesText);
  if (!ranges.ok) throw new RangeError(ranges.reason);
  requireVersion(version);
  return ranges.items.some(({ from, to }) => compareVersions(version, from) >= 0 && compareVersions(version, to) <= 0);
}
