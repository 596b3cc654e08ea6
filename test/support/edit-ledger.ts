import type { FieldValue } from '../../src/protocol/index.js';

/**
 * One local edit a property test made on the device: a record created with a
 * unique marker in one text field, or a text field updated to a unique marker.
 * The marker is what is looked for afterwards, on the server, in the issues log
 * or in the archive.
 */
export interface TrackedEdit {
  readonly marker: string;
  readonly objectType: string;
  /** The device record the edit was made on; it never changes, even when the ROW_ID does. */
  readonly localId: string;
  readonly field: string;
  readonly kind: 'create' | 'update';
  /** Why the edit may legitimately be gone; null while it must still arrive somewhere. */
  superseded: string | null;
}

/**
 * The test's own account of the rep's edits and of what may legitimately undo
 * them. An edit is superseded — and then need not be found anywhere — by exactly:
 * - a later local edit of the same field of the same record;
 * - a local delete of the record;
 * - a server write by someone else that overwrote or deleted the marker after it
 *   had reached the server (the ledger is told the server's value just before
 *   such a write, so an edit not yet uploaded is not superseded by it: it must
 *   come back as a conflict instead);
 * - the rep choosing the server's version ('server') in an issue of the record:
 *   every edit of that record that is not on the server when the choice is
 *   applied (at the start of the next sync that gets that far) is given up.
 *   An edit made after the answer but before that sync withdraws the answer
 *   (the engine reopens the conflict), so it is not given up: the scenario stops
 *   counting that answer as a 'server' choice.
 */
export class EditLedger {
  private readonly edits: TrackedEdit[] = [];

  get all(): readonly TrackedEdit[] {
    return this.edits;
  }

  created(objectType: string, localId: string, field: string, marker: string): void {
    this.edits.push({ marker, objectType, localId, field, kind: 'create', superseded: null });
  }

  updated(objectType: string, localId: string, field: string, marker: string): void {
    for (const e of this.live(objectType, localId)) if (e.field === field) e.superseded = `a later local edit of ${field} (${marker})`;
    this.edits.push({ marker, objectType, localId, field, kind: 'update', superseded: null });
  }

  deletedHere(objectType: string, localId: string): void {
    for (const e of this.live(objectType, localId)) e.superseded = 'the rep deleted the record';
  }

  /** Someone else is about to overwrite `value` (or delete the record holding it) on the server. */
  overwrittenOnServer(value: FieldValue | undefined, why: string): void {
    if (typeof value !== 'string') return;
    for (const e of this.edits) if (e.superseded === null && e.marker === value) e.superseded = why;
  }

  /** A 'server' resolution of an issue of this record was applied. */
  serverVersionChosen(objectType: string, localId: string, onServer: (edit: TrackedEdit) => boolean): void {
    for (const e of this.live(objectType, localId))
      if (!onServer(e)) e.superseded = "the rep chose the server's version in the conflicts panel";
  }

  private live(objectType: string, localId: string): TrackedEdit[] {
    return this.edits.filter((e) => e.superseded === null && e.objectType === objectType && e.localId === localId);
  }
}
