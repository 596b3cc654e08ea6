import type { ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { SyncIssue } from '../../store/index.js';
import { compareVersions, type VersionRow } from './compare-versions.js';
import type { FormatOptions } from './format-field-value.js';

type Fields = Readonly<Record<string, FieldValue>>;

/** Beside a value the server changed since the rep's last sync. */
export const CHANGED_THERE = 'Changed on the server since your last sync';
/** Beside a value the rep changed since the last sync. */
export const CHANGED_HERE = 'Changed by you';

/** One line of an issue's comparison, with what to highlight and why. */
export interface ComparedRow extends VersionRow {
  /** Highlighted: the versions differ here (or, with one version, the rep changed it). */
  readonly highlighted: boolean;
  /** Why the row is highlighted, for screen readers after the field's label ("differs"); null when not. */
  readonly highlightWords: string | null;
  /** Said beside the left value, e.g. CHANGED_HERE; only on highlighted rows. */
  readonly mineNote: string | null;
  /** Said beside the right value, e.g. CHANGED_THERE; only on highlighted rows. */
  readonly theirsNote: string | null;
}

export interface IssueComparison {
  readonly caption: string;
  /** The left column's heading. */
  readonly mineHeading: string;
  /** The right column's heading; null when only one version is shown. */
  readonly theirsHeading: string | null;
  readonly rows: readonly ComparedRow[];
  /** Whether the rep picks a side per differing field (both updated, with the server's version). */
  readonly pickable: boolean;
}

/**
 * What an issue's comparison shows, per kind. `base` is the record's server values
 * as of the last sync (the stored record's `base`): with it each differing field
 * says which side changed it since then. A record the rep deleted has no version
 * of the rep's, so its last synced values stand on the left and the highlighted
 * rows are exactly what the server changed since. A duplicate's server version
 * is the record that already holds the key.
 */
export function issueComparison(
  issue: Pick<SyncIssue, 'kind' | 'local' | 'server'>,
  base: Fields | null,
  object: ObjectDefinition | undefined,
  options: FormatOptions = {},
): IssueComparison {
  const server = issue.kind === 'failed' ? null : issue.server;
  switch (issue.kind) {
    case 'bothUpdated':
      if (server === null) return single(issue.local, base, object, options, 'Mine', 'Your version (the server deleted this record)');
      return {
        caption: "Your version and the server's version",
        mineHeading: 'Mine',
        theirsHeading: 'Theirs (server)',
        rows: compareVersions({ local: issue.local, server, base }, object, options).map((row) => twoSided(row, true)),
        pickable: true,
      };
    case 'updatedVsDeleted':
      return single(issue.local, base, object, options, 'Mine', 'Your version (the server deleted this record)');
    case 'deletedVsUpdated': {
      if (server === null) return single(base, null, object, options, 'At your last sync', 'You deleted this record; so did the server');
      const rows = compareVersions({ local: base, server, base }, object, options).map((row) => twoSided(row, base !== null));
      return {
        caption: 'You deleted this record; what the server changed since your last sync is highlighted',
        mineHeading: 'At your last sync',
        theirsHeading: 'Theirs (server)',
        rows,
        pickable: false,
      };
    }
    case 'duplicate':
      if (server === null) return single(issue.local, null, object, options, 'Mine (new)', 'Your new record');
      return {
        caption: 'Your new record and the record that already exists',
        mineHeading: 'Mine (new)',
        theirsHeading: 'Existing record',
        rows: compareVersions({ local: issue.local, server }, object, options).map((row) => twoSided(row, false)),
        pickable: false,
      };
    case 'failed':
      return single(issue.local, base, object, options, 'Mine', 'Your change');
  }
}

function twoSided(row: VersionRow, notes: boolean): ComparedRow {
  const highlighted = row.differs;
  return {
    ...row,
    highlighted,
    highlightWords: highlighted ? 'differs' : null,
    mineNote: highlighted && notes && row.changedHere ? CHANGED_HERE : null,
    theirsNote: highlighted && notes && row.changedThere ? CHANGED_THERE : null,
  };
}

/** One version: the rows the rep changed since the last sync (when the base is known) are highlighted. */
function single(
  fields: Fields | null,
  base: Fields | null,
  object: ObjectDefinition | undefined,
  options: FormatOptions,
  mineHeading: string,
  caption: string,
): IssueComparison {
  const rows = compareVersions({ local: fields, server: null, base }, object, options).map((row) => ({
    ...row,
    differs: false,
    highlighted: row.changedHere,
    highlightWords: row.changedHere ? CHANGED_HERE.toLocaleLowerCase() : null,
    mineNote: row.changedHere ? CHANGED_HERE : null,
    theirsNote: null,
  }));
  return { caption, mineHeading, theirsHeading: null, rows, pickable: false };
}
